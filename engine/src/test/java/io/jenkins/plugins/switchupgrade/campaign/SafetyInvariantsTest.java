package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.steps.StepResults;

import io.jenkins.plugins.switchupgrade.core.SafetyException;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.SilenceState;
import io.jenkins.plugins.switchupgrade.audit.AuditEvent;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie;
import io.jenkins.plugins.switchupgrade.lab.ExternalServer;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.ports.FleetLock;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import io.jenkins.plugins.switchupgrade.steps.AwaitExporter;
import io.jenkins.plugins.switchupgrade.steps.DiffMetrics;
import io.jenkins.plugins.switchupgrade.steps.ReprovisionSwitch;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import io.jenkins.plugins.switchupgrade.steps.ValidateSibling;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The safety invariants of the disruptive steps, each proven from the lab's record of the commands every switch
 * received: no onie-select or reboot without the lock, a passed validation, an accepted audit event and a silence.
 */
class SafetyInvariantsTest {
    private static Fabric fabric;
    @TempDir
    Path artifacts;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(6).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(1500))
                .convergeTime(Duration.ofMillis(300)).build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    private static FleetLock lock(boolean held) {
        return new FleetLock() {
            @Override
            public String name() {
                return "switch-upgrade-lab1";
            }

            @Override
            public boolean isHeld() {
                return held;
            }
        };
    }

    private StepContext context(boolean lockHeld, AlertSilencer silencer, AuditTrail audit) {
        return StepContext.builder().prometheus(PrometheusClient.builder(fabric.prometheus().url()).build())
                .artifacts(new DirectoryArtifactStore(artifacts)).audit(audit).silencer(silencer).lock(lock(lockHeld))
                .driver(CumulusOnie.defaults()).actor("test #1")
                .awaitSettings(ExporterAwait.Settings.defaults().withPoll(Duration.ofMillis(100)))
                .sshTargets(s -> SshTarget.builder().name(s.name()).host(s.address()).port(fabric.ssh().port())
                        .user(fabric.ssh().user()).privateKeyFile(fabric.ssh().clientKeyFile())
                        .knownHostsFile(fabric.ssh().knownHostsFile()).build())
                .build();
    }

    private AuditTrail audit(String webhook) {
        AuditTrail.Builder builder = AuditTrail.builder("test #1").jsonLines(artifacts.resolve("audit.jsonl"));
        if (webhook != null) {
            builder.webhook(webhook);
        }
        return builder.build();
    }

    private AlertSilencer alertmanager() {
        return AlertSilencer.builder(fabric.alertmanager().url()).build();
    }

    private static boolean disrupted(String name) {
        return fabric.commands().commands(name).stream()
                .anyMatch(c -> c.contains("onie-select") || c.contains("reboot") || c.contains("provision"));
    }

    private void validate(StepContext context, String candidate) {
        new ValidateSibling(context).run(new ValidateSibling.Request().candidate(candidate));
    }

    @Test
    void nothingIsSentWithoutTheLock() {
        StepContext context = context(false, alertmanager(), audit(null));
        validate(context, "leaf-r1-p1-pod1");
        SafetyException e = assertThrows(SafetyException.class, () -> new ReprovisionSwitch(context)
                .run(new ReprovisionSwitch.Request().target("leaf-r1-p1-pod1")));
        assertTrue(e.nothingSent());
        assertTrue(e.getMessage().contains("the fleet lock switch-upgrade-lab1 is not held"), e.getMessage());
        assertFalse(disrupted("leaf-r1-p1-pod1"));
    }

    @Test
    void nothingIsSentWhenValidationFailedOrNeverRan() {
        StepContext context = context(true, alertmanager(), audit(null));
        SafetyException never = assertThrows(SafetyException.class, () -> new ReprovisionSwitch(context)
                .run(new ReprovisionSwitch.Request().target("leaf-r2-p1-pod1")));
        assertTrue(never.getMessage().contains("validation did not pass"), never.getMessage());
        fabric.get("leaf-r2-p2-pod1").setLinksUp(3);
        try {
            fabric.prometheus().awaitSeries("count by (instance) (fabric_switch_interface_link_status"
                    + "{instance=\"leaf-r2-p2-pod1\"} == 2) == 3", 1, Duration.ofSeconds(20));
            validate(context, "leaf-r2-p1-pod1");
            assertThrows(SafetyException.class, () -> new ReprovisionSwitch(context)
                    .run(new ReprovisionSwitch.Request().target("leaf-r2-p1-pod1")));
        } finally {
            fabric.get("leaf-r2-p2-pod1").setLinksUp(6);
        }
        assertFalse(disrupted("leaf-r2-p1-pod1"));
    }

    @Test
    void nothingIsSentWhenTheAuditWebhookRefuses() throws IOException {
        HttpServer refusing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        refusing.createContext("/", exchange -> {
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
        });
        refusing.start();
        try {
            AuditTrail audit = audit("http://127.0.0.1:" + refusing.getAddress().getPort() + "/changelog");
            AlertSilencer silencer = alertmanager();
            StepContext context = context(true, silencer, audit);
            validate(context, "leaf-r3-p1-pod1");
            SafetyException e = assertThrows(SafetyException.class, () -> new ReprovisionSwitch(context)
                    .run(new ReprovisionSwitch.Request().target("leaf-r3-p1-pod1")));
            assertTrue(e.nothingSent());
            assertTrue(e.getMessage().contains("audit trail did not accept"), e.getMessage());
            assertFalse(disrupted("leaf-r3-p1-pod1"));
            List<AuditEvent> events = AuditTrail.read(artifacts.resolve("audit.jsonl"));
            assertFalse(events.isEmpty(), "the refused event is still on file");
            // the silence created before the refusal was expired again, so the switch's alerts are not muted
            String silenceId = events.stream().filter(ev -> ev.kind() == AuditKind.SILENCE_CREATED)
                    .map(ev -> String.valueOf(ev.details().get("silenceId"))).findFirst().orElse(null);
            if (silenceId != null) {
                assertEquals(SilenceState.EXPIRED, silencer.state(silenceId).orElseThrow());
            }
        } finally {
            refusing.stop(0);
        }
    }

    @Test
    void nothingIsSentWhenTheSilenceCannotBeCreated() {
        AlertSilencer unreachable = AlertSilencer.builder("http://127.0.0.1:" + ExternalServer.freePort())
                .connectTimeout(Duration.ofSeconds(1)).build();
        StepContext context = context(true, unreachable, audit(null));
        validate(context, "leaf-r4-p1-pod1");
        SafetyException e = assertThrows(SafetyException.class, () -> new ReprovisionSwitch(context)
                .run(new ReprovisionSwitch.Request().target("leaf-r4-p1-pod1")));
        assertTrue(e.getMessage().contains("could not be silenced"), e.getMessage());
        assertFalse(disrupted("leaf-r4-p1-pod1"));
    }

    @Test
    void withEverythingInPlaceTheSwitchIsReprovisionedAwaitedDiffedAndUnsilenced() {
        AlertSilencer silencer = alertmanager();
        AuditTrail audit = audit(null);
        StepContext context = context(true, silencer, audit);
        validate(context, "leaf-r5-p1-pod1");
        Map<String, Object> sent = StepResults.toMap(new ReprovisionSwitch(context).run(new ReprovisionSwitch.Request()
                .target("leaf-r5-p1-pod1")));
        String silenceId = (String) sent.get("silenceId");
        assertEquals(SilenceState.ACTIVE, silencer.state(silenceId).orElseThrow());
        List<String> commands = fabric.commands().commands("leaf-r5-p1-pod1");
        int onie = indexOf(commands, "onie-select -i -f");
        int reboot = indexOf(commands, "reboot");
        assertTrue(onie >= 0 && reboot > onie, "onie-select, then reboot: " + commands);
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) sent.get("await");
        // the wait goes in 1 s slices, each resumed from the state the previous one returned, as a host that
        // persists it across a restart does; while the switch is down Prometheus no longer knows it
        Map<String, Object> back = state;
        int slices = 0;
        do {
            back = StepResults.toMap(new AwaitExporter(context).run(new AwaitExporter.Request().target("leaf-r5-p1-pod1")
                    .state(back).silenceId(silenceId).downSeconds(10).upSeconds(20).freshSeconds(20).sliceSeconds(1)));
            slices++;
        } while (!Boolean.TRUE.equals(back.get("done")) && slices < 40);
        assertEquals("BACK", back.get("phase"));
        assertTrue(slices > 1, "the wait took more than one slice: " + slices);
        fabric.prometheus().awaitSeries("count by (instance) (fabric_switch_bgp_peer_status{instance=\"leaf-r5-p1-pod1\"}"
                + " == 0) == 4", 1, Duration.ofSeconds(20));
        Map<String, Object> diff = StepResults.toMap(new DiffMetrics(context).run(new DiffMetrics.Request().target("leaf-r5-p1-pod1")
                .toVersion("5.10.0").silenceId(silenceId)));
        assertEquals(true, diff.get("passed"), diff.toString());
        assertEquals(SilenceState.EXPIRED, silencer.state(silenceId).orElseThrow());
        List<AuditKind> kinds = audit.events().stream().map(AuditEvent::kind).toList();
        assertTrue(kinds.indexOf(AuditKind.SILENCE_CREATED) < kinds.indexOf(AuditKind.REPROVISION_SENT), kinds.toString());
        assertTrue(kinds.containsAll(List.of(AuditKind.SWITCH_DOWN, AuditKind.SWITCH_UP, AuditKind.DIFF_PASSED,
                AuditKind.SILENCE_EXPIRED)), kinds.toString());
    }

    @Test
    void aSwitchThatNeverGoesDownFailsAndItsSilenceIsExpiredAtOnce() {
        AlertSilencer silencer = alertmanager();
        StepContext context = context(true, silencer, audit(null));
        String silenceId = silencer.silence("leaf-r6-p1-pod1", Duration.ofMinutes(10), "test #1", "never rebooted").id();
        RuntimeException e = assertThrows(RuntimeException.class, () -> new AwaitExporter(context).run(
                new AwaitExporter.Request().target("leaf-r6-p1-pod1").silenceId(silenceId).downSeconds(2)));
        assertTrue(e.getMessage().contains("did not reboot"), e.getMessage());
        assertEquals(SilenceState.EXPIRED, silencer.state(silenceId).orElseThrow());
    }

    @Test
    void anInterruptedWaitKeepsTheSilenceForTheResumedWait() throws Exception {
        AlertSilencer silencer = alertmanager();
        StepContext context = context(true, silencer, audit(null));
        String silenceId = silencer.silence("leaf-r6-p2-pod1", Duration.ofMinutes(10), "test #1", "restart").id();
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread waiting = new Thread(() -> {
            try {
                new AwaitExporter(context).run(new AwaitExporter.Request().target("leaf-r6-p2-pod1")
                        .silenceId(silenceId).downSeconds(30));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        waiting.start();
        Thread.sleep(1000);
        waiting.interrupt();
        waiting.join(10_000);
        assertTrue(thrown.get() instanceof io.jenkins.plugins.switchupgrade.await.AwaitException a && a.cancelled(),
                String.valueOf(thrown.get()));
        assertEquals(SilenceState.ACTIVE, silencer.state(silenceId).orElseThrow());
        silencer.expire(silenceId);
    }

    @Test
    void aWaitForAnUnknownSwitchExpiresItsSilence() {
        AlertSilencer silencer = alertmanager();
        StepContext context = context(true, silencer, audit(null));
        String silenceId = silencer.silence("leaf-r99-p1-pod1", Duration.ofMinutes(10), "test #1", "typo").id();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AwaitExporter(context)
                .run(new AwaitExporter.Request().target("leaf-r99-p1-pod1").silenceId(silenceId)));
        assertTrue(e.getMessage().contains("does not know switch 'leaf-r99-p1-pod1'"), e.getMessage());
        assertEquals(SilenceState.EXPIRED, silencer.state(silenceId).orElseThrow());
    }

    private static int indexOf(List<String> commands, String wanted) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).trim().equals(wanted)) {
                return i;
            }
        }
        return -1;
    }
}
