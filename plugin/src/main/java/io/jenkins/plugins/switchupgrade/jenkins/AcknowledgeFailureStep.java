package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Cause;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.switchupgrade.campaign.Acknowledgement;
import io.jenkins.plugins.switchupgrade.ledger.LedgerEntry;
import io.jenkins.plugins.switchupgrade.ports.Console;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code acknowledgeFailure}: a person has looked at a failed (or in-flight) switch, and its data center may go on.
 * Runs on the controller, where the ledger is; the build needs Job/Build on its job. Returns the acknowledgement.
 */
public final class AcknowledgeFailureStep extends Step {

    private final String datacenter;
    private final String switchName;
    private final String reason;

    @DataBoundConstructor
    public AcknowledgeFailureStep(String datacenter, String switchName, String reason) {
        this.datacenter = Util.fixEmptyAndTrim(datacenter);
        this.switchName = Util.fixEmptyAndTrim(switchName);
        this.reason = Util.fixEmptyAndTrim(reason);
    }

    public String getDatacenter() {
        return datacenter;
    }

    public String getSwitchName() {
        return switchName;
    }

    public String getReason() {
        return reason;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, datacenter, switchName, reason);
    }

    /** Who acknowledges: the user who started the build, else the build's authentication. */
    static @NonNull String actor(@NonNull Run<?, ?> run) {
        Cause.UserIdCause cause = run.getCause(Cause.UserIdCause.class);
        String user = cause != null && cause.getUserId() != null ? cause.getUserId()
                : Jenkins.getAuthentication2().getName();
        return user + " (" + run.getFullDisplayName() + ")";
    }

    /** Acknowledges in the controller's ledger; the engine's message says what was wrong. */
    static @NonNull Map<String, Object> acknowledge(@CheckForNull String datacenter, @CheckForNull String switchName,
            @CheckForNull String reason, @NonNull String actor, @NonNull Console console) throws AbortException {
        if (datacenter == null || switchName == null) {
            throw new AbortException("acknowledgeFailure needs datacenter and switchName, e.g. acknowledgeFailure("
                    + "datacenter: 'dc1', switchName: 'leaf-r32-p1-pod1', reason: 'optic replaced')");
        }
        LedgerEntry entry;
        try {
            entry = new Acknowledgement(ControllerLedgers.of(datacenter), console).acknowledge(switchName, actor,
                    reason);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new AbortException("acknowledgeFailure: " + e.getMessage());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("switch", entry.switchName());
        result.put("datacenter", entry.datacenter());
        result.put("actor", entry.actor());
        result.put("reason", entry.reason());
        result.put("time", entry.time().toString());
        return result;
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final String datacenter;
        private final String switchName;
        private final String reason;

        Execution(StepContext context, String datacenter, String switchName, String reason) {
            super(context);
            this.datacenter = datacenter;
            this.switchName = switchName;
            this.reason = reason;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            run.getParent().checkPermission(Item.BUILD);
            TaskListener listener = getContext().get(TaskListener.class);
            return acknowledge(datacenter, switchName, reason, actor(run), line -> listener.getLogger().println(line));
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "acknowledgeFailure";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Acknowledge a failed switch so that its data center may go on";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object name = namedArgs.get("switchName");
            return name == null ? null : name.toString();
        }
    }
}
