package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.steps.StepResults;

import io.jenkins.plugins.switchupgrade.core.SafetyException;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.ledger.FileLedger;
import io.jenkins.plugins.switchupgrade.ledger.Ledger;
import io.jenkins.plugins.switchupgrade.ledger.LedgerBlockedException;
import io.jenkins.plugins.switchupgrade.ledger.LedgerEntry;
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

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data center's ledger under the round and the Pipeline steps, against the lab: a failed switch blocks the next
 * round until acknowledged, and disruptive steps of two builds sharing the ledger are one at a time.
 */
class LedgerRoundTest {
    private static final Ledger.Remedies REMEDIES = new Ledger.Remedies() {
        @Override
        public String acknowledge(String datacenter, String switchName) {
            return "acknowledgeFailure(datacenter: '" + datacenter + "', switchName: '" + switchName + "', reason: '...')";
        }

        @Override
        public String resume(String datacenter) {
            return "";
        }
    };
    private static Fabric fabric;
    @TempDir
    Path dir;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(5).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(1200))
                .convergeTime(Duration.ofMillis(300)).fault("leaf-r1-p1-pod1", LabFault.BGP_LOSS).build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    private static final FleetLock HELD = new FleetLock() {
        @Override
        public String name() {
            return "switch-upgrade-lab1";
        }

        @Override
        public boolean isHeld() {
            return true;
        }
    };

    private StepContext context(Path artifacts, String actor) {
        return StepContext.builder().prometheus(PrometheusClient.builder(fabric.prometheus().url()).build())
                .artifacts(new DirectoryArtifactStore(artifacts))
                .audit(AuditTrail.builder(actor).jsonLines(artifacts.resolve("audit.jsonl")).build())
                .silencer(AlertSilencer.builder(fabric.alertmanager().url()).build()).lock(HELD)
                .driver(CumulusOnie.defaults()).actor(actor)
                .ledger(Ledger.open(dir.resolve("state"), "lab1", REMEDIES, null))
                .awaitSettings(ExporterAwait.Settings.defaults().withPoll(Duration.ofMillis(100)).withLimits(
                        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .sshTargets(s -> SshTarget.builder().name(s.name()).host(s.address()).port(fabric.ssh().port())
                        .user(fabric.ssh().user()).privateKeyFile(fabric.ssh().clientKeyFile())
                        .knownHostsFile(fabric.ssh().knownHostsFile()).build())
                .build();
    }

    private static RoundOptions onlyRack(int rack) {
        List<String> exclude = fabric.switches().stream().filter(s -> s.role().equals("leaf") && s.rack() != rack)
                .map(s -> s.name()).toList();
        return new RoundOptions("lab1", Role.LEAF, "5.9.1", "5.10.0", 1, 1, 1, 7L, Duration.ofMinutes(10),
                Duration.ofSeconds(3), exclude);
    }

    private static boolean disruptedSince(String name, Instant since) {
        return fabric.commands().forSwitch(name).stream().anyMatch(c -> !c.time().isBefore(since)
                && (c.command().contains("onie-select") || c.command().contains("reboot")));
    }

    @Test
    void aFailedSwitchBlocksEveryLaterRoundUntilAPersonAcknowledgesIt() {
        RoundReport failed = new UpgradeRound(context(dir.resolve("first"), "build #1")).run(onlyRack(1));
        assertEquals(RoundReport.Status.ABORTED, failed.status());
        assertEquals(SwitchResult.Outcome.FAILED, failed.switches().get(0).outcome());
        FileLedger ledger = FileLedger.open(dir.resolve("state"), "lab1", REMEDIES, null);
        List<LedgerEntry.Kind> kinds = ledger.entries().stream().map(LedgerEntry::kind).toList();
        assertEquals(List.of(LedgerEntry.Kind.DISRUPTION_CLAIMED, LedgerEntry.Kind.FAILED), kinds);

        // the next round, of another rack and another build, does not start
        Instant before = Instant.now();
        LedgerBlockedException blocked = assertThrows(LedgerBlockedException.class,
                () -> new UpgradeRound(context(dir.resolve("second"), "build #2")).run(onlyRack(2)));
        assertTrue(blocked.getMessage().contains("leaf-r1-p1-pod1 of lab1 failed: post-upgrade validation failed"),
                blocked.getMessage());
        assertTrue(blocked.getMessage().contains("by build #1"), blocked.getMessage());
        assertTrue(blocked.getMessage().contains("acknowledgeFailure(datacenter: 'lab1', switchName: "
                + "'leaf-r1-p1-pod1', reason: '...')"), blocked.getMessage());
        assertFalse(disruptedSince("leaf-r2-p1-pod1", before));

        ledger.acknowledge("leaf-r1-p1-pod1", "carol@ops-1", "BGP peer down on the spine side, fixed");
        RoundReport after = new UpgradeRound(context(dir.resolve("third"), "build #3")).run(onlyRack(2));
        assertEquals(RoundReport.Status.COMPLETED, after.status(), after.reason());
        assertTrue(disruptedSince("leaf-r2-p1-pod1", before));
    }

    @Test
    void disruptiveStepsOfTwoBuildsOfOneDatacenterAreOneAtATime() {
        StepContext first = context(dir.resolve("build-1"), "build #1");
        StepContext second = context(dir.resolve("build-2"), "build #2");
        new ValidateSibling(first).run(new ValidateSibling.Request().candidate("leaf-r3-p1-pod1"));
        new ValidateSibling(second).run(new ValidateSibling.Request().candidate("leaf-r4-p1-pod1"));
        Instant before = Instant.now();
        Map<String, Object> sent = StepResults.toMap(new ReprovisionSwitch(first).run(new ReprovisionSwitch.Request()
                .target("leaf-r3-p1-pod1")));

        // a parallel branch (or build) holding the same lockable resource name is refused by the ledger
        SafetyException refused = assertThrows(SafetyException.class, () -> new ReprovisionSwitch(second)
                .run(new ReprovisionSwitch.Request().target("leaf-r4-p1-pod1")));
        assertTrue(refused.nothingSent());
        assertTrue(refused.getMessage().contains("leaf-r4-p1-pod1 was not touched: 1 switch(es) of lab1 already in "
                + "flight, at most 1 at once: leaf-r3-p1-pod1 of lab1 is in flight"), refused.getMessage());
        assertFalse(disruptedSince("leaf-r4-p1-pod1", before));
        // refused before anything was silenced or announced
        assertTrue(second.audit().orElseThrow().events().stream().noneMatch(e -> e.kind()
                == io.jenkins.plugins.switchupgrade.audit.AuditKind.SILENCE_CREATED || e.kind().isDisruptive()),
                second.audit().orElseThrow().events().toString());

        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) sent.get("await");
        Map<String, Object> back = StepResults.toMap(new AwaitExporter(first).run(new AwaitExporter.Request().target("leaf-r3-p1-pod1")
                .state(state).silenceId((String) sent.get("silenceId")).downSeconds(10).upSeconds(20).freshSeconds(20)));
        assertEquals(true, back.get("done"));
        fabric.prometheus().awaitSeries("count by (instance) (fabric_switch_bgp_peer_status{instance=\"leaf-r3-p1-pod1\"}"
                + " == 0) == 4", 1, Duration.ofSeconds(20));
        Map<String, Object> diff = StepResults.toMap(new DiffMetrics(first).run(new DiffMetrics.Request().target("leaf-r3-p1-pod1")
                .toVersion("5.10.0").silenceId((String) sent.get("silenceId"))));
        assertEquals(true, diff.get("passed"), diff.toString());

        // the first switch is verified: the other build may go on
        new ReprovisionSwitch(second).run(new ReprovisionSwitch.Request().target("leaf-r4-p1-pod1"));
        assertTrue(disruptedSince("leaf-r4-p1-pod1", before));
        List<String> order = Ledger.open(dir.resolve("state"), "lab1", REMEDIES, null).entries().stream()
                .map(e -> e.kind().wireName() + " " + e.switchName()).toList();
        assertEquals(List.of("disruption-claimed leaf-r3-p1-pod1", "upgraded leaf-r3-p1-pod1",
                "disruption-claimed leaf-r4-p1-pod1"), order);
        // leave no silence behind for the other tests
        new AwaitExporter(second).abandon(new AwaitExporter.Request().target("leaf-r4-p1-pod1"), "test over");
    }

    @Test
    void anAbortedRoundKeepsItsSwitchInFlightAndTheNextRoundCompletesItWhenAskedTo() throws Exception {
        String name = "leaf-r5-p1-pod1";
        Path first = dir.resolve("aborted");
        List<String> said = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        StepContext context = context(first, "build #7").withConsole(said::add);
        UpgradeRound round = new UpgradeRound(context);
        java.util.concurrent.atomic.AtomicReference<Object> ended = new java.util.concurrent.atomic.AtomicReference<>();
        Thread build = new Thread(() -> {
            try {
                ended.set(round.run(onlyRack(5)));
            } catch (Throwable e) {
                ended.set(e);
            }
        }, "aborted-build");
        build.start();
        // abort the build while the switch is down, as Jenkins interrupts the executor
        Instant deadline = Instant.now().plusSeconds(60);
        while (!down(name) || said.stream().noneMatch(l -> l.contains(name + ": waiting for it to go down"))) {
            assertTrue(Instant.now().isBefore(deadline), name + " never went down");
            Thread.sleep(10);
        }
        build.interrupt();
        build.join(30_000);
        assertTrue(ended.get() instanceof RoundReport, () -> ended.get() instanceof Throwable t
                ? java.util.Arrays.toString(t.getStackTrace()) + " " + t : String.valueOf(ended.get()));
        assertEquals(RoundReport.Status.INTERRUPTED, ((RoundReport) ended.get()).status(), String.join("\n", said));
        String report = java.nio.file.Files.readString(first.resolve("report.json"));
        assertTrue(report.contains("\"status\": \"interrupted\""), report);
        Ledger ledger = Ledger.open(dir.resolve("state"), "lab1", REMEDIES, null);
        assertEquals(LedgerEntry.Kind.INTERRUPTED, ledger.replay().of(name).orElseThrow().last().kind());
        String silence = context.audit().orElseThrow().events().stream()
                .filter(e -> e.kind() == io.jenkins.plugins.switchupgrade.audit.AuditKind.SILENCE_CREATED)
                .map(e -> String.valueOf(e.details().get("silenceId"))).findFirst().orElseThrow();
        AlertSilencer silencer = AlertSilencer.builder(fabric.alertmanager().url()).build();
        assertEquals(io.jenkins.plugins.switchupgrade.alerts.SilenceState.ACTIVE, silencer.state(silence).orElseThrow(),
                "the switch may be down: its silence is kept");

        assertThrows(LedgerBlockedException.class,
                () -> new UpgradeRound(context(dir.resolve("next"), "build #8")).run(onlyRack(5)));
        RoundReport resumed = new UpgradeRound(context(dir.resolve("resumed"), "build #9")).resumeInFlight(true)
                .run(onlyRack(5));
        assertEquals(SwitchResult.Outcome.UPGRADED, resumed.switches().get(0).outcome(), resumed.reason());
        assertEquals(io.jenkins.plugins.switchupgrade.alerts.SilenceState.EXPIRED, silencer.state(silence).orElseThrow());
        assertEquals(1, fabric.commands().commands(name).stream().filter(c -> c.trim().matches("(sudo )?reboot"))
                .count());
    }

    private static boolean down(String name) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(fabric.get(name).address(), 9100), 200);
            return false;
        } catch (java.io.IOException e) {
            return fabric.commands().commands(name).stream().anyMatch(c -> c.trim().matches("(sudo )?reboot"));
        }
    }
}
