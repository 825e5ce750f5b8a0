package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;
import io.jenkins.plugins.switchupgrade.steps.StepContext;
import java.io.Serializable;

/**
 * The global configuration, with its credentials resolved for one build, in the form that travels to
 * the agent. The token is sent to the agent (which queries Prometheus) and nowhere else.
 */
final class EngineSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String prometheusUrl;
    private final String prometheusToken;
    private final String metricsProfile;

    private EngineSettings(String prometheusUrl, @CheckForNull String prometheusToken, @CheckForNull String metricsProfile) {
        this.prometheusUrl = prometheusUrl;
        this.prometheusToken = prometheusToken;
        this.metricsProfile = metricsProfile;
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
        return new EngineSettings(url, token, config.getMetricsProfile());
    }

    /** The engine's step context, built on the agent. */
    @NonNull
    StepContext engineContext(@NonNull TaskListener listener, @NonNull ArtifactStore artifacts) {
        PrometheusClient prometheus = PrometheusClient.builder(prometheusUrl).bearerToken(prometheusToken).build();
        return StepContext.builder()
                .prometheus(prometheus)
                .profile(metricsProfile == null ? MetricsProfile.defaults() : MetricsProfile.fromJson(metricsProfile))
                .console(line -> listener.getLogger().println(line))
                .artifacts(artifacts)
                .build();
    }
}
