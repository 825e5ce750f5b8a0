package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;
import io.jenkins.plugins.switchupgrade.lifecycle.SwitchRow;
import io.jenkins.plugins.switchupgrade.lifecycle.Ticket;
import io.jenkins.plugins.switchupgrade.steps.IssuUpgrade;
import io.jenkins.plugins.switchupgrade.steps.StepResults;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jenkins.util.VirtualFile;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code issuUpgrade}: upgrades an Alcatel-Lucent OmniSwitch virtual chassis in service (story B). The engine checks
 * the pre snapshot, the lock, the chassis (every member Running, image directory, stack MAC retention), silences,
 * records, runs {@code issu from <imageDirectory>} and follows it until every chassis runs {@code expectedRelease},
 * then diffs post against pre and expires the silence. Returns {@code switch, passed, releaseBefore, releaseAfter,
 * masterBefore, masterAfter, slaveOrder, phases, preCheck, macRetention, commands, silenceId, diff, reasons, seconds}.
 *
 * <p>A safe restart of Jenkins waits for a running ISSU. After a crash in the middle of one, the resumed step sends
 * nothing again: it archives what the agent had recorded, then follows the chassis through Prometheus until it runs
 * {@code expectedRelease} (or the phase limits are over), diffs it and expires its silence.
 */
public final class IssuUpgradeStep extends Step {

    private final String target;
    private final String imageDirectory;
    private final String expectedRelease;
    private boolean requireMacRetention = true;
    private boolean fixMacRetention;
    // the engine's defaults, the one place they are written
    private long imageValidationSeconds = IssuUpgrade.DEFAULT_LIMITS.imageValidation().toSeconds();
    private long imageCopySeconds = IssuUpgrade.DEFAULT_LIMITS.imageCopy().toSeconds();
    private long slaveRebootSeconds = IssuUpgrade.DEFAULT_LIMITS.perSlave().toSeconds();
    private long masterRebootSeconds = IssuUpgrade.DEFAULT_LIMITS.masterReboot().toSeconds();
    private int silenceMinutes = ReprovisionSwitchStep.DEFAULT_SILENCE_MINUTES;
    private long settleSeconds = IssuUpgrade.DEFAULT_SETTLE_SECONDS;
    private boolean diff = true;
    private String reason;
    private String credentialsId;

    @DataBoundConstructor
    public IssuUpgradeStep(String target, String imageDirectory, String expectedRelease) {
        this.target = Util.fixEmptyAndTrim(target);
        this.imageDirectory = Util.fixEmptyAndTrim(imageDirectory);
        this.expectedRelease = Util.fixEmptyAndTrim(expectedRelease);
    }

    public String getTarget() {
        return target;
    }

    public String getImageDirectory() {
        return imageDirectory;
    }

    public String getExpectedRelease() {
        return expectedRelease;
    }

    public boolean isRequireMacRetention() {
        return requireMacRetention;
    }

    /** Refuse when stack MAC retention is off (default true). */
    @DataBoundSetter
    public void setRequireMacRetention(boolean requireMacRetention) {
        this.requireMacRetention = requireMacRetention;
    }

    public boolean isFixMacRetention() {
        return fixMacRetention;
    }

    /** Enable stack MAC retention when it is off, recorded in the audit trail first (default false). */
    @DataBoundSetter
    public void setFixMacRetention(boolean fixMacRetention) {
        this.fixMacRetention = fixMacRetention;
    }

    public long getImageValidationSeconds() {
        return imageValidationSeconds;
    }

    @DataBoundSetter
    public void setImageValidationSeconds(long imageValidationSeconds) {
        this.imageValidationSeconds = imageValidationSeconds;
    }

    public long getImageCopySeconds() {
        return imageCopySeconds;
    }

    @DataBoundSetter
    public void setImageCopySeconds(long imageCopySeconds) {
        this.imageCopySeconds = imageCopySeconds;
    }

    public long getSlaveRebootSeconds() {
        return slaveRebootSeconds;
    }

    @DataBoundSetter
    public void setSlaveRebootSeconds(long slaveRebootSeconds) {
        this.slaveRebootSeconds = slaveRebootSeconds;
    }

    public long getMasterRebootSeconds() {
        return masterRebootSeconds;
    }

    @DataBoundSetter
    public void setMasterRebootSeconds(long masterRebootSeconds) {
        this.masterRebootSeconds = masterRebootSeconds;
    }

    public int getSilenceMinutes() {
        return silenceMinutes;
    }

    @DataBoundSetter
    public void setSilenceMinutes(int silenceMinutes) {
        this.silenceMinutes = silenceMinutes;
    }

    public long getSettleSeconds() {
        return settleSeconds;
    }

    @DataBoundSetter
    public void setSettleSeconds(long settleSeconds) {
        this.settleSeconds = settleSeconds;
    }

    public boolean isDiff() {
        return diff;
    }

    /** Diff post against pre and expire the silence in this step (default true); false leaves both to diffMetrics. */
    @DataBoundSetter
    public void setDiff(boolean diff) {
        this.diff = diff;
    }

    public @CheckForNull String getReason() {
        return reason;
    }

    @DataBoundSetter
    public void setReason(@CheckForNull String reason) {
        this.reason = Util.fixEmptyAndTrim(reason);
    }

    public @CheckForNull String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(@CheckForNull String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        if (target == null || imageDirectory == null || expectedRelease == null) {
            throw new AbortException("issuUpgrade needs target (the virtual chassis), imageDirectory (e.g. 'new_firm')"
                    + " and expectedRelease (e.g. '8.9.221.R03')");
        }
        IssuCall call = new IssuCall(target, imageDirectory, expectedRelease, requireMacRetention, fixMacRetention,
                imageValidationSeconds, imageCopySeconds, slaveRebootSeconds, masterRebootSeconds, silenceMinutes,
                settleSeconds, diff, reason, credentialsId);
        try {
            call.request(); // the engine refuses bad limits before anything else
        } catch (IllegalArgumentException e) {
            throw new AbortException("issuUpgrade: " + e.getMessage());
        }
        return new Execution(context, call);
    }

    static final class Execution extends DisruptiveStepExecution<IssuCall> {
        private static final long serialVersionUID = 1L;

        // where the agent keeps the evidence and how far it came, besides the step's arguments
        private final String scratchName;
        private volatile long startedAt;
        private volatile boolean resumed;

        Execution(StepContext context, IssuCall call) {
            super(context, call);
            this.scratchName = "switch-upgrade-issu-" + UUID.randomUUID();
        }

        @Override
        protected void begin() throws Exception {
            super.begin();
            startedAt = System.currentTimeMillis();
        }

        @Override
        protected FacadeResult disrupt(Run<?, ?> run) throws Exception {
            return resumed ? reattach(run) : AgentFacadeRunner.run(getContext(), call, scratchName);
        }

        /**
         * After a crash during the ISSU: adopt what the agent recorded, then resume with the engine from the ticket
         * the data center's ledger holds (the silence, the address), sending nothing.
         */
        private FacadeResult reattach(Run<?, ?> run) throws IOException, InterruptedException {
            TaskListener listener = listener();
            List<String> left = adoptWithRetries(listener);
            String issuJson = ArtifactStore.switchFile(call.target, "issu.json");
            if (left.contains(issuJson)) {
                VirtualFile file = run.getArtifactManager().root().child(issuJson);
                try (InputStream in = file.open()) {
                    listener.getLogger().println("issuUpgrade " + call.target + ": the agent finished the ISSU while"
                            + " Jenkins restarted; its result is in " + issuJson);
                    // the engine's typed result stayed on the agent; the build page points at what it wrote
                    Map<String, Object> finished = Json.parseObject(new String(in.readAllBytes(),
                            StandardCharsets.UTF_8), issuJson);
                    return FacadeResult.of(finished, new SwitchRow(call.target, null, null, null,
                            call.expectedRelease, null, SwitchRow.Status.SENT, "the ISSU ended while Jenkins restarted;"
                            + " its verdict is in " + issuJson, null, null));
                }
            }
            long deadline = startedAt + call.request().limit().toMillis();
            listener.getLogger().println("issuUpgrade " + call.target + ": following the ISSU in Prometheus until "
                    + call.target + " runs " + call.expectedRelease + " (until " + Instant.ofEpochMilli(deadline) + ")");
            return AgentFacadeRunner.run(getContext(), new Reattach(call.target, call.expectedRelease, deadline,
                    call.settleSeconds));
        }

        private List<String> adoptWithRetries(TaskListener listener) throws IOException, InterruptedException {
            for (int attempt = 1; ; attempt++) {
                try {
                    return AgentFacadeRunner.adoptLeftBehind(getContext(), scratchName);
                } catch (AbortException e) {
                    throw e;
                } catch (IOException e) {
                    if (attempt == 60) {
                        throw new AbortException("issuUpgrade " + call.target + ": the agent has not come back after"
                                + " the restart (" + e.getMessage() + "); nothing was sent again. Check the chassis"
                                + " (show microcode, show virtual-chassis topology) and expire its silence by hand.");
                    }
                    listener.getLogger().println("issuUpgrade " + call.target + ": the agent is not reachable ("
                            + e.getMessage() + "); trying again in 10 s");
                    TimeUnit.SECONDS.sleep(10);
                }
            }
        }

        @Override
        protected void resumeUnfinished() {
            resumed = true;
            listener().getLogger().println("issuUpgrade " + call.target + ": Jenkins restarted during the ISSU."
                    + " Nothing is sent again; the chassis goes on with the ISSU by itself.");
            super.resumeUnfinished();
        }

        @Override
        public boolean blocksRestart() {
            // a safe restart waits for the ISSU instead of cutting its follow-up in half
            return phase() == Phase.DISRUPTING && !resumed;
        }

        @Override
        public String getStatus() {
            if (phase() == Phase.DONE) {
                return "the ISSU of " + call.target + " is done";
            }
            return (resumed ? "following in Prometheus" : "running") + " the ISSU of " + call.target + " to "
                    + call.expectedRelease + " since " + Instant.ofEpochMilli(startedAt);
        }
    }

    /** The whole ISSU, on the agent. */
    private record IssuCall(String target, String imageDirectory, String expectedRelease, boolean requireMacRetention,
            boolean fixMacRetention, long imageValidationSeconds, long imageCopySeconds, long slaveRebootSeconds,
            long masterRebootSeconds, int silenceMinutes, long settleSeconds, boolean diff, String reason,
            String credentialsId) implements FacadeCall {
        private static final long serialVersionUID = 1L;

        IssuUpgrade.Request request() {
            return new IssuUpgrade.Request()
                    .target(target)
                    .imageDirectory(imageDirectory)
                    .expectedRelease(expectedRelease)
                    .requireMacRetention(requireMacRetention)
                    .fixMacRetention(fixMacRetention)
                    .imageValidationSeconds(imageValidationSeconds)
                    .imageCopySeconds(imageCopySeconds)
                    .slaveRebootSeconds(slaveRebootSeconds)
                    .masterRebootSeconds(masterRebootSeconds)
                    .silenceMinutes(silenceMinutes)
                    .settleSeconds(settleSeconds)
                    .diff(diff)
                    .reason(reason);
        }

        @Override
        public String stepName() {
            return "issuUpgrade";
        }

        @Override
        public boolean disruptive() {
            return true;
        }

        @Override
        public List<String> reads() {
            // validateSibling's verdict and pre snapshot of this build, when it has them
            return List.of(ArtifactStore.switchFile(target, "validation.json"),
                    ArtifactStore.switchFile(target, "pre.json"));
        }

        @Override
        public FacadeResult call(io.jenkins.plugins.switchupgrade.core.StepContext engine, Switch located) {
            IssuUpgrade.Result result = new IssuUpgrade(engine).run(request());
            return FacadeResult.of(StepResults.toMap(result), result.row(expectedRelease));
        }
    }

    /**
     * A resumed ISSU, on the agent: the engine's {@link IssuUpgrade#resume} with the ticket of the chassis the data
     * center's ledger holds in flight (its silence, its address). Sends nothing to the chassis.
     */
    private record Reattach(String target, String expectedRelease, long deadline, long settleSeconds)
            implements FacadeCall {
        private static final long serialVersionUID = 1L;

        @Override
        public String stepName() {
            return "issuUpgrade";
        }

        @Override
        public String settles() {
            // the chassis is in flight in the data center's ledger since the interrupted call claimed it
            return target;
        }

        @Override
        public boolean audited() {
            return true;
        }

        @Override
        public List<String> reads() {
            return List.of(ArtifactStore.switchFile(target, "pre.json"));
        }

        @Override
        public FacadeResult call(io.jenkins.plugins.switchupgrade.core.StepContext engine, Switch located) {
            IssuUpgrade issu = new IssuUpgrade(engine);
            Ticket ticket = issu.inFlight(target);
            IssuUpgrade.Result result = issu.resume(ticket, expectedRelease, Instant.ofEpochMilli(deadline),
                    settleSeconds);
            return FacadeResult.of(StepResults.toMap(result), result.row(expectedRelease));
        }
    }

    @Extension
    public static final class DescriptorImpl extends AgentStepDescriptor {

        public DescriptorImpl() {
            super("target");
        }

        @Override
        public String getFunctionName() {
            return "issuUpgrade";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Upgrade an OmniSwitch virtual chassis in service (ISSU)";
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            String target = super.argumentsToString(namedArgs);
            Object release = namedArgs.get("expectedRelease");
            return target == null || release == null ? target : target + " to " + release;
        }

        @POST
        public FormValidation doCheckImageDirectory(@AncestorInPath Item item, @QueryParameter String value) {
            FormAccess.checkConfigure(item);
            String dir = Util.fixEmptyAndTrim(value);
            if (dir == null) {
                return FormValidation.error("The directory on the master's flash with the new images and issu_version,"
                        + " e.g. new_firm.");
            }
            return dir.startsWith("/") ? FormValidation.warning("Give the directory relative to /flash, e.g. new_firm.")
                    : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckFixMacRetention(@AncestorInPath Item item, @QueryParameter boolean value) {
            FormAccess.checkConfigure(item);
            return value ? FormValidation.warning("When MAC retention is off, it is switched on (and written to"
                    + " memory) before the ISSU, recorded in the audit trail. Read the duplicate-MAC caveat first.")
                    : FormValidation.ok();
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return SshCredentialsItems.fill(item, credentialsId);
        }
    }
}
