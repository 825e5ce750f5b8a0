package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.lifecycle.SwitchRow;
import io.jenkins.plugins.switchupgrade.steps.StepResults;
import io.jenkins.plugins.switchupgrade.steps.ValidateSibling;
import io.jenkins.plugins.switchupgrade.validation.Verdict;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code validateSibling}: pre snapshots of the candidate and its rack siblings, judged by the rule that
 * the candidate may go down only if no sibling is worse off; archives {@code switch-upgrade/<candidate>/pre.json}.
 * Returns {@code passed, candidate, siblings, reasons, checks, pre}.
 */
public final class ValidateSiblingStep extends Step {

    private final String candidate;
    private List<String> siblings;

    @DataBoundConstructor
    public ValidateSiblingStep(String candidate) {
        this.candidate = candidate;
    }

    public String getCandidate() {
        return candidate;
    }

    public @CheckForNull List<String> getSiblings() {
        return siblings;
    }

    /** The switches to compare with; left out, they are looked up in Prometheus. */
    @DataBoundSetter
    public void setSiblings(@CheckForNull List<String> siblings) {
        this.siblings = siblings == null ? null : List.copyOf(siblings);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new ShortStepExecution(context, new Call(candidate, siblings));
    }

    private record Call(String candidate, List<String> siblings) implements FacadeCall {
        private static final long serialVersionUID = 1L;

        @Override
        public String stepName() {
            return "validateSibling";
        }

        @Override
        public FacadeResult call(io.jenkins.plugins.switchupgrade.core.StepContext engine, Switch located) {
            Verdict verdict = new ValidateSibling(engine).run(new ValidateSibling.Request().candidate(candidate)
                    .siblings(siblings));
            return FacadeResult.of(StepResults.toMap(verdict), SwitchRow.validated(verdict));
        }
    }

    @Extension
    public static final class DescriptorImpl extends AgentStepDescriptor {

        public DescriptorImpl() {
            super("candidate");
        }

        @Override
        public String getFunctionName() {
            return "validateSibling";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Validate a switch against its rack sibling";
        }
    }
}
