package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.FormValidation;
import io.jenkins.plugins.switchupgrade.await.AwaitState;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.lifecycle.SwitchRow;
import io.jenkins.plugins.switchupgrade.steps.AwaitExporter;
import io.jenkins.plugins.switchupgrade.steps.StepResults;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code awaitExporter}: waits until the switch went down and came back (its exporter port closed and opened again,
 * or its boot time changed) and Prometheus scraped it after; a switch that never went down fails. On failure its
 * silence is expired at once. The engine's {@link AwaitExporter} does it on the agent, in slices of
 * {@link Execution#SLICE_SECONDS}; between slices only the state it reached (phase, deadlines, address) is persisted,
 * so that the wait survives a controller restart. Returns the wait's state ({@code phase: BACK}, {@code done},
 * {@code address}, {@code downAt}, {@code upAt}, {@code freshSampleAt}, ...).
 */
public final class AwaitExporterStep extends Step {

    static final int DEFAULT_PORT = ExporterAwait.DEFAULT_PORT;
    static final long DEFAULT_DOWN_SECONDS = ExporterAwait.DEFAULT_DOWN_SECONDS;
    static final long DEFAULT_UP_SECONDS = ExporterAwait.DEFAULT_UP_SECONDS;
    static final long DEFAULT_FRESH_SECONDS = ExporterAwait.DEFAULT_FRESH_SECONDS;

    private final String target;
    private Map<String, Object> state;
    private String silenceId;
    private int port = DEFAULT_PORT;
    private long downSeconds = DEFAULT_DOWN_SECONDS;
    private long upSeconds = DEFAULT_UP_SECONDS;
    private long freshSeconds = DEFAULT_FRESH_SECONDS;

    @DataBoundConstructor
    public AwaitExporterStep(String target) {
        this.target = Util.fixEmptyAndTrim(target);
    }

    public String getTarget() {
        return target;
    }

    public @CheckForNull Map<String, Object> getState() {
        return state;
    }

    /** reprovisionSwitch's {@code await}, so that the wait starts from before the command. */
    @DataBoundSetter
    public void setState(@CheckForNull Map<String, Object> state) {
        this.state = state == null ? null : PlainValues.copy(state);
    }

    public @CheckForNull String getSilenceId() {
        return silenceId;
    }

    /** reprovisionSwitch's {@code silenceId}, expired at once when the switch does not come back. */
    @DataBoundSetter
    public void setSilenceId(@CheckForNull String silenceId) {
        this.silenceId = Util.fixEmptyAndTrim(silenceId);
    }

    public int getPort() {
        return port;
    }

    @DataBoundSetter
    public void setPort(int port) {
        this.port = port;
    }

    public long getDownSeconds() {
        return downSeconds;
    }

    @DataBoundSetter
    public void setDownSeconds(long downSeconds) {
        this.downSeconds = downSeconds;
    }

    public long getUpSeconds() {
        return upSeconds;
    }

    @DataBoundSetter
    public void setUpSeconds(long upSeconds) {
        this.upSeconds = upSeconds;
    }

    public long getFreshSeconds() {
        return freshSeconds;
    }

    @DataBoundSetter
    public void setFreshSeconds(long freshSeconds) {
        this.freshSeconds = freshSeconds;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        if (target == null) {
            throw new AbortException("awaitExporter needs target: the switch to wait for, e.g. target: pick.candidate");
        }
        if (port < 1 || port > 65_535) {
            throw new AbortException("awaitExporter: port must be from 1 to 65535, was " + port);
        }
        if (downSeconds < 1 || upSeconds < 1 || freshSeconds < 1) {
            throw new AbortException("awaitExporter: downSeconds, upSeconds and freshSeconds must be 1 or more");
        }
        return new Execution(context, this);
    }

    static final class Execution extends ResumableStepExecution {
        private static final long serialVersionUID = 1L;

        /** How long one slice of the wait runs on the agent before its state is persisted. */
        static final long SLICE_SECONDS = 10;

        // the step's arguments and how far the wait has come (phase, deadlines, address); nothing secret
        private final String target;
        private final String silenceId;
        private final int port;
        private final long downSeconds;
        private final long upSeconds;
        private final long freshSeconds;
        private volatile Map<String, Object> state;
        private volatile boolean resumed;

        Execution(StepContext context, AwaitExporterStep step) {
            super(context);
            this.target = step.target;
            this.silenceId = step.silenceId;
            this.port = step.port;
            this.downSeconds = step.downSeconds;
            this.upSeconds = step.upSeconds;
            this.freshSeconds = step.freshSeconds;
            this.state = step.state == null ? null : PlainValues.copy(step.state);
        }

        @Override
        protected void begin() {
            listener().getLogger().println("awaitExporter " + target + ": waiting for it to go down and come back"
                    + " (port " + port + "; limits " + downSeconds + " s down, " + upSeconds + " s up, "
                    + freshSeconds + " s for a fresh Prometheus sample)");
        }

        @Override
        public void onResume() {
            resumed = true;
            listener().getLogger().println("awaitExporter " + target + ": Jenkins restarted; going on with the wait"
                    + " from " + describe());
            super.onResume();
        }

        @Override
        protected Object work() throws Exception {
            // resolved once per wait (and again after a restart): credentials are looked up and tracked once, and
            // the slices share one scratch directory, so the audit trail is copied to the agent only when it changed
            EngineSettings settings = AgentFacadeRunner.settingsFor(getContext());
            String scratchName = "switch-upgrade-await-" + UUID.randomUUID();
            try {
                return waitInSlices(settings, scratchName);
            } finally {
                AgentFacadeRunner.discard(getContext(), scratchName);
            }
        }

        private Object waitInSlices(EngineSettings settings, String scratchName) throws Exception {
            Instant agentLostSince = null;
            List<SwitchRow> rows = List.of();
            // the saved state is the engine codec's plain map (it survives a restart); decisions read it typed
            while (state == null || !AwaitState.fromMap(state).isBack()) {
                Map<String, Object> reached;
                try {
                    if (getContext().get(FilePath.class) == null) {
                        throw new IOException("the workspace of the enclosing node {} is not available");
                    }
                    FacadeResult slice = AgentFacadeRunner.runSlice(getContext(), new Wait(target, state, silenceId,
                            port, downSeconds, upSeconds, freshSeconds, null), scratchName, settings);
                    reached = slice.value();
                    rows = slice.rows();
                    agentLostSince = null;
                } catch (FacadeFailure e) {
                    // the engine expired the silence and recorded it; a stop or a shutdown is not the switch's failure
                    if (!isStopping() && !shuttingDown()) {
                        UpgradeReportAction.of(getContext().get(Run.class)).failed(target, e.getMessage());
                    }
                    throw e;
                } catch (AbortException e) {
                    throw e;
                } catch (IOException e) {
                    // the agent went away (e.g. reconnecting after a controller restart): try again for a while
                    agentLostSince = agentLostSince == null ? Instant.now() : agentLostSince;
                    Duration lost = Duration.between(agentLostSince, Instant.now());
                    if (lost.compareTo(Duration.ofMinutes(10)) > 0) {
                        throw new AbortException("awaitExporter " + target + ": the agent has not been reachable for "
                                + lost.toMinutes() + " min (" + e.getMessage() + "). The wait stopped in "
                                + describe() + "; the switch's silence was left as it is.");
                    }
                    listener().getLogger().println("awaitExporter " + target + ": the agent is not reachable ("
                            + e.getMessage() + "); trying again in 10 s");
                    TimeUnit.SECONDS.sleep(10);
                    continue;
                }
                Map<String, Object> before = state;
                AwaitState.Phase phaseBefore = before == null ? null : AwaitState.fromMap(before).phase();
                AwaitState now = AwaitState.fromMap(reached);
                state = reached;
                if (!reached.equals(before)) {
                    // the program is saved only when the wait moved on (a new phase, a deadline, evidence)
                    getContext().saveState();
                }
                if (!now.isBack() && phaseBefore != now.phase()) {
                    listener().getLogger().println("awaitExporter " + target + ": " + describe()
                            + " saved; a restart of Jenkins goes on from here");
                }
            }
            // resumed after a restart with the wait already done, the engine's row is made from the saved state
            UpgradeReportAction.of(getContext().get(Run.class)).show(rows.isEmpty()
                    ? List.of(SwitchRow.back(target, AwaitState.fromMap(state))) : rows);
            return state;
        }

        @Override
        protected void cleanUpAfterStop(@NonNull Throwable cause) throws Exception {
            String why = "the wait was stopped (" + cause + ")";
            UpgradeReportAction.of(getContext().get(Run.class)).failed(target, why);
            AgentFacadeRunner.run(getContext(), new Wait(target, state, silenceId, port, downSeconds, upSeconds,
                    freshSeconds, why));
        }

        @Override
        public String getStatus() {
            return "waiting for " + target + (resumed ? " (resumed after a restart)" : "") + ": " + describe();
        }

        private String describe() {
            if (state == null) {
                return "the start";
            }
            AwaitState now = AwaitState.fromMap(state);
            return "phase " + now.phase() + (now.deadline() == null ? "" : ", deadline " + now.deadline());
        }
    }

    /**
     * On the agent: one slice of the engine's wait from {@code state}, or, with {@code abandoned}, the end of a
     * stopped wait (the silence expired and recorded).
     */
    private record Wait(String target, Map<String, Object> state, String silenceId, int port, long downSeconds,
            long upSeconds, long freshSeconds, String abandoned) implements FacadeCall {
        private static final long serialVersionUID = 1L;

        @Override
        public String stepName() {
            return "awaitExporter";
        }

        @Override
        public String settles() {
            return target;
        }

        @Override
        public boolean audited() {
            return true;
        }

        @Override
        public FacadeResult call(io.jenkins.plugins.switchupgrade.core.StepContext engine, Switch located) {
            AwaitExporter.Request request = new AwaitExporter.Request().target(target).state(state)
                    .silenceId(silenceId).port(port).downSeconds(downSeconds).upSeconds(upSeconds)
                    .freshSeconds(freshSeconds).sliceSeconds(Execution.SLICE_SECONDS);
            if (abandoned != null) {
                new AwaitExporter(engine).abandon(request, abandoned);
                return FacadeResult.of(Map.of());
            }
            AwaitState reached = new AwaitExporter(engine).run(request);
            return reached.phase() == AwaitState.Phase.BACK
                    ? FacadeResult.of(StepResults.toMap(reached), SwitchRow.back(target, reached))
                    : FacadeResult.of(StepResults.toMap(reached));
        }
    }

    @Extension
    public static final class DescriptorImpl extends AgentStepDescriptor {

        public DescriptorImpl() {
            super("target");
        }

        @Override
        public String getFunctionName() {
            return "awaitExporter";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Wait until a rebooted switch is back and scraped by Prometheus";
        }

        @POST
        public FormValidation doCheckPort(@AncestorInPath Item item, @QueryParameter int value) {
            FormAccess.checkConfigure(item);
            return value >= 1 && value <= 65_535 ? FormValidation.ok()
                    : FormValidation.error("A TCP port from 1 to 65535; the node exporter listens on 9100.");
        }
    }
}
