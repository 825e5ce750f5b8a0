package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import java.io.IOException;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * A short step: runs its facade call once on the agent of its {@code node {}} and, where the build page shows the
 * result, hands it to the build's {@link UpgradeReportAction}. It does not resume after a controller restart.
 */
final class ShortStepExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

    private static final long serialVersionUID = 1L;

    /** How the build's report takes in a step's result. */
    @FunctionalInterface
    interface Report {
        void record(@NonNull UpgradeReportAction report, @NonNull Map<String, Object> result) throws IOException;
    }

    // used once, when the step starts; a short step does not resume after a restart
    private final transient FacadeCall call;
    private final transient Report report;

    /** For a step whose result the build page does not show. */
    ShortStepExecution(StepContext context, FacadeCall call) {
        this(context, call, null);
    }

    ShortStepExecution(StepContext context, FacadeCall call, @CheckForNull Report report) {
        super(context);
        this.call = call;
        this.report = report;
    }

    @Override
    protected Map<String, Object> run() throws Exception {
        Map<String, Object> result = AgentFacadeRunner.run(getContext(), call);
        if (report != null) {
            report.record(UpgradeReportAction.of(getContext().get(Run.class)), result);
        }
        return result;
    }
}
