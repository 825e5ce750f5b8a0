package io.jenkins.plugins.switchupgrade.core;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.gates.LiveGates;
import io.jenkins.plugins.switchupgrade.ledger.Ledger;
import io.jenkins.plugins.switchupgrade.metrics.FleetReader;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.metrics.SnapshotReader;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;
import io.jenkins.plugins.switchupgrade.ports.Console;
import io.jenkins.plugins.switchupgrade.ports.FleetLock;
import io.jenkins.plugins.switchupgrade.ports.Sleeper;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import io.jenkins.plugins.switchupgrade.text.Redaction;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every step facade needs from its host (the Jenkins plugin, the CLI or a test): the Prometheus client, the
 * metrics profile, the console for progress and the artifact store for evidence; for disruptive steps also the
 * audit trail, the alert silencer, the fleet lock, the drivers per platform and the SSH target of each switch.
 */
public final class StepContext {
    private final PrometheusClient prometheus;
    private final MetricsProfile profile;
    private final Console console;
    private final ArtifactStore artifacts;
    private final Clock clock;
    private final AuditTrail audit;
    private final AlertSilencer silencer;
    private final FleetLock lock;
    private final Map<String, SwitchDriver> drivers;
    private final Function<Switch, SshTarget> sshTargets;
    private final ExporterAwait.Settings awaitSettings;
    private final Sleeper sleeper;
    private final String actor;
    private final String platformOverride;
    private final Ledger ledger;

    private StepContext(Builder b) {
        this.prometheus = Objects.requireNonNull(b.prometheus, "a Prometheus client is required");
        this.profile = b.profile == null ? MetricsProfile.defaults() : b.profile;
        // a URL's secret quoted in any progress line is hidden before the host prints it
        this.console = b.console == null ? Console.silent() : redacting(b.console);
        this.artifacts = Objects.requireNonNull(b.artifacts, "an artifact store is required");
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
        this.audit = b.audit;
        this.silencer = b.silencer;
        this.lock = b.lock == null ? FleetLock.none() : b.lock;
        this.drivers = Map.copyOf(b.drivers);
        this.sshTargets = b.sshTargets;
        this.awaitSettings = b.awaitSettings == null ? ExporterAwait.Settings.defaults() : b.awaitSettings;
        this.sleeper = b.sleeper == null ? Sleeper.system() : b.sleeper;
        this.actor = b.actor == null || b.actor.isBlank() ? "switch-upgrade" : b.actor;
        this.platformOverride = b.platformOverride;
        this.ledger = b.ledger;
    }

    /** The data center's ledger; every disruption is claimed in it before the command when the host keeps one. */
    public Optional<Ledger> ledger() {
        return Optional.ofNullable(ledger);
    }

    private static Console redacting(Console console) {
        return console instanceof RedactingConsole ? console : new RedactingConsole(console);
    }

    private record RedactingConsole(Console inner) implements Console {
        @Override
        public void log(String line) {
            inner.log(Redaction.redact(line));
        }
    }

    /** The audit trail; disruptive steps refuse to act without one. */
    public Optional<AuditTrail> audit() {
        return Optional.ofNullable(audit);
    }

    /** The alert silencer ({@link AlertSilencer#disabled()} when silencing is switched off explicitly). */
    public Optional<AlertSilencer> silencer() {
        return Optional.ofNullable(silencer);
    }

    public FleetLock lock() {
        return lock;
    }

    /** The driver of a platform, e.g. {@code cumulus}; the host's platform override wins over the inventory's. */
    public Optional<SwitchDriver> driver(String platform) {
        return Optional.ofNullable(drivers.get(platformOverride != null ? platformOverride : platform));
    }

    /** How to reach a switch over SSH. */
    public Optional<Function<Switch, SshTarget>> sshTargets() {
        return Optional.ofNullable(sshTargets);
    }

    public ExporterAwait.Settings awaitSettings() {
        return awaitSettings;
    }

    public Sleeper sleeper() {
        return sleeper;
    }

    /** Who acts: the build (e.g. {@code upgrade-dc1 #42}) or the user, for silences and audit events. */
    public String actor() {
        return actor;
    }

    /** This context with one more driver (e.g. Cumulus with a site's own command), replacing its platform's. */
    public StepContext withDriver(SwitchDriver driver) {
        return toBuilder().driver(driver).build();
    }

    /** This context writing its progress elsewhere. */
    public StepContext withConsole(Console other) {
        return toBuilder().console(other).build();
    }

    /** This context with other wait limits. */
    public StepContext withAwaitSettings(ExporterAwait.Settings settings) {
        return toBuilder().awaitSettings(settings).build();
    }

    private Builder toBuilder() {
        Builder b = new Builder().prometheus(prometheus).profile(profile).console(console).artifacts(artifacts)
                .clock(clock).audit(audit).silencer(silencer).lock(lock).sshTargets(sshTargets)
                .awaitSettings(awaitSettings).sleeper(sleeper).actor(actor).platformOverride(platformOverride)
                .ledger(ledger);
        b.drivers.putAll(drivers);
        return b;
    }

    public ExporterAwait exporterAwait() {
        return new ExporterAwait(prometheus, profile, console, clock, sleeper, awaitSettings);
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

    /** The live gates, read through this context's Prometheus and Alertmanager. */
    public LiveGates liveGates() {
        return new LiveGates(prometheus, profile, silencer, console, clock);
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
        private AuditTrail audit;
        private AlertSilencer silencer;
        private FleetLock lock;
        private final Map<String, SwitchDriver> drivers = new LinkedHashMap<>();
        private Function<Switch, SshTarget> sshTargets;
        private ExporterAwait.Settings awaitSettings;
        private Sleeper sleeper;
        private String actor;
        private String platformOverride;
        private Ledger ledger;

        /** The data center's ledger (the state directory's in the CLI, the controller's in Jenkins). */
        public Builder ledger(Ledger ledger) {
            this.ledger = ledger;
            return this;
        }

        /** Drives every switch with this platform's driver, whatever the inventory's platform label says. */
        public Builder platformOverride(String platform) {
            this.platformOverride = platform;
            return this;
        }

        public Builder audit(AuditTrail audit) {
            this.audit = audit;
            return this;
        }

        public Builder silencer(AlertSilencer silencer) {
            this.silencer = silencer;
            return this;
        }

        public Builder lock(FleetLock lock) {
            this.lock = lock;
            return this;
        }

        public Builder driver(SwitchDriver driver) {
            this.drivers.put(driver.platform(), driver);
            return this;
        }

        public Builder sshTargets(Function<Switch, SshTarget> sshTargets) {
            this.sshTargets = sshTargets;
            return this;
        }

        public Builder awaitSettings(ExporterAwait.Settings awaitSettings) {
            this.awaitSettings = awaitSettings;
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public Builder actor(String actor) {
            this.actor = actor;
            return this;
        }

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
