package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.ports.FleetLock;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** What the round tests on a lab fabric share: a held lock, a round's context on the lab, the switches left out. */
public final class LabRounds {
    private LabRounds() {
    }

    /** The lab's fleet lock, held by the test. */
    public static FleetLock held() {
        return held("switch-upgrade-lab1");
    }

    /** A fleet lock named {@code name}, held by the test. */
    public static FleetLock held(String name) {
        return new FleetLock() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isHeld() {
                return true;
            }
        };
    }

    /**
     * A round's context on {@code fabric} as {@code switch-upgrade run} builds it: the lab's Prometheus and
     * Alertmanager, artifacts and {@code audit.jsonl} in {@code reportDir}, the lock held, the Cumulus driver and
     * the lab's SSH, the port probed every 100 ms. A test adds its own driver or SSH targets to the builder.
     */
    public static StepContext.Builder context(Fabric fabric, Path reportDir, String actor) {
        AuditTrail audit = AuditTrail.builder(actor).jsonLines(reportDir.resolve("audit.jsonl")).build();
        return StepContext.builder().prometheus(PrometheusClient.builder(fabric.prometheus().url()).build())
                .artifacts(new DirectoryArtifactStore(reportDir)).audit(audit)
                .silencer(AlertSilencer.builder(fabric.alertmanager().url()).build()).lock(held())
                .driver(CumulusOnie.defaults()).actor(actor)
                .awaitSettings(ExporterAwait.Settings.defaults().withPoll(Duration.ofMillis(100)))
                .sshTargets(s -> SshTarget.builder().name(s.name()).host(s.address()).port(fabric.ssh().port())
                        .user(fabric.ssh().user()).privateKeyFile(fabric.ssh().clientKeyFile())
                        .knownHostsFile(fabric.ssh().knownHostsFile()).build());
    }

    /** Every switch of {@code fabric} except {@code only}: a round's exclude list that leaves it just those. */
    public static List<String> allBut(Fabric fabric, Collection<String> only) {
        return fabric.switches().stream().map(LabSwitch::name).filter(n -> !only.contains(n)).toList();
    }
}
