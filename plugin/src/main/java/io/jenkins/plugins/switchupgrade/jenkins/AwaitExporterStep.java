package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.await.AwaitState;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code awaitExporter}: waits until the switch went down and came back (its exporter port closed and opened again,
 * or its boot time changed) and Prometheus scraped it after; a switch that never went down fails. On failure its
 * silence is expired at once. The wait survives a controller restart: only its phase and deadlines are persisted.
 * Returns the wait's state ({@code phase: BACK}, {@code downAt}, {@code upAt}, {@code freshSampleAt}, ...).
 */
public final class AwaitExporterStep extends Step {

    static final int DEFAULT_PORT = 9100;
    static final long DEFAULT_DOWN_SECONDS = 300;
    static final long DEFAULT_UP_SECONDS = 1800;
    static final long DEFAULT_FRESH_SECONDS = 120;

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

        // the step's arguments and how far the wait has come; nothing secret
        private final String target;
        private final String silenceId;
        private final int port;
        private final long downSeconds;
        private final long upSeconds;
        private final long freshSeconds;
        private volatile String address;
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
            Object given = step.state == null ? null : step.state.get("address");
            this.address = given == null ? null : given.toString();
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
            Instant agentLostSince = null;
            while (true) {
                Map<String, Object> now = state;
                if (now != null && AwaitState.Phase.BACK.name().equals(now.get("phase"))) {
                    return finish(now, null);
                }
                ExporterWait.Slice slice;
                try {
                    StepContext context = getContext();
                    Run<?, ?> run = context.get(Run.class);
                    FilePath workspace = context.get(FilePath.class);
                    if (workspace == null) {
                        throw new IOException("the workspace of the enclosing node {} is not available");
                    }
                    slice = workspace.act(new ExporterWait(EngineSettings.forRun(run), context.get(TaskListener.class),
                            target, address, now, port, downSeconds, upSeconds, freshSeconds));
                    agentLostSince = null;
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
                Object phaseBefore = now == null ? null : now.get("phase");
                address = slice.address() == null ? address : slice.address();
                state = slice.state() == null ? state : slice.state();
                getContext().saveState();
                Object phaseAfter = state == null ? null : state.get("phase");
                if (slice.error() == null && phaseAfter != null && !phaseAfter.equals(phaseBefore)
                        && !AwaitState.Phase.BACK.name().equals(phaseAfter)) {
                    listener().getLogger().println("awaitExporter " + target + ": " + describe()
                            + " saved; a restart of Jenkins goes on from here");
                }
                if (slice.error() != null) {
                    try {
                        finish(state, slice.error());
                    } catch (AbortException e) {
                        throw new AbortException("awaitExporter: " + slice.error() + "; besides, " + e.getMessage());
                    }
                    throw new AbortException("awaitExporter: " + slice.error());
                }
            }
        }

        /** Records the switch's return (or its failure, expiring the silence) in the audit trail and on the build. */
        private Map<String, Object> finish(@CheckForNull Map<String, Object> last, @CheckForNull String error)
                throws IOException, InterruptedException {
            Map<String, Object> result = AgentFacadeRunner.run(getContext(),
                    new Finish(target, last, silenceId, error, port));
            Run<?, ?> run = getContext().get(Run.class);
            if (error == null) {
                UpgradeReportAction.of(run).back(target, result);
            } else {
                UpgradeReportAction.of(run).failed(target, error);
            }
            return result;
        }

        @Override
        protected void cleanUpAfterStop(@NonNull Throwable cause) throws Exception {
            if (silenceId != null) {
                finish(state, "the wait was stopped (" + cause + ")");
            }
        }

        @Override
        public String getStatus() {
            return "waiting for " + target + (resumed ? " (resumed after a restart)" : "") + ": " + describe();
        }

        private String describe() {
            Map<String, Object> now = state;
            if (now == null) {
                return "the start";
            }
            Object phase = now.get("phase");
            Object deadline = AwaitState.Phase.WAIT_DOWN.name().equals(phase) ? now.get("downDeadline")
                    : AwaitState.Phase.WAIT_UP.name().equals(phase) ? now.get("upDeadline")
                    : AwaitState.Phase.WAIT_FRESH.name().equals(phase) ? now.get("freshDeadline") : null;
            return "phase " + phase + (deadline == null ? "" : ", deadline " + deadline);
        }
    }

    /** The end of a wait on the agent: audit events, and on failure the silence expired. */
    private record Finish(String switchName, Map<String, Object> state, String silenceId, String error, int port)
            implements FacadeCall {
        private static final long serialVersionUID = 1L;

        @Override
        public String stepName() {
            return "awaitExporter";
        }

        @Override
        public boolean audited() {
            return true;
        }

        @Override
        public Map<String, Object> call(io.jenkins.plugins.switchupgrade.steps.StepContext engine, Switch located) {
            AuditTrail audit = engine.audit().orElseThrow();
            AwaitState last = state == null ? null : AwaitState.fromMap(state);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("switch", switchName);
            if (state != null) {
                result.putAll(state);
            }
            if (last != null && last.downAt() != null) {
                audit.record(AuditKind.SWITCH_DOWN, switchName, last.downEvidence(),
                        Map.of("at", String.valueOf(last.downAt())));
            }
            if (error == null) {
                audit.record(AuditKind.SWITCH_UP, switchName, "port " + port + " open and scraped by Prometheus",
                        Map.of("at", String.valueOf(last == null ? null : last.upAt()),
                                "freshSampleAt", String.valueOf(last == null ? null : last.freshSampleAt())));
                return result;
            }
            if (silenceId != null && engine.silencer().isPresent()) {
                engine.silencer().get().expire(silenceId);
                audit.record(AuditKind.SILENCE_EXPIRED, switchName, error, Map.of("silenceId", silenceId));
            }
            result.put("error", error);
            return result;
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "awaitExporter";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Wait until a rebooted switch is back and scraped by Prometheus";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, Launcher.class);
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object target = namedArgs.get("target");
            return target == null ? null : target.toString();
        }

        public FormValidation doCheckPort(@QueryParameter int value) {
            return value >= 1 && value <= 65_535 ? FormValidation.ok()
                    : FormValidation.error("A TCP port from 1 to 65535; the node exporter listens on 9100.");
        }
    }
}
