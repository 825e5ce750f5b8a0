package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.SilenceMatchers;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;
import io.jenkins.plugins.switchupgrade.ports.Sleeper;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * The global configuration, with its credentials resolved for one build, in the form that travels to the agent.
 * Tokens and the SSH key are sent to the agent (which talks to Prometheus, Alertmanager, the audit webhook and the
 * switches) and nowhere else; step executions never keep this object, so it is never written to disk.
 */
final class EngineSettings implements Serializable {

    private static final long serialVersionUID = 3L;

    private final String prometheusUrl;
    private final String prometheusToken;
    private final String metricsProfile;
    private final String actor;
    private final String alertmanagerUrl;
    private final String alertmanagerToken;
    private final String silenceMatchers;
    private final boolean silencingDisabled;
    private final String auditWebhookUrl;
    private final String auditWebhookToken;
    private final SshLogin ssh;

    @SuppressFBWarnings(value = "SE_BAD_FIELD", justification = "a remoting proxy of the controller's RunLock, or the RunLock itself on the built-in node where nothing is serialized")
    private final RunLock lock;

    @SuppressFBWarnings(value = "SE_BAD_FIELD", justification = "a remoting proxy of the controller's ledgers, or the ledgers themselves on the built-in node where nothing is serialized")
    private final RunLedger ledger;

    private EngineSettings(String prometheusUrl, @CheckForNull String prometheusToken, @CheckForNull String metricsProfile,
            String actor, @CheckForNull String alertmanagerUrl, @CheckForNull String alertmanagerToken,
            @CheckForNull String silenceMatchers, boolean silencingDisabled,
            @CheckForNull String auditWebhookUrl, @CheckForNull String auditWebhookToken, @CheckForNull SshLogin ssh,
            @CheckForNull RunLock lock, @CheckForNull RunLedger ledger) {
        this.prometheusUrl = prometheusUrl;
        this.prometheusToken = prometheusToken;
        this.metricsProfile = metricsProfile;
        this.actor = actor;
        this.alertmanagerUrl = alertmanagerUrl;
        this.alertmanagerToken = alertmanagerToken;
        this.silenceMatchers = silenceMatchers;
        this.silencingDisabled = silencingDisabled;
        this.auditWebhookUrl = auditWebhookUrl;
        this.auditWebhookToken = auditWebhookToken;
        this.ssh = ssh;
        this.lock = lock;
        this.ledger = ledger;
    }

    /** Reads the global configuration and looks up its credentials for {@code run}. */
    static @NonNull EngineSettings forRun(@NonNull Run<?, ?> run) throws AbortException {
        SwitchUpgradeConfiguration config = SwitchUpgradeConfiguration.get();
        String url = config.getPrometheusUrl();
        if (url == null) {
            throw new AbortException("The Prometheus URL is not configured: set it in Manage Jenkins » System »"
                    + " Switch Upgrade Automation, or under unclassified: switchUpgrade: prometheusUrl in Configuration as Code.");
        }
        String tokenId = config.getPrometheusCredentialsId();
        String token = tokenId == null ? null : RunCredentials.secretText(run, tokenId).getSecret().getPlainText();
        String webhookTokenId = config.getAuditWebhookCredentialsId();
        String webhookToken = config.getAuditWebhookUrl() == null || webhookTokenId == null ? null
                : RunCredentials.secretText(run, webhookTokenId).getSecret().getPlainText();
        String alertmanagerTokenId = config.getAlertmanagerCredentialsId();
        String alertmanagerToken = config.getAlertmanagerUrl() == null || alertmanagerTokenId == null ? null
                : RunCredentials.secretText(run, alertmanagerTokenId).getSecret().getPlainText();
        String profile = MetricsProfile.withGateFields(config.getMetricsProfile(), config.isGateFleetHealthDisabled(),
                config.isGateForeignSilencesDisabled(), config.isGateAlertsDisabled(), config.getGateAlertFilter());
        return new EngineSettings(url, token, profile, run.getFullDisplayName(),
                config.getAlertmanagerUrl(), alertmanagerToken, config.getSilenceMatchers(),
                config.isSilencingDisabled(), config.getAuditWebhookUrl(), webhookToken, null, null, null);
    }

    /**
     * These settings with what a disruptive call needs besides: the SSH login and the build's lock. Fails, saying
     * where to configure it, when alerts could be neither silenced nor explicitly left unsilenced.
     */
    @NonNull
    EngineSettings forDisruption(@NonNull String step, @NonNull SshLogin login, @NonNull RunLock runLock)
            throws AbortException {
        if (alertmanagerUrl == null && !silencingDisabled) {
            throw new AbortException(step + " refused to run: no Alertmanager URL is configured, so the switch's alerts"
                    + " could not be silenced while it reboots. Set it in Manage Jenkins » System » Switch Upgrade"
                    + " Automation (unclassified: switchUpgrade: alertmanagerUrl), or tick 'Disable alert silencing'"
                    + " (silencingDisabled: true) if reboots may page people.");
        }
        return new EngineSettings(prometheusUrl, prometheusToken, metricsProfile, actor, alertmanagerUrl,
                alertmanagerToken, silenceMatchers, silencingDisabled, auditWebhookUrl, auditWebhookToken, login,
                runLock, ledger);
    }

    /** These settings with the controller's ledgers, reached from the agent (a remoting proxy). */
    @NonNull
    EngineSettings withLedger(@NonNull RunLedger runLedger) {
        return new EngineSettings(prometheusUrl, prometheusToken, metricsProfile, actor, alertmanagerUrl,
                alertmanagerToken, silenceMatchers, silencingDisabled, auditWebhookUrl, auditWebhookToken, ssh, lock,
                runLedger);
    }

    boolean hasLedger() {
        return ledger != null;
    }

    boolean isDisruptive() {
        return ssh != null && lock != null;
    }

    /** The build's lock as the agent sees it; only for disruptive calls. */
    @CheckForNull
    RunLock lock() {
        return lock;
    }

    /**
     * The engine's step context, built on the agent.
     *
     * @param auditFile the build's {@code audit.jsonl} in the agent's scratch directory, or {@code null} for a call
     *     that records no audit events
     * @param datacenter the data center whose lock a disruptive call needs and whose ledger a call uses, or
     *     {@code null}
     * @param sleeper how the engine waits between polls, or {@code null} for plain sleeping
     */
    @NonNull
    StepContext engineContext(@NonNull TaskListener listener, @NonNull ArtifactStore artifacts,
            @CheckForNull Path auditFile, @CheckForNull String datacenter, @CheckForNull Sleeper sleeper) {
        PrometheusClient prometheus = PrometheusClient.builder(prometheusUrl).bearerToken(prometheusToken).build();
        StepContext.Builder builder = StepContext.builder()
                .prometheus(prometheus)
                .profile(metricsProfile == null ? MetricsProfile.defaults() : MetricsProfile.fromJson(metricsProfile))
                .console(line -> listener.getLogger().println(line))
                .artifacts(artifacts)
                .actor(actor)
                .driver(CumulusOnie.defaults())
                .sleeper(sleeper);
        if (auditFile != null) {
            builder.audit(AuditTrail.builder(actor)
                    .console(line -> listener.getLogger().println(line))
                    .jsonLines(auditFile)
                    .webhook(auditWebhookUrl)
                    .webhookToken(auditWebhookToken)
                    .build());
            if (silencingDisabled) {
                builder.silencer(AlertSilencer.disabled());
            } else if (alertmanagerUrl != null) {
                builder.silencer(AlertSilencer.builder(alertmanagerUrl).bearerToken(alertmanagerToken)
                        .matchers(silenceMatchers == null ? SilenceMatchers.defaults()
                                : SilenceMatchers.parse(silenceMatchers))
                        .build());
            }
        }
        if (ssh != null) {
            builder.sshTargets(ssh.targets());
        }
        if (lock != null && datacenter != null) {
            builder.lock(new BuildLock.OfDatacenter(lock, datacenter));
        }
        if (ledger != null && datacenter != null) {
            builder.ledger(new AgentLedger(ledger, datacenter));
        }
        return builder.build();
    }
}
