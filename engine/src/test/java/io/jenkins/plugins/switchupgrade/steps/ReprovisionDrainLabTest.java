package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.campaign.LabRounds;
import io.jenkins.plugins.switchupgrade.core.StepContext;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.audit.AuditEvent;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.core.DrainSettings;
import io.jenkins.plugins.switchupgrade.core.SafetyException;
import io.jenkins.plugins.switchupgrade.drivers.CumulusBgpDrain;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code reprovisionSwitch} facade with {@code drain}, against the lab: the switch is drained and its traffic
 * proven moved to the siblings of this build's validation before onie-select; when it does not move, the switch is
 * undrained and nothing else is sent. Proven from the lab's command record and the audit trail.
 */
class ReprovisionDrainLabTest {
    private static final String MOVES = "leaf-r1-p1-pod1";
    private static final String IGNORED = "leaf-r2-p1-pod1";
    private static Fabric fabric;
    @TempDir
    Path artifacts;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(2).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(1500))
                .convergeTime(Duration.ofMillis(300)).fault(IGNORED, LabFault.DRAIN_IGNORED).build().start();
        fabric.prometheus().awaitSeries("irate(node_network_transmit_bytes_total{device=\"swp1\"}[2m]) > 0", 4,
                Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    private StepContext context(AuditTrail audit) {
        return StepContext.builder().prometheus(PrometheusClient.builder(fabric.prometheus().url()).build())
                .artifacts(new DirectoryArtifactStore(artifacts)).audit(audit)
                .silencer(AlertSilencer.builder(fabric.alertmanager().url()).build()).lock(LabRounds.held())
                .driver(CumulusOnie.defaults()).actor("drain-step #1")
                .sshTargets(s -> SshTarget.builder().name(s.name()).host(s.address()).port(fabric.ssh().port())
                        .user(fabric.ssh().user()).privateKeyFile(fabric.ssh().clientKeyFile())
                        .knownHostsFile(fabric.ssh().knownHostsFile()).build())
                .build();
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
    void withDrainTheSwitchIsDrainedAndItsTrafficMovesBeforeOnieSelect() {
        AuditTrail audit = AuditTrail.builder("drain-step #1").jsonLines(artifacts.resolve("moves.jsonl")).build();
        StepContext context = context(audit);
        assertTrue(new ValidateSibling(context).validate(new ValidateSibling.Request().candidate(MOVES)).passed());
        Map<String, Object> sent = StepResults.toMap(new ReprovisionSwitch(context).run(new ReprovisionSwitch.Request().target(MOVES)
                .drain(DrainSettings.on())));
        assertEquals(true, sent.get("drained"), sent.toString());
        List<String> commands = commands(MOVES);
        int drained = index(commands, CumulusBgpDrain.DRAIN);
        assertTrue(drained >= 0 && index(commands, "onie-select") > drained, "the drain goes first: " + commands);
        List<AuditKind> kinds = audit.events().stream().map(AuditEvent::kind).toList();
        assertTrue(kinds.indexOf(AuditKind.DRAINED) >= 0
                && kinds.indexOf(AuditKind.DRAINED) < kinds.indexOf(AuditKind.REPROVISION_SENT), kinds.toString());
        AuditEvent event = audit.events().stream().filter(e -> e.kind() == AuditKind.DRAINED).findFirst().orElseThrow();
        assertTrue(event.reason().contains("to move to leaf-r1-p2-pod1"), "the siblings of the validation: "
                + event.reason());
    }

    @Test
    void whenTheTrafficDoesNotMoveTheSwitchIsUndrainedAndNotTouched() {
        AuditTrail audit = AuditTrail.builder("drain-step #1").jsonLines(artifacts.resolve("ignored.jsonl")).build();
        StepContext context = context(audit);
        assertTrue(new ValidateSibling(context).validate(new ValidateSibling.Request().candidate(IGNORED)).passed());
        SafetyException e = assertThrows(SafetyException.class, () -> new ReprovisionSwitch(context).run(
                new ReprovisionSwitch.Request().target(IGNORED)
                        .drain(new DrainSettings(true, null, 0.1, Duration.ofSeconds(3)))));
        assertTrue(e.nothingSent());
        assertTrue(e.getMessage().startsWith(IGNORED + ": not touched: traffic did not move within 3 s of the drain"),
                e.getMessage());
        List<String> commands = commands(IGNORED);
        assertTrue(index(commands, CumulusBgpDrain.DRAIN) >= 0, commands.toString());
        assertTrue(index(commands, CumulusBgpDrain.UNDRAIN) > index(commands, CumulusBgpDrain.DRAIN),
                "undrained after the drain: " + commands);
        assertEquals(-1, index(commands, "onie-select"), "nothing else sent: " + commands);
        assertFalse(audit.events().stream().anyMatch(ev -> ev.kind() == AuditKind.REPROVISION_SENT));
        assertTrue(audit.events().stream().anyMatch(ev -> ev.kind() == AuditKind.UNDRAINED));
    }

}
