package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.campaign.LabRounds;
import io.jenkins.plugins.switchupgrade.steps.StepResults;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.SilenceState;
import io.jenkins.plugins.switchupgrade.audit.AuditEvent;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.core.SafetyException;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.lab.CommandRecord;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.lab.ssh.AosLabCli;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.steps.IssuUpgrade;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.jenkins.plugins.switchupgrade.drivers.aos.AosVirtualChassisLabTest.FROM;
import static io.jenkins.plugins.switchupgrade.drivers.aos.AosVirtualChassisLabTest.TO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code issuUpgrade} step facade against the lab with real Prometheus and Alertmanager: the ISSU between a
 * silence and a diff, the MAC retention fix recorded before it is sent, and refusals that touch nothing.
 */
class IssuUpgradeLabTest {
    private static final String PLAIN = "leaf-r1-p1-pod1";
    private static final String FIX = "leaf-r1-p2-pod1";
    private static final String REFUSED = "leaf-r2-p1-pod1";
    private static final String SLAVE_FAILS = "leaf-r2-p2-pod1";

    private static Fabric fabric;
    @TempDir
    Path artifacts;

    @BeforeAll
    static void startFabric() {
        fabric = AosVirtualChassisLabTest.fabric(2).alertmanager(true).fault(FIX, LabFault.MAC_RETENTION_OFF)
                .fault(REFUSED, LabFault.MAC_RETENTION_OFF).fault(SLAVE_FAILS, LabFault.ISSU_SLAVE_FAILS).build()
                .start();
        for (LabSwitch labSwitch : fabric.switches()) {
            AosLabCli.of(fabric, labSwitch.name()).timings(AosVirtualChassisLabTest.fastTimings());
        }
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    private StepContext context(AuditTrail audit, List<String> log) {
        return StepContext.builder().prometheus(PrometheusClient.builder(fabric.prometheus().url()).build())
                .artifacts(new DirectoryArtifactStore(artifacts)).audit(audit)
                .silencer(AlertSilencer.builder(fabric.alertmanager().url()).build()).lock(LabRounds.held())
                .actor("test #4")
                .console(log::add)
                .sshTargets(s -> AosVirtualChassisLabTest.target(fabric, s.name())).build();
    }

    private AuditTrail audit() {
        return AuditTrail.builder("test #4").jsonLines(artifacts.resolve("audit.jsonl")).build();
    }

    private static IssuUpgrade.Request request(String target) {
        return new IssuUpgrade.Request().target(target).imageDirectory("new_firm").expectedRelease(TO)
                .slaveRebootSeconds(10).masterRebootSeconds(20).settleSeconds(20).pollInterval(Duration.ofMillis(100));
    }

    private static List<AuditKind> kinds(AuditTrail audit, String name) {
        return audit.events().stream().filter(e -> e.switchName().equals(name)).map(AuditEvent::kind).toList();
    }

    @Test
    void upgradesInServiceBetweenASilenceAndADiffAndRecordsIt() throws Exception {
        AuditTrail audit = audit();
        List<String> log = new ArrayList<>();
        Map<String, Object> result = StepResults.toMap(new IssuUpgrade(context(audit, log)).run(request(PLAIN)));

        assertEquals(true, result.get("passed"), result.toString());
        assertEquals(FROM, result.get("releaseBefore"));
        assertEquals(TO, result.get("releaseAfter"));
        assertEquals(2, result.get("masterBefore"));
        assertEquals(1, result.get("masterAfter"));
        assertEquals(List.of(1), result.get("slaveOrder"));
        assertEquals(null, result.get("silenceId"), "expired after the diff");
        assertTrue(((Map<?, ?>) result.get("macRetention")).get("passed").equals(true), result.toString());
        assertEquals(List.of(AuditKind.SILENCE_CREATED, AuditKind.DISRUPTION_SENT, AuditKind.SWITCH_UP,
                AuditKind.DIFF_PASSED, AuditKind.SILENCE_EXPIRED, AuditKind.OUTCOME), kinds(audit, PLAIN));
        String silenceId = String.valueOf(audit.events().stream().filter(e -> e.kind() == AuditKind.SILENCE_CREATED)
                .findFirst().orElseThrow().details().get("silenceId"));
        assertEquals(SilenceState.EXPIRED, AlertSilencer.builder(fabric.alertmanager().url()).build()
                .state(silenceId).orElseThrow());
        Map<String, Object> saved = Json.parseObject(Files.readString(artifacts.resolve("switch-upgrade/" + PLAIN
                + "/issu.json")), "issu.json");
        assertEquals(TO, saved.get("releaseAfter"));
        assertTrue(Files.exists(artifacts.resolve("switch-upgrade/" + PLAIN + "/pre.json")));
        assertTrue(log.contains("Status: Pre upgrade validation passed!"), log.toString());
        assertTrue(log.contains("Status: Post upgrade validation passed!"), log.toString());
        assertEquals(0, fabric.get(PLAIN).reboots());
    }

    @Test
    void theMacRetentionFixIsRecordedAsAConfigChangeBeforeItIsSent() {
        AuditTrail audit = audit();
        Map<String, Object> result = StepResults.toMap(new IssuUpgrade(context(audit, new ArrayList<>()))
                .run(request(FIX).fixMacRetention(true)));

        assertEquals(true, result.get("passed"), result.toString());
        assertEquals(true, ((Map<?, ?>) result.get("macRetention")).get("fixed"));
        AuditEvent change = audit.events().stream().filter(e -> e.kind() == AuditKind.CONFIG_CHANGED).findFirst()
                .orElseThrow();
        assertEquals(FIX, change.switchName());
        assertEquals("mac-retention status enable", change.details().get("command"));
        CommandRecord.Entry sent = fabric.commands().forSwitch(FIX).stream()
                .filter(e -> e.command().equals("mac-retention status enable")).findFirst().orElseThrow();
        assertFalse(sent.time().isBefore(change.time()), "recorded before it was sent");
        List<AuditKind> kinds = kinds(audit, FIX);
        assertTrue(kinds.indexOf(AuditKind.CONFIG_CHANGED) < kinds.indexOf(AuditKind.DISRUPTION_SENT), kinds.toString());
        assertTrue(AosLabCli.of(fabric, FIX).macRetentionEnabled());
    }

    @Test
    void macRetentionOffWithoutTheFixTouchesNothing() {
        AuditTrail audit = audit();
        SafetyException e = assertThrows(SafetyException.class,
                () -> new IssuUpgrade(context(audit, new ArrayList<>())).run(request(REFUSED)));

        assertTrue(e.nothingSent());
        assertTrue(e.getMessage().contains("MAC retention is disabled"), e.getMessage());
        assertTrue(kinds(audit, REFUSED).isEmpty(), "no silence, no audit event: " + audit.events());
        assertFalse(fabric.commands().anyMatching(REFUSED, "^issu from|^mac-retention status enable|^cp |^write"));
    }

    @Test
    void aFailedIssuExpiresTheSilenceAtOnce() {
        AuditTrail audit = audit();
        SafetyException e = assertThrows(SafetyException.class,
                () -> new IssuUpgrade(context(audit, new ArrayList<>())).run(request(SLAVE_FAILS)));

        assertFalse(e.nothingSent());
        assertTrue(e.getMessage().contains("slave 1 did not rejoin"), e.getMessage());
        assertEquals(List.of(AuditKind.SILENCE_CREATED, AuditKind.DISRUPTION_SENT, AuditKind.SILENCE_EXPIRED),
                kinds(audit, SLAVE_FAILS));
        List<String> commands = fabric.commands().commands(SLAVE_FAILS);
        assertEquals("y", commands.get(commands.size() - 1), commands.toString());
    }

    @Test
    void missingArgumentsSayWhatToGive() {
        IssuUpgrade step = new IssuUpgrade(context(audit(), new ArrayList<>()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> step.run(new IssuUpgrade.Request().target(PLAIN).expectedRelease(TO)));
        assertTrue(e.getMessage().contains("imageDirectory"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> step.run(new IssuUpgrade.Request().target(PLAIN).imageDirectory("new_firm").expectedRelease("7.3")));
        assertTrue(e.getMessage().contains("expectedRelease"), e.getMessage());
    }
}
