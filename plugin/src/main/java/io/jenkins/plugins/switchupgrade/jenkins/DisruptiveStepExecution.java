package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import java.io.IOException;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A step that takes a switch down: it claims the switch on the build before anything goes out, tells the build's
 * report whether a failed call may have reached the switch, and keeps its result once done, so that a controller
 * restart afterwards returns that result instead of sending anything again.
 *
 * @param <C> the step's call, which names the switch ({@link FacadeCall#target()}) and the step
 */
abstract class DisruptiveStepExecution<C extends FacadeCall> extends ResumableStepExecution {

    private static final long serialVersionUID = 1L;

    /** What the execution has done so far; persisted with it. */
    enum Phase { DISRUPTING, DONE }

    // the step's arguments (IDs, never secrets), how far it came and, once done, its result
    protected final C call;
    private final String target;
    private volatile Phase phase;
    private volatile Map<String, Object> result;

    DisruptiveStepExecution(StepContext context, C call) {
        super(context);
        this.call = call;
        String named = call.target();
        if (named == null) {
            // the steps refuse a missing target before they get here; a new step that forgets must not send blind
            throw new IllegalArgumentException(call.stepName() + " needs target: the switch to disrupt");
        }
        this.target = named;
    }

    /** Sends the commands (or, after a restart, follows up on them without sending) and returns the step's result. */
    protected abstract @NonNull FacadeResult disrupt(@NonNull Run<?, ?> run) throws Exception;

    /** Shows the rows the engine made of the result on the build page. */
    protected void done(@NonNull UpgradeReportAction report, @NonNull FacadeResult result) throws IOException {
        report.show(result.rows());
    }

    @Override
    protected void begin() throws Exception {
        // recorded on the build (saved at once) before anything goes out, so that a Pipeline replayed after a
        // crash, or a loop in the Jenkinsfile, cannot send the same switch twice
        UpgradeReportAction.of(getContext().get(Run.class)).claimDisruption(target, call.stepName());
        phase = Phase.DISRUPTING;
    }

    @Override
    protected final Object work() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        UpgradeReportAction report = UpgradeReportAction.of(run);
        FacadeResult done;
        try {
            done = disrupt(run);
        } catch (FacadeFailure e) {
            // after a stop, cleanUpAfterStop tells the build page what happened
            if (!isStopping()) {
                report.disruptionFailed(target, e.getMessage(), e.commandsMayHaveBeenSent());
            }
            throw e;
        } catch (Exception e) {
            // a lost agent: the switch may have got its commands; a shutdown is not an end, the step resumes
            if (!shuttingDown() && !isStopping()) {
                report.disruptionFailed(target, call.stepName() + " did not end: " + e, true);
            }
            throw e;
        }
        result = done.value();
        phase = Phase.DONE;
        getContext().saveState();
        done(report, done);
        return done.value();
    }

    /**
     * After an abort: the build page shows the switch as failed (not "sending" forever), and the silence the call
     * created is expired, recorded in the audit trail, so that the switch's alerts reach people.
     */
    @Override
    protected void cleanUpAfterStop(@NonNull Throwable cause) throws Exception {
        if (phase == Phase.DONE) {
            return;
        }
        String why = call.stepName() + " of " + target + " was stopped (" + cause + ")";
        UpgradeReportAction.of(getContext().get(Run.class)).disruptionFailed(target, why, true);
        listener().getLogger().println(why + "; expiring its silence, if it has one");
        AgentFacadeRunner.run(getContext(), new OpenSilence(target, call.stepName(), why));
    }

    /** Returns the result of a step that was done before the restart; else {@link #resumeUnfinished()}. */
    @Override
    public final void onResume() {
        Map<String, Object> done = result;
        if (phase == Phase.DONE && done != null) {
            getContext().onSuccess(done);
            return;
        }
        resumeUnfinished();
    }

    /** After a restart before the step was done: goes on with the work, unless the subclass decides otherwise. */
    protected void resumeUnfinished() {
        super.onResume();
    }

    /** {@code null} before the step began. */
    protected final Phase phase() {
        return phase;
    }
}
