package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.metrics.FleetReader;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.metrics.SnapshotReader;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;
import io.jenkins.plugins.switchupgrade.ports.Console;

import java.time.Clock;
import java.util.Objects;

/**
 * What every step facade needs from its host (the Jenkins plugin, the CLI or a test): the Prometheus client, the
 * metrics profile, the console for progress and the artifact store for evidence.
 */
public final class StepContext {
    private final PrometheusClient prometheus;
    private final MetricsProfile profile;
    private final Console console;
    private final ArtifactStore artifacts;
    private final Clock clock;

    private StepContext(Builder b) {
        this.prometheus = Objects.requireNonNull(b.prometheus, "a Prometheus client is required");
        this.profile = b.profile == null ? MetricsProfile.defaults() : b.profile;
        this.console = b.console == null ? Console.silent() : b.console;
        this.artifacts = Objects.requireNonNull(b.artifacts, "an artifact store is required");
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    public PrometheusClient prometheus() {
        return prometheus;
    }

    public MetricsProfile profile() {
        return profile;
    }

    public Console console() {
        return console;
    }

    public ArtifactStore artifacts() {
        return artifacts;
    }

    public Clock clock() {
        return clock;
    }

    public FleetReader fleetReader() {
        return new FleetReader(prometheus, profile);
    }

    public SnapshotReader snapshotReader() {
        return new SnapshotReader(prometheus, profile, clock);
    }

    /** Builds a {@link StepContext}; Prometheus and the artifact store are required. */
    public static final class Builder {
        private PrometheusClient prometheus;
        private MetricsProfile profile;
        private Console console;
        private ArtifactStore artifacts;
        private Clock clock;

        public Builder prometheus(PrometheusClient prometheus) {
            this.prometheus = prometheus;
            return this;
        }

        public Builder profile(MetricsProfile profile) {
            this.profile = profile;
            return this;
        }

        public Builder console(Console console) {
            this.console = console;
            return this;
        }

        public Builder artifacts(ArtifactStore artifacts) {
            this.artifacts = artifacts;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public StepContext build() {
            return new StepContext(this);
        }
    }
}
