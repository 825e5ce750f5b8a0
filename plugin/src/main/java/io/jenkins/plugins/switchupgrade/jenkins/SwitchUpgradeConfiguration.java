package io.jenkins.plugins.switchupgrade.jenkins;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.switchupgrade.alerts.SilenceMatchers;
import io.jenkins.plugins.switchupgrade.campaign.ConfigCheck;
import io.jenkins.plugins.switchupgrade.core.DrainSettings;
import io.jenkins.plugins.switchupgrade.campaign.MaintenanceWindows;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Site-wide settings of Switch Upgrade Automation (Manage Jenkins » System, or Configuration as Code
 * under {@code unclassified: switchUpgrade:}). Steps fall back to these values when their own
 * arguments leave them out. Secrets are never stored here, only credentials IDs.
 */
@Extension
@Symbol("switchUpgrade")
public class SwitchUpgradeConfiguration extends GlobalConfiguration {

    /** Placeholder in {@link #getLockName()} replaced by the data center of the round. */
    public static final String DATACENTER_PLACEHOLDER = "${datacenter}";

    public static final String DEFAULT_LOCK_NAME = "switch-upgrade-" + DATACENTER_PLACEHOLDER;

    public static final int DEFAULT_SSH_PORT = 22;
    public static final int DEFAULT_EXPECTED_MINUTES = 30;
    public static final double DEFAULT_DRAIN_THRESHOLD = 0.1;
    public static final int DEFAULT_DRAIN_SECONDS = 120;

    private String prometheusUrl;
    private String prometheusCredentialsId;
    private String alertmanagerUrl;
    private String alertmanagerCredentialsId;
    private String silenceMatchers;
    private String auditWebhookUrl;
    private String auditWebhookCredentialsId;
    private String metricsProfile;
    private String lockName = DEFAULT_LOCK_NAME;
    private String knownHosts;
    private String sshCredentialsId;
    private int sshPort = DEFAULT_SSH_PORT;
    private boolean silencingDisabled;
    private String maintenanceWindows;
    private int expectedMinutes = DEFAULT_EXPECTED_MINUTES;
    private boolean drain;
    private String drainTrafficQuery;
    private double drainThreshold = DEFAULT_DRAIN_THRESHOLD;
    private int drainSeconds = DEFAULT_DRAIN_SECONDS;
    private boolean configCheck;
    private String configIgnoredKeys;
    private boolean gateFleetHealthDisabled;
    private boolean gateForeignSilencesDisabled;
    private boolean gateAlertsDisabled;
    private String gateAlertFilter;
    private List<SiteCommand> siteCommands = new ArrayList<>();

    public SwitchUpgradeConfiguration() {
        load();
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        // a form without any site command sends no siteCommands at all: the last one deleted must go too
        siteCommands = new ArrayList<>();
        return super.configure(req, json);
    }

    /** The single instance Jenkins holds. */
    public static @NonNull SwitchUpgradeConfiguration get() {
        return ExtensionList.lookupSingleton(SwitchUpgradeConfiguration.class);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return "Switch Upgrade Automation";
    }

    /**
     * The lockable resource a round in {@code datacenter} must hold, e.g. {@code switch-upgrade-lab1}.
     */
    public @NonNull String lockNameFor(@NonNull String datacenter) {
        return getLockName().replace(DATACENTER_PLACEHOLDER, datacenter);
    }

    public @CheckForNull String getPrometheusUrl() {
        return prometheusUrl;
    }

    @DataBoundSetter
    public void setPrometheusUrl(String prometheusUrl) {
        this.prometheusUrl = Util.fixEmptyAndTrim(prometheusUrl);
        save();
    }

    public @CheckForNull String getPrometheusCredentialsId() {
        return prometheusCredentialsId;
    }

    @DataBoundSetter
    public void setPrometheusCredentialsId(String prometheusCredentialsId) {
        this.prometheusCredentialsId = Util.fixEmptyAndTrim(prometheusCredentialsId);
        save();
    }

    public @CheckForNull String getAlertmanagerUrl() {
        return alertmanagerUrl;
    }

    @DataBoundSetter
    public void setAlertmanagerUrl(String alertmanagerUrl) {
        this.alertmanagerUrl = Util.fixEmptyAndTrim(alertmanagerUrl);
        save();
    }

    /** Secret text sent to Alertmanager as a bearer token (an Alertmanager behind an authenticating proxy). */
    public @CheckForNull String getAlertmanagerCredentialsId() {
        return alertmanagerCredentialsId;
    }

    @DataBoundSetter
    public void setAlertmanagerCredentialsId(String alertmanagerCredentialsId) {
        this.alertmanagerCredentialsId = Util.fixEmptyAndTrim(alertmanagerCredentialsId);
        save();
    }

    /** The site's named re-provisioning commands; a Jenkinsfile chooses among them by name. */
    public @NonNull List<SiteCommand> getSiteCommands() {
        return siteCommands == null ? List.of() : List.copyOf(siteCommands);
    }

    @DataBoundSetter
    public void setSiteCommands(@CheckForNull List<SiteCommand> siteCommands) {
        this.siteCommands = siteCommands == null ? new ArrayList<>() : new ArrayList<>(siteCommands);
        save();
    }

    /**
     * The command line of the site command {@code name}.
     *
     * @throws AbortException naming the configured commands when there is none of that name
     */
    @NonNull
    String siteCommand(@NonNull String name, @NonNull String step) throws AbortException {
        List<String> names = new ArrayList<>();
        for (SiteCommand command : getSiteCommands()) {
            if (name.equals(command.getName()) && command.getCommand() != null) {
                return command.getCommand();
            }
            names.add(command.getName());
        }
        throw new AbortException(step + " refused: no re-provisioning command is named '" + name + "' in the global"
                + " configuration (Manage Jenkins » System » Switch Upgrade Automation » Re-provisioning commands); "
                + (names.isEmpty() ? "none is configured" : "the configured ones are " + String.join(", ", names))
                + ". Nothing was sent. A Jenkinsfile chooses a command by its name; only an administrator writes the"
                + " command itself.");
    }

    /**
     * The silences made for a disrupted switch, one per line, e.g. {@code instance=~"{switch}(:\d+)?"} and
     * {@code peer="{switch}"}; {@code null} keeps the default {@code instance="{switch}"}.
     */
    public @CheckForNull String getSilenceMatchers() {
        return silenceMatchers;
    }

    @DataBoundSetter
    public void setSilenceMatchers(String silenceMatchers) {
        this.silenceMatchers = Util.fixEmptyAndTrim(silenceMatchers);
        save();
    }

    public @CheckForNull String getAuditWebhookUrl() {
        return auditWebhookUrl;
    }

    @DataBoundSetter
    public void setAuditWebhookUrl(String auditWebhookUrl) {
        this.auditWebhookUrl = Util.fixEmptyAndTrim(auditWebhookUrl);
        save();
    }

    public @CheckForNull String getAuditWebhookCredentialsId() {
        return auditWebhookCredentialsId;
    }

    @DataBoundSetter
    public void setAuditWebhookCredentialsId(String auditWebhookCredentialsId) {
        this.auditWebhookCredentialsId = Util.fixEmptyAndTrim(auditWebhookCredentialsId);
        save();
    }

    /** JSON overriding the engine's default PromQL templates and rules; {@code null} keeps the defaults. */
    public @CheckForNull String getMetricsProfile() {
        return metricsProfile;
    }

    @DataBoundSetter
    public void setMetricsProfile(String metricsProfile) {
        this.metricsProfile = Util.fixEmptyAndTrim(metricsProfile);
        save();
    }

    public @NonNull String getLockName() {
        return lockName == null ? DEFAULT_LOCK_NAME : lockName;
    }

    @DataBoundSetter
    public void setLockName(String lockName) {
        String name = Util.fixEmptyAndTrim(lockName);
        this.lockName = name == null ? DEFAULT_LOCK_NAME : name;
        save();
    }

    /** known_hosts lines the switches' host keys are verified against. */
    public @CheckForNull String getKnownHosts() {
        return knownHosts;
    }

    @DataBoundSetter
    public void setKnownHosts(String knownHosts) {
        this.knownHosts = Util.fixEmptyAndTrim(knownHosts);
        save();
    }

    /** Default SSH credentials for steps that do not name their own. */
    public @CheckForNull String getSshCredentialsId() {
        return sshCredentialsId;
    }

    @DataBoundSetter
    public void setSshCredentialsId(String sshCredentialsId) {
        this.sshCredentialsId = Util.fixEmptyAndTrim(sshCredentialsId);
        save();
    }

    /** The TCP port the switches' SSH servers listen on. */
    public int getSshPort() {
        return sshPort < 1 || sshPort > 65_535 ? DEFAULT_SSH_PORT : sshPort;
    }

    @DataBoundSetter
    public void setSshPort(int sshPort) {
        this.sshPort = sshPort < 1 || sshPort > 65_535 ? DEFAULT_SSH_PORT : sshPort;
        save();
    }

    /**
     * Whether switches are disrupted without silencing their alerts. Only an explicit choice turns silencing off;
     * without an Alertmanager URL and without this choice, disruptive steps refuse to run.
     */
    public boolean isSilencingDisabled() {
        return silencingDisabled;
    }

    @DataBoundSetter
    public void setSilencingDisabled(boolean silencingDisabled) {
        this.silencingDisabled = silencingDisabled;
        save();
    }

    /** Whether the gate "no switch of the data center down or unhealthy" is switched off (it is on by default). */
    public boolean isGateFleetHealthDisabled() {
        return gateFleetHealthDisabled;
    }

    @DataBoundSetter
    public void setGateFleetHealthDisabled(boolean gateFleetHealthDisabled) {
        this.gateFleetHealthDisabled = gateFleetHealthDisabled;
        save();
    }

    /** Whether the gate "no other active silence of this tool in the data center" is switched off. */
    public boolean isGateForeignSilencesDisabled() {
        return gateForeignSilencesDisabled;
    }

    @DataBoundSetter
    public void setGateForeignSilencesDisabled(boolean gateForeignSilencesDisabled) {
        this.gateForeignSilencesDisabled = gateForeignSilencesDisabled;
        save();
    }

    /** Whether the gate "no firing alert matching the filter" is switched off. */
    public boolean isGateAlertsDisabled() {
        return gateAlertsDisabled;
    }

    @DataBoundSetter
    public void setGateAlertsDisabled(boolean gateAlertsDisabled) {
        this.gateAlertsDisabled = gateAlertsDisabled;
        save();
    }

    /** The alert gate's Alertmanager matchers, one a line; blank for the metrics profile's (or the default) filter. */
    public @CheckForNull String getGateAlertFilter() {
        return gateAlertFilter;
    }

    @DataBoundSetter
    public void setGateAlertFilter(String gateAlertFilter) {
        this.gateAlertFilter = Util.fixEmptyAndTrim(gateAlertFilter);
        save();
    }

    @POST
    public FormValidation doCheckGateAlertFilter(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            MetricsProfile.withGateFields(null, false, false, false, value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** Maintenance windows every round keeps to unless its step names its own, one per line; null: any time. */
    public @CheckForNull String getMaintenanceWindows() {
        return maintenanceWindows;
    }

    @DataBoundSetter
    public void setMaintenanceWindows(@CheckForNull String maintenanceWindows) {
        this.maintenanceWindows = Util.fixEmptyAndTrim(maintenanceWindows);
        save();
    }

    /** How long one switch is expected to take before a round has measured one (the seed's 30 minutes). */
    public int getExpectedMinutes() {
        return expectedMinutes < 1 ? DEFAULT_EXPECTED_MINUTES : expectedMinutes;
    }

    @DataBoundSetter
    public void setExpectedMinutes(int expectedMinutes) {
        this.expectedMinutes = expectedMinutes < 1 ? DEFAULT_EXPECTED_MINUTES : expectedMinutes;
        save();
    }

    /** Whether rounds drain each switch before its disruption and prove that its traffic moved (docs/drain.md). */
    public boolean isDrain() {
        return drain;
    }

    @DataBoundSetter
    public void setDrain(boolean drain) {
        this.drain = drain;
        save();
    }

    /** Each switch's traffic in bytes per second; null: node-exporter's byte rates of the swp ports. */
    public @CheckForNull String getDrainTrafficQuery() {
        return drainTrafficQuery;
    }

    @DataBoundSetter
    public void setDrainTrafficQuery(@CheckForNull String drainTrafficQuery) {
        this.drainTrafficQuery = Util.fixEmptyAndTrim(drainTrafficQuery);
        save();
    }

    public double getDrainThreshold() {
        return drainThreshold;
    }

    @DataBoundSetter
    public void setDrainThreshold(double drainThreshold) {
        this.drainThreshold = drainThreshold;
        save();
    }

    public int getDrainSeconds() {
        return drainSeconds < 1 ? DEFAULT_DRAIN_SECONDS : drainSeconds;
    }

    @DataBoundSetter
    public void setDrainSeconds(int drainSeconds) {
        this.drainSeconds = drainSeconds;
        save();
    }

    /** Whether rounds save each Cumulus switch's configuration and prove it restored (docs/configuration-evidence.md). */
    public boolean isConfigCheck() {
        return configCheck;
    }

    @DataBoundSetter
    public void setConfigCheck(boolean configCheck) {
        this.configCheck = configCheck;
        save();
    }

    /** Configuration keys that may differ, one regular expression per line; null: the defaults. */
    public @CheckForNull String getConfigIgnoredKeys() {
        return configIgnoredKeys;
    }

    @DataBoundSetter
    public void setConfigIgnoredKeys(@CheckForNull String configIgnoredKeys) {
        this.configIgnoredKeys = Util.fixEmptyAndTrim(configIgnoredKeys);
        save();
    }

    @POST
    public FormValidation doCheckConfigIgnoredKeys(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            ConfigCheck.parseLines(true, value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public FormValidation doCheckDrainTrafficQuery(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            new DrainSettings(true, value, DEFAULT_DRAIN_THRESHOLD, null);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public FormValidation doCheckMaintenanceWindows(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            MaintenanceWindows.parseLines(value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public FormValidation doCheckPrometheusUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return checkHttpUrl(value, "Prometheus");
    }

    @POST
    public FormValidation doCheckAlertmanagerUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.warning("Without Alertmanager, alerts cannot be silenced while a switch reboots;"
                    + " disruptive steps then run only if silencing is disabled explicitly.");
        }
        return checkHttpUrl(value, "Alertmanager");
    }

    @POST
    public FormValidation doCheckSilenceMatchers(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String text = Util.fixEmptyAndTrim(value);
        if (text == null) {
            return FormValidation.ok("One silence per switch, on instance=\"{switch}\".");
        }
        try {
            int silences = SilenceMatchers.parse(text).silences().size();
            return FormValidation.ok(silences + (silences == 1 ? " silence" : " silences") + " per disrupted switch.");
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public FormValidation doCheckKnownHosts(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String text = Util.fixEmptyAndTrim(value);
        if (text == null) {
            return FormValidation.warning("Without known hosts no switch can be contacted over SSH: host keys are always"
                    + " verified. Paste the output of ssh-keyscan for the switches' management addresses.");
        }
        int line = 0;
        for (String entry : text.split("\\R")) {
            line++;
            String trimmed = entry.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            int offset = fields[0].startsWith("@") ? 1 : 0;
            if (fields.length < offset + 3) {
                return FormValidation.error("Line " + line + " is not a known_hosts entry (host, key type, key): "
                        + (trimmed.length() > 60 ? trimmed.substring(0, 60) + "..." : trimmed));
            }
        }
        return FormValidation.ok();
    }

    @POST
    public FormValidation doCheckSshPort(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            int port = Integer.parseInt(Util.fixNull(value).trim());
            if (port >= 1 && port <= 65_535) {
                return FormValidation.ok();
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        return FormValidation.error("The SSH port must be a number from 1 to 65535, usually 22.");
    }

    @POST
    public FormValidation doCheckSilencingDisabled(@QueryParameter boolean value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return value
                ? FormValidation.warning("Switches will be rebooted without silencing their alerts; every reboot pages"
                        + " whoever receives them. The audit trail records each skipped silence.")
                : FormValidation.ok();
    }

    @POST
    public FormValidation doCheckAuditWebhookUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok("Audit events go to the build log and the audit.jsonl build artifact only.");
        }
        return checkHttpUrl(value, "Audit webhook");
    }

    @POST
    public FormValidation doCheckMetricsProfile(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String json = Util.fixEmptyAndTrim(value);
        if (json == null) {
            return FormValidation.ok("The default metrics profile is used.");
        }
        try {
            MetricsProfile.fromJson(json);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public FormValidation doCheckLockName(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String name = Util.fixEmptyAndTrim(value);
        if (name != null && !name.contains(DATACENTER_PLACEHOLDER)) {
            return FormValidation.warning("Without " + DATACENTER_PLACEHOLDER
                    + " every data center shares one lock, so only one switch in the whole fleet is upgraded at a time.");
        }
        return FormValidation.ok();
    }

    @POST
    public ListBoxModel doFillPrometheusCredentialsIdItems(@QueryParameter String prometheusCredentialsId) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return tokens(prometheusCredentialsId);
    }

    @POST
    public ListBoxModel doFillAlertmanagerCredentialsIdItems(@QueryParameter String alertmanagerCredentialsId) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return tokens(alertmanagerCredentialsId);
    }

    @POST
    public ListBoxModel doFillAuditWebhookCredentialsIdItems(@QueryParameter String auditWebhookCredentialsId) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return tokens(auditWebhookCredentialsId);
    }

    @POST
    public ListBoxModel doFillSshCredentialsIdItems(@QueryParameter String sshCredentialsId) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return new StandardListBoxModel()
                .includeEmptyValue()
                .includeAs(ACL.SYSTEM2, Jenkins.get(), SSHUserPrivateKey.class)
                .includeCurrentValue(Util.fixNull(sshCredentialsId));
    }

    private static ListBoxModel tokens(String current) {
        return new StandardListBoxModel()
                .includeEmptyValue()
                .includeAs(ACL.SYSTEM2, Jenkins.get(), StringCredentials.class)
                .includeCurrentValue(Util.fixNull(current));
    }

    private static FormValidation checkHttpUrl(String value, String what) {
        String url = Util.fixEmptyAndTrim(value);
        if (url == null) {
            return FormValidation.ok();
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                return FormValidation.error(what + " URL must be an absolute http:// or https:// URL, e.g. http://prometheus.example.net:9090");
            }
            return FormValidation.ok();
        } catch (URISyntaxException e) {
            return FormValidation.error(what + " URL is not a valid URL: " + e.getMessage());
        }
    }
}
