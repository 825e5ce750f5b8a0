package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.model.Run;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * A short step: runs its facade call once on the agent of its {@code node {}}, hands the rows the engine made to the
 * build's {@link UpgradeReportAction} and returns the plain result. It does not resume after a controller restart.
 */
final class ShortStepExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

    private static final long serialVersionUID = 1L;

    // used once, when the step starts: after a restart SynchronousNonBlockingStepExecution.onResume fails the step
    // without calling run(), so the call is never needed again (and is not written to the build's program)
    @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "Only used when starting.")
    private final transient FacadeCall call;

    ShortStepExecution(StepContext context, FacadeCall call) {
        super(context);
        this.call = call;
    }

    @Override
    protected Map<String, Object> run() throws Exception {
        FacadeResult result = AgentFacadeRunner.run(getContext(), call);
        if (!result.rows().isEmpty()) {
            UpgradeReportAction.of(getContext().get(Run.class)).show(result.rows());
        }
        return result.value();
    }
}
