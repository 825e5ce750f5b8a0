package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.switchupgrade.core.DrainSettings;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;
import io.jenkins.plugins.switchupgrade.lifecycle.Disrupted;
import io.jenkins.plugins.switchupgrade.lifecycle.SwitchRow;
import io.jenkins.plugins.switchupgrade.steps.ReprovisionSwitch;
import io.jenkins.plugins.switchupgrade.steps.StepResults;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
 * {@code reprovisionSwitch}: re-provisions a validated Cumulus switch through ONIE ({@code onie-select -i -f}, then
 * {@code reboot}) or a site command an administrator named in the global configuration ({@code command} is its
 * name), once the build holds the data center's lock, this build's
 * validateSibling passed for it, its alerts are silenced and the audit event is recorded; with {@code drain: 'on'}
 * (or the global configuration's drain), after the switch was drained and its traffic proven moved. Returns
 * {@code switch, silenceId, commands, versionBefore, drained, await}; hand {@code await} and {@code silenceId} to
 * awaitExporter. A switch is never sent twice in one build, not even after a controller restart.
 */
public final class ReprovisionSwitchStep extends Step {

    static final int DEFAULT_SILENCE_MINUTES = 60;

    private final String target;
    private String command;
    private int silenceMinutes = DEFAULT_SILENCE_MINUTES;
    private String reason;
    private String credentialsId;
    private int parallelRacks = 1;
    private String drain;

    @DataBoundConstructor
    public ReprovisionSwitchStep(String target) {
        this.target = Util.fixEmptyAndTrim(target);
    }

    public String getTarget() {
        return target;
    }

    public @CheckForNull String getCommand() {
        return command;
    }

    /**
     * The name of a site's own re-provisioning command, run instead of onie-select and reboot, as an administrator
     * named it in the global configuration; never the command text itself.
     */
    @DataBoundSetter
    public void setCommand(@CheckForNull String command) {
        this.command = Util.fixEmptyAndTrim(command);
    }

    public int getSilenceMinutes() {
        return silenceMinutes;
    }

    @DataBoundSetter
    public void setSilenceMinutes(int silenceMinutes) {
        this.silenceMinutes = silenceMinutes;
    }

    public @CheckForNull String getReason() {
        return reason;
    }

    /** Why, for the audit trail and the silence's comment, e.g. a change ticket. */
    @DataBoundSetter
    public void setReason(@CheckForNull String reason) {
        this.reason = Util.fixEmptyAndTrim(reason);
    }

    public @CheckForNull String getCredentialsId() {
        return credentialsId;
    }

    /** "SSH Username with private key" credentials; left out, the global default SSH credentials. */
    @DataBoundSetter
    public void setCredentialsId(@CheckForNull String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public int getParallelRacks() {
        return parallelRacks;
    }

    /**
     * How many switches of the data center may be in flight at once across every branch and build (the
     * controller's ledger counts them); 1, the default, is one at a time. Never two of one rack.
     */
    @DataBoundSetter
    public void setParallelRacks(int parallelRacks) {
        this.parallelRacks = parallelRacks;
    }

    public @CheckForNull String getDrain() {
        return drain;
    }

    /** {@code on} or {@code off}: drain the switch before the command (docs/drain.md); left out: the global choice. */
    @DataBoundSetter
    public void setDrain(@CheckForNull String drain) {
        this.drain = Util.fixEmptyAndTrim(drain);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        if (target == null) {
            throw new AbortException("reprovisionSwitch needs target: the switch to re-provision, e.g. target: pick.candidate");
        }
        if (silenceMinutes < 1) {
            throw new AbortException("reprovisionSwitch: silenceMinutes must be 1 or more, was " + silenceMinutes);
        }
        if (parallelRacks < 1 || parallelRacks > 64) {
            throw new AbortException("reprovisionSwitch: parallelRacks must be within 1..64, was " + parallelRacks);
        }
        if (drain != null && !drain.equals("on") && !drain.equals("off")) {
            throw new AbortException("reprovisionSwitch: drain must be 'on' or 'off' (left out: the global "
                    + "configuration's choice), was '" + drain + "'");
        }
        SwitchUpgradeConfiguration global = SwitchUpgradeConfiguration.get();
        // the command text comes from the global configuration (Administer), never from the Jenkinsfile
        String siteCommand = command == null ? null : global.siteCommand(command, "reprovisionSwitch");
        return new Execution(context, new Call(target, siteCommand, silenceMinutes, reason, credentialsId,
                parallelRacks, drain != null ? drain.equals("on") : global.isDrain(), global.getDrainTrafficQuery(),
                global.getDrainThreshold(), global.getDrainSeconds()));
    }

    static final class Execution extends DisruptiveStepExecution<Call> {
        private static final long serialVersionUID = 1L;

        Execution(StepContext context, Call call) {
            super(context, call);
        }

        @Override
        protected FacadeResult disrupt(Run<?, ?> run) throws Exception {
            return AgentFacadeRunner.run(getContext(), call);
        }

        @Override
        protected void resumeUnfinished() {
            getContext().onFailure(new AbortException("reprovisionSwitch: Jenkins restarted while " + call.target
                    + " was being sent to re-provisioning, so whether the commands reached it is not known. Nothing"
                    + " was sent again. Look at the switch (and at audit.jsonl): if it is rebooting, wait for it with"
                    + " awaitExporter target: '" + call.target + "', then check it with diffMetrics; expire its silence"
                    + " in Alertmanager if it does not come back."));
        }

        @Override
        public boolean blocksRestart() {
            // sending the commands is short and must not be cut in half
            return phase() == Phase.DISRUPTING;
        }

        @Override
        public String getStatus() {
            return phase() == Phase.DONE ? call.target + " was sent to re-provisioning"
                    : "sending " + call.target + " to re-provisioning";
        }
    }

    private record Call(String target, String command, int silenceMinutes, String reason, String credentialsId,
            int parallelRacks, boolean drain, String drainTrafficQuery, double drainThreshold, int drainSeconds)
            implements FacadeCall {
        private static final long serialVersionUID = 1L;

        @Override
        public String stepName() {
            return "reprovisionSwitch";
        }

        @Override
        public boolean disruptive() {
            return true;
        }

        @Override
        public List<String> reads() {
            // validateSibling's verdict of this build: the engine refuses a switch that did not pass
            return List.of(ArtifactStore.switchFile(target, "validation.json"));
        }

        @Override
        public FacadeResult call(io.jenkins.plugins.switchupgrade.core.StepContext engine, Switch located) {
            Disrupted sent = new ReprovisionSwitch(engine).run(new ReprovisionSwitch.Request()
                    .target(target)
                    .command(command)
                    .silenceMinutes(silenceMinutes)
                    .reason(reason)
                    // an execution saved before parallelRacks existed reads it as 0: one at a time
                    .parallelRacks(Math.max(1, parallelRacks))
                    // an execution saved before drain existed reads it as false: no drain, as it was started
                    .drain(drain ? new DrainSettings(true, drainTrafficQuery, drainThreshold,
                            Duration.ofSeconds(Math.max(1, drainSeconds))) : null));
            // the wait state carries the address: while the switch is down Prometheus has no series of it
            return FacadeResult.of(StepResults.toMap(sent), SwitchRow.sent(sent));
        }
    }

    @Extension
    public static final class DescriptorImpl extends AgentStepDescriptor {

        public DescriptorImpl() {
            super("target");
        }

        @Override
        public String getFunctionName() {
            return "reprovisionSwitch";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Re-provision a Cumulus switch through ONIE";
        }

        @POST
        public FormValidation doCheckSilenceMinutes(@AncestorInPath Item item, @QueryParameter int value) {
            FormAccess.checkConfigure(item);
            return value >= 1 ? FormValidation.ok()
                    : FormValidation.error("At least 1 minute; the silence is expired early once the switch is validated.");
        }

        /** "onie-select, then reboot" or one of the site commands an administrator named. */
        @POST
        public ListBoxModel doFillCommandItems(@AncestorInPath Item item) {
            FormAccess.checkConfigure(item);
            ListBoxModel items = new ListBoxModel();
            items.add("onie-select -i -f, then reboot", "");
            SwitchUpgradeConfiguration.get().getSiteCommands().forEach(c -> items.add(c.getName()));
            return items;
        }

        @POST
        public ListBoxModel doFillDrainItems(@AncestorInPath Item item) {
            FormAccess.checkConfigure(item);
            return UpgradeRoundBuilder.drainItems();
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return SshCredentialsItems.fill(item, credentialsId);
        }
    }
}
