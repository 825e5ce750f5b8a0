package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.steps.PreflightSwitch;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code preflightSwitch}: reads one switch over SSH and says whether it is ready to be upgraded (AOS virtual chassis
 * and Cisco stacks: every member up, stack MAC kept; Cumulus: system and BGP peers). Read-only: no lock, no silence.
 * Returns {@code switch, platform, verdict, passed, findings, warnings}.
 */
public final class PreflightSwitchStep extends Step {

    private final String target;
    private String credentialsId;

    @DataBoundConstructor
    public PreflightSwitchStep(String target) {
        this.target = target;
    }

    public String getTarget() {
        return target;
    }

    public @CheckForNull String getCredentialsId() {
        return credentialsId;
    }

    /** "SSH Username with private key" credentials; left out, the global default SSH credentials. */
    @DataBoundSetter
    public void setCredentialsId(@CheckForNull String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        // a read-only step gets the SSH login without the lock a disruptive one needs
        SshLogin login = SshLogin.forRun(context.get(Run.class), credentialsId, "preflightSwitch");
        return new ShortStepExecution(context, new Call(target, login));
    }

    private record Call(String target, SshLogin login) implements FacadeCall {
        private static final long serialVersionUID = 1L;

        @Override
        public String stepName() {
            return "preflightSwitch";
        }

        @Override
        public FacadeResult call(io.jenkins.plugins.switchupgrade.core.StepContext engine, Switch located) {
            // read-only: nothing for the build page's switch rows
            return FacadeResult.of(new PreflightSwitch(engine, login.targets()).run(target).toMap());
        }
    }

    @Extension
    public static final class DescriptorImpl extends AgentStepDescriptor {

        public DescriptorImpl() {
            super("target");
        }

        @Override
        public String getFunctionName() {
            return "preflightSwitch";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Read a switch and say whether it is ready to be upgraded";
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return SshCredentialsItems.fill(item, credentialsId);
        }
    }
}
