package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.switchupgrade.campaign.ConfigCheck;
import io.jenkins.plugins.switchupgrade.core.DrainSettings;
import io.jenkins.plugins.switchupgrade.campaign.MaintenanceWindows;
import io.jenkins.plugins.switchupgrade.campaign.RoundOptions;
import io.jenkins.plugins.switchupgrade.campaign.RoundReport;
import io.jenkins.plugins.switchupgrade.campaign.SwitchResult;
import io.jenkins.plugins.switchupgrade.campaign.UpgradeRound;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A freestyle build step that runs one whole upgrade round (story A's periodic job): pick, validate (skip and
 * re-elect), silence, audit, re-provision, wait, diff, expire, next, up to {@code maxSwitches}; the first failure
 * stops the round. Needs the job property "This build requires lockable resources" with the data center's lock.
 * Archives report.json, report.html, audit.jsonl and every switch's snapshots; the build page summarises them.
 */
public final class UpgradeRoundBuilder extends Builder implements SimpleBuildStep {

    private final String datacenter;
    private final String role;
    private final String fromVersion;
    private final String toVersion;
    private Integer position;
    private int maxSwitches = 1;
    private int parallelRacks = 1;
    private Long seed;
    private int silenceMinutes = ReprovisionSwitchStep.DEFAULT_SILENCE_MINUTES;
    private int settleSeconds = 120;
    private String credentialsId;
    private String windows;
    private Integer expectedMinutes;
    private String drain;
    private boolean resumeInFlight;

    @DataBoundConstructor
    public UpgradeRoundBuilder(String datacenter, String role, String fromVersion, String toVersion) {
        this.datacenter = Util.fixEmptyAndTrim(datacenter);
        this.role = Util.fixEmptyAndTrim(role);
        this.fromVersion = Util.fixEmptyAndTrim(fromVersion);
        this.toVersion = Util.fixEmptyAndTrim(toVersion);
    }

    public String getDatacenter() {
        return datacenter;
    }

    public String getRole() {
        return role;
    }

    public String getFromVersion() {
        return fromVersion;
    }

    public String getToVersion() {
        return toVersion;
    }

    public @CheckForNull Integer getPosition() {
        return position;
    }

    /** 1 or 2: only the first or the second switch of each rack. */
    @DataBoundSetter
    public void setPosition(@CheckForNull Integer position) {
        this.position = position == null || position == 0 ? null : position;
    }

    public int getMaxSwitches() {
        return maxSwitches;
    }

    /** How many switches this build upgrades at most; 0 for all that run {@code fromVersion}. */
    @DataBoundSetter
    public void setMaxSwitches(int maxSwitches) {
        this.maxSwitches = maxSwitches;
    }

    public int getParallelRacks() {
        return parallelRacks;
    }

    /** How many racks are upgraded at once (one switch per rack); spines always one at a time. */
    @DataBoundSetter
    public void setParallelRacks(int parallelRacks) {
        this.parallelRacks = parallelRacks;
    }

    public @CheckForNull Long getSeed() {
        return seed;
    }

    @DataBoundSetter
    public void setSeed(@CheckForNull Long seed) {
        this.seed = seed;
    }

    public int getSilenceMinutes() {
        return silenceMinutes;
    }

    @DataBoundSetter
    public void setSilenceMinutes(int silenceMinutes) {
        this.silenceMinutes = silenceMinutes;
    }

    public int getSettleSeconds() {
        return settleSeconds;
    }

    /** How long the post-validation waits for BGP and links to settle before it judges. */
    @DataBoundSetter
    public void setSettleSeconds(int settleSeconds) {
        this.settleSeconds = settleSeconds;
    }

    public @CheckForNull String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(@CheckForNull String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public @CheckForNull String getWindows() {
        return windows;
    }

    /**
     * Maintenance windows, one per line (e.g. {@code Mon-Fri 22:00-05:00 Europe/Berlin}); empty: the global
     * configuration's. A switch starts only if it is expected to be done before its window closes.
     */
    @DataBoundSetter
    public void setWindows(@CheckForNull String windows) {
        this.windows = Util.fixEmptyAndTrim(windows);
    }

    public @CheckForNull Integer getExpectedMinutes() {
        return expectedMinutes;
    }

    /** How long one switch is expected to take until the round has measured one; empty: the global default. */
    @DataBoundSetter
    public void setExpectedMinutes(@CheckForNull Integer expectedMinutes) {
        this.expectedMinutes = expectedMinutes == null || expectedMinutes == 0 ? null : expectedMinutes;
    }

    public @CheckForNull String getDrain() {
        return drain;
    }

    /** {@code on} or {@code off}: drain each switch before its disruption (docs/drain.md); empty: the global choice. */
    @DataBoundSetter
    public void setDrain(@CheckForNull String drain) {
        this.drain = Util.fixEmptyAndTrim(drain);
    }

    public boolean isResumeInFlight() {
        return resumeInFlight;
    }

    /**
     * Completes a switch an earlier build left in flight (its state is established from the ledger: rebooted, back,
     * on the target version, equal to its pre snapshot) instead of refusing to start.
     */
    @DataBoundSetter
    public void setResumeInFlight(boolean resumeInFlight) {
        this.resumeInFlight = resumeInFlight;
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
            @NonNull Launcher launcher, @NonNull TaskListener listener) throws InterruptedException, IOException {
        RoundCall call = new RoundCall(env.expand(datacenter), env.expand(role), env.expand(fromVersion),
                env.expand(toVersion), position, maxSwitches, parallelRacks, seed, silenceMinutes, settleSeconds,
                credentialsId, resumeInFlight,
                windows != null ? windows : SwitchUpgradeConfiguration.get().getMaintenanceWindows(),
                expectedMinutes != null ? expectedMinutes : SwitchUpgradeConfiguration.get().getExpectedMinutes(),
                drain != null ? "on".equals(drain) : SwitchUpgradeConfiguration.get().isDrain(),
                SwitchUpgradeConfiguration.get().getDrainTrafficQuery(),
                SwitchUpgradeConfiguration.get().getDrainThreshold(), SwitchUpgradeConfiguration.get().getDrainSeconds(), SwitchUpgradeConfiguration.get().isConfigCheck(),
                SwitchUpgradeConfiguration.get().getConfigIgnoredKeys());
        try {
            call.options(); // refuses bad arguments before anything else
        } catch (IllegalArgumentException e) {
            throw new AbortException("switchUpgradeRound: " + e.getMessage());
        }
        FacadeResult result = AgentFacadeRunner.run(run, workspace, launcher, listener, call);
        RoundReport.Summary round = result.round();
        if (round == null) {
            // only a round call carries a summary; without one the build page would claim a round it cannot show
            throw new AbortException("switchUpgradeRound: the agent returned no round summary; see audit.jsonl among"
                    + " the build's artifacts for what was done, and the agent's log for why.");
        }
        UpgradeReportAction.of(run).round(round, result.rows());
        if (round.status() == RoundReport.Status.ABORTED) {
            throw new AbortException("switchUpgradeRound: the round stopped: " + round.reason()
                    + ". No further switch was touched; see report.html and audit.jsonl among the build's artifacts.");
        }
    }

    /** The whole round, on the agent; plain fields, because the engine's options are not serializable. */
    private record RoundCall(String datacenter, String role, String fromVersion, String toVersion, Integer position,
            int maxSwitches, int parallelRacks, Long seed, int silenceMinutes, int settleSeconds, String credentialsId,
            boolean resumeInFlight, String windows, int expectedMinutes, boolean drain, String drainTrafficQuery,
            double drainThreshold, int drainSeconds, boolean configCheck, String configIgnoredKeys)
            implements FacadeCall {
        private static final long serialVersionUID = 1L;

        RoundOptions options() {
            return new RoundOptions(datacenter, Role.parse(role), fromVersion, toVersion, position, maxSwitches,
                    parallelRacks, seed, Duration.ofMinutes(Math.max(1, silenceMinutes)),
                    Duration.ofSeconds(Math.max(0, settleSeconds)))
                    .withWindows(MaintenanceWindows.parseLines(windows),
                            Duration.ofMinutes(Math.max(1, expectedMinutes)))
                    .withDrain(new DrainSettings(drain, drainTrafficQuery, drainThreshold,
                            Duration.ofSeconds(Math.max(1, drainSeconds))))
                    .withConfigCheck(ConfigCheck.parseLines(configCheck, configIgnoredKeys));
        }

        @Override
        public String stepName() {
            return "switchUpgradeRound";
        }

        @Override
        public boolean disruptive() {
            return true;
        }

        @Override
        public FacadeResult call(io.jenkins.plugins.switchupgrade.core.StepContext engine, Switch located) {
            RoundReport report = new UpgradeRound(engine).resumeInFlight(resumeInFlight).run(options());
            return new FacadeResult(report.toMap(), report.switches().stream().map(SwitchResult::row).toList(),
                    report.summary());
        }
    }

    @Extension
    @Symbol("switchUpgradeRound")
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Upgrade a round of switches";
        }

        @POST
        public ListBoxModel doFillRoleItems(@AncestorInPath Item item) {
            FormAccess.checkConfigure(item);
            return RoleItems.fill();
        }

        @POST
        public ListBoxModel doFillDrainItems(@AncestorInPath Item item) {
            FormAccess.checkConfigure(item);
            return drainItems();
        }

        @POST
        public ListBoxModel doFillPositionItems(@AncestorInPath Item item) {
            FormAccess.checkConfigure(item);
            return new ListBoxModel(new ListBoxModel.Option("any", "0"), new ListBoxModel.Option("1", "1"),
                    new ListBoxModel.Option("2", "2"));
        }

        @POST
        public FormValidation doCheckDatacenter(@AncestorInPath Item item, @QueryParameter String value) {
            FormAccess.checkConfigure(item);
            return Util.fixEmptyAndTrim(value) == null ? FormValidation.error("The data center to upgrade, e.g. dc1.")
                    : FormValidation.ok("This build must hold the lockable resource "
                            + SwitchUpgradeConfiguration.get().lockNameFor(value.trim())
                            + " (This build requires lockable resources).");
        }

        @POST
        public FormValidation doCheckToVersion(@AncestorInPath Item item, @QueryParameter String value,
                @QueryParameter String fromVersion) {
            FormAccess.checkConfigure(item);
            String to = Util.fixEmptyAndTrim(value);
            if (to == null) {
                return FormValidation.error("The version the switches must run afterwards, e.g. 5.10.0.");
            }
            return to.equals(Util.fixEmptyAndTrim(fromVersion))
                    ? FormValidation.error("From and to version are the same; nothing would change.")
                    : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckMaxSwitches(@AncestorInPath Item item, @QueryParameter int value) {
            FormAccess.checkConfigure(item);
            return value < 0 ? FormValidation.error("0 (every switch on the from version) or more.")
                    : value == 0 ? FormValidation.warning("Every switch on the from version, one rack after the other.")
                    : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckParallelRacks(@AncestorInPath Item item, @QueryParameter int value) {
            FormAccess.checkConfigure(item);
            return value < 1 || value > 64 ? FormValidation.error("From 1 to 64; spines are always one at a time.")
                    : FormValidation.ok();
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return SshCredentialsItems.fill(item, credentialsId);
        }
    }

    /** The choices of a {@code drain} field: empty (the global configuration's), {@code on}, {@code off}. */
    static ListBoxModel drainItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("the global configuration's choice", "");
        items.add("drain", "on");
        items.add("do not drain", "off");
        return items;
    }
}
