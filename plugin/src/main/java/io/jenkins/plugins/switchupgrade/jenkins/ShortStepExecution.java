package io.jenkins.plugins.switchupgrade.jenkins;

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

    // used once, when the step starts; a short step does not resume after a restart
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
