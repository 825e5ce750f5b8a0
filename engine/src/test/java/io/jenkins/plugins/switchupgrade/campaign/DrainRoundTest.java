package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.core.DrainSettings;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.audit.AuditEvent;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.drivers.CumulusBgpDrain;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drain before the disruption, against the lab: the switch is drained with BGP graceful shutdown, its exporter's
 * byte counters move to its sibling, only then is it re-provisioned, and it comes back undrained (checked, not
 * assumed); when the traffic does not move the switch is undrained and nothing else is sent. Proven from the lab's
 * command record and the audit trail.
 */
class DrainRoundTest {
    private static Fabric fabric;
    @TempDir
    Path reportDir;
    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(2).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(1500))
                .convergeTime(Duration.ofMillis(300)).fault("leaf-r2-p1-pod1", LabFault.DRAIN_IGNORED).build().start();
        // a rate needs two scrapes of every counter
        fabric.prometheus().awaitSeries("irate(node_network_transmit_bytes_total{device=\"swp1\"}[2m]) > 0", 4,
                Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    private RoundReport round(String only, DrainSettings drain, AuditTrail audit) {
        List<String> exclude = fabric.switches().stream().map(LabSwitch::name).filter(n -> !n.equals(only)).toList();
        StepContext context = StepContext.builder().prometheus(PrometheusClient.builder(fabric.prometheus().url()).build())
                .artifacts(new DirectoryArtifactStore(reportDir)).audit(audit).console(log::add)
                .silencer(AlertSilencer.builder(fabric.alertmanager().url()).build()).lock(LabRounds.held())
                .driver(CumulusOnie.defaults()).actor("drain-test #1")
                .awaitSettings(ExporterAwait.Settings.defaults().withPoll(Duration.ofMillis(100)))
                .sshTargets(s -> SshTarget.builder().name(s.name()).host(s.address()).port(fabric.ssh().port())
                        .user(fabric.ssh().user()).privateKeyFile(fabric.ssh().clientKeyFile())
                        .knownHostsFile(fabric.ssh().knownHostsFile()).build())
                .build();
        return new UpgradeRound(context).run(new RoundOptions(fabric.settings().datacenter(), Role.LEAF,
                fabric.settings().fromVersion(), fabric.settings().toVersion(), null, 0, 1, 5L,
                Duration.ofMinutes(10), Duration.ofSeconds(10), exclude).withDrain(drain));
    }

    private AuditTrail audit(String name) {
        return AuditTrail.builder("drain-test #1").jsonLines(reportDir.resolve(name + ".jsonl")).build();
    }

    private static List<String> commands(String name) {
        return fabric.commands().commands(name).stream().map(String::trim).toList();
    }

    private static int index(List<String> commands, String prefix) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void theSwitchIsDrainedAndItsTrafficMovesBeforeItIsReprovisionedAndItComesBackUndrained() {
        AuditTrail audit = audit("moved");
        RoundReport report = round("leaf-r1-p1-pod1", DrainSettings.on(), audit);
        assertEquals(RoundReport.Status.COMPLETED, report.status(), report.reason() + "\n" + String.join("\n", log));
        List<String> sent = commands("leaf-r1-p1-pod1");
        int drained = index(sent, CumulusBgpDrain.DRAIN);
        int onie = index(sent, "onie-select");
        assertTrue(drained >= 0 && onie > drained, "the drain goes before onie-select: " + sent);
        // about 2 MB/s each before; the sibling carries about 4 MB/s once the candidate is drained
        assertTrue(log.stream().anyMatch(l -> l.matches("leaf-r1-p1-pod1: traffic moved: leaf-r1-p1-pod1 [12]\\.\\d MB/s "
                + "-> 0\\.[0-2] MB/s .*, leaf-r1-p2-pod1 [12]\\.\\d MB/s -> [345]\\.\\d MB/s .*")),
                String.join("\n", log));
        List<AuditKind> kinds = audit.events().stream().map(AuditEvent::kind).toList();
        assertTrue(kinds.indexOf(AuditKind.DRAINED) >= 0
                && kinds.indexOf(AuditKind.DRAINED) < kinds.indexOf(AuditKind.REPROVISION_SENT), kinds.toString());
        AuditEvent undrained = audit.events().stream().filter(e -> e.kind() == AuditKind.UNDRAINED).findFirst()
                .orElseThrow(() -> new AssertionError("no undrained event: " + kinds));
        assertTrue(undrained.reason().startsWith("came back without graceful shutdown"), undrained.reason());
        assertTrue(sent.lastIndexOf(CumulusBgpDrain.RUNNING_CONFIG) > onie, "the drain state is read after the return");
        assertFalse(sent.contains(CumulusBgpDrain.UNDRAIN), "nothing to undo: " + sent);
        assertFalse(fabric.get("leaf-r1-p1-pod1").isDrained());
    }

    @Test
    void trafficThatDoesNotMoveUndrainsAndTouchesNothingElse() {
        AuditTrail audit = audit("ignored");
        RoundReport report = round("leaf-r2-p1-pod1", new DrainSettings(true, null, 0.1, Duration.ofSeconds(6)), audit);
        assertEquals(RoundReport.Status.ABORTED, report.status(), report.reason());
        SwitchResult failed = report.switches().get(0);
        assertEquals(SwitchResult.Outcome.FAILED, failed.outcome());
        // the figures jitter with the scrapes: about 2 MB/s each, before and after
        assertTrue(failed.reason().matches("not touched: traffic did not move within 6 s of the drain: "
                + "leaf-r2-p1-pod1 [12]\\.\\d MB/s -> [12]\\.\\d MB/s \\(must fall to 0\\.2 MB/s or less\\), "
                + "leaf-r2-p2-pod1 [12]\\.\\d MB/s -> [12]\\.\\d MB/s \\(must rise by half of what leaf-r2-p1-pod1 "
                + "shed\\); the switch was undrained and nothing else was sent"), failed.reason());
        List<String> sent = commands("leaf-r2-p1-pod1");
        assertTrue(index(sent, CumulusBgpDrain.DRAIN) >= 0 && index(sent, CumulusBgpDrain.UNDRAIN)
                > index(sent, CumulusBgpDrain.DRAIN), sent.toString());
        assertTrue(sent.stream().noneMatch(c -> c.contains("onie-select") || c.contains("reboot")), sent.toString());
        assertFalse(fabric.get("leaf-r2-p1-pod1").isDrained());
        List<AuditKind> kinds = audit.events().stream().map(AuditEvent::kind).toList();
        assertTrue(kinds.contains(AuditKind.DRAINED) && kinds.contains(AuditKind.UNDRAINED), kinds.toString());
        assertFalse(kinds.contains(AuditKind.REPROVISION_SENT), kinds.toString());
    }

}
