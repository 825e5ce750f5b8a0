package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie;
import io.jenkins.plugins.switchupgrade.fleet.Fleet;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.lab.CommandRecord;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.metrics.FleetReader;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.ports.FleetLock;
import io.jenkins.plugins.switchupgrade.selection.CandidatePool;
import io.jenkins.plugins.switchupgrade.selection.PickRequest;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rolling slots against the lab, proven from the lab's command record and the round's report: a slow switch does
 * not hold the other slots back, two switches of a rack are never busy at once, and spines go one at a time,
 * beside the leaves only when the round is told so.
 */
class RollingRoundLabTest {
    private static Fabric fabric;
    @TempDir
    Path artifacts;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(6).spines(2).alertmanager(true).rebootTime(Duration.ofMillis(1000))
                .convergeTime(Duration.ofMillis(300)).slowRebootDelay(Duration.ofSeconds(8)).build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    @AfterEach
    void backToTheFromVersion() {
        for (LabSwitch s : fabric.switches()) {
            s.setVersion("5.9.1");
        }
        fabric.prometheus().awaitSeries("count(fabric_switch_os_info{version=\"5.9.1\"}) == 14", 1,
                Duration.ofSeconds(20));
    }

    private record Window(String name, Instant from, Instant to) {
        boolean overlaps(Window other) {
            return from.isBefore(other.to) && other.from.isBefore(to);
        }
    }

    private RoundReport round(Role role, int parallel, boolean spinesAlongside) {
        FleetLock lock = new FleetLock() {
            @Override
            public String name() {
                return "switch-upgrade-lab1";
            }

            @Override
            public boolean isHeld() {
                return true;
            }
        };
        StepContext context = StepContext.builder().prometheus(PrometheusClient.builder(fabric.prometheus().url()).build())
                .artifacts(new DirectoryArtifactStore(artifacts))
                .audit(AuditTrail.builder("test").jsonLines(artifacts.resolve("audit.jsonl")).build())
                .silencer(AlertSilencer.builder(fabric.alertmanager().url()).build()).lock(lock)
                .driver(CumulusOnie.defaults()).actor("test")
                .awaitSettings(ExporterAwait.Settings.defaults().withPoll(Duration.ofMillis(100)))
                .sshTargets(s -> SshTarget.builder().name(s.name()).host(s.address()).port(fabric.ssh().port())
                        .user(fabric.ssh().user()).privateKeyFile(fabric.ssh().clientKeyFile())
                        .knownHostsFile(fabric.ssh().knownHostsFile()).build())
                .build();
        return new UpgradeRound(context).spinesAlongsideLeaves(spinesAlongside).run(new RoundOptions("lab1", role,
                "5.9.1", "5.10.0", null, 0, parallel, 11L, Duration.ofMinutes(10), Duration.ofSeconds(20)));
    }

    /** Each switch's busy time: its first command in the lab after {@code since} to its end in the report. */
    private static Map<String, Window> windows(RoundReport report, Instant since) {
        Map<String, Instant> first = new LinkedHashMap<>();
        for (CommandRecord.Entry c : fabric.commands().entries()) {
            if (!c.time().isBefore(since)) {
                first.putIfAbsent(c.switchName(), c.time());
            }
        }
        Map<String, Window> windows = new LinkedHashMap<>();
        for (SwitchResult r : report.switches()) {
            if (first.containsKey(r.name()) && r.endedAt() != null) {
                windows.put(r.name(), new Window(r.name(), first.get(r.name()), r.endedAt()));
            }
        }
        return windows;
    }

    private static String rack(String name) {
        return name.substring(0, name.indexOf("-p"));
    }

    @Test
    void aSlowSwitchDoesNotHoldTheOtherSlotsBackAndRacksStayApart() {
        // the round's first candidate (same request, same seed, same inventory) is the one that reboots slowly: the
        // rack drawn first, and of it the MLAG secondary (position 2 in the lab), which the round takes before its
        // primary whichever of the two the draw names (the inventory's order in Prometheus' answer can vary)
        PrometheusClient client = PrometheusClient.builder(fabric.prometheus().url()).build();
        Fleet leaves = new FleetReader(client, MetricsProfile.defaults()).read("lab1", Role.LEAF);
        String drawn = new CandidatePool(new PickRequest("lab1", Role.LEAF, "5.9.1", null, List.of(), 11L), leaves)
                .take(java.util.Set.of()).orElseThrow().name();
        String slowName = drawn.replace("-p1-", "-p2-");
        fabric.get(slowName).inject(LabFault.SLOW_REBOOT);
        Instant since = Instant.now();
        RoundReport report;
        try {
            report = round(Role.LEAF, 3, false);
        } finally {
            fabric.get(slowName).clear(LabFault.SLOW_REBOOT);
        }
        assertEquals(RoundReport.Status.COMPLETED, report.status(), report.reason());
        assertEquals(12, report.count(SwitchResult.Outcome.UPGRADED));
        Map<String, Window> windows = windows(report, since);
        assertEquals(12, windows.size(), windows.keySet().toString());
        List<Window> all = new ArrayList<>(windows.values());
        for (Window a : all) {
            for (Window b : all) {
                if (a != b && rack(a.name()).equals(rack(b.name()))) {
                    assertFalse(a.overlaps(b), a + " and " + b + " of one rack were busy at once");
                }
            }
            long atOnce = all.stream().filter(b -> !b.from().isAfter(a.from()) && b.to().isAfter(a.from())).count();
            assertTrue(atOnce <= 3, atOnce + " switches busy at " + a.from());
        }
        Window slow = windows.get(slowName);
        long startedAndDoneMeanwhile = all.stream().filter(w -> w != slow && w.from().isAfter(slow.from())
                && w.to().isBefore(slow.to())).count();
        // in waves of 3 the slow switch's wave holds its two companions; rolling slots keep two slots busy
        assertTrue(startedAndDoneMeanwhile >= 3, "only " + startedAndDoneMeanwhile + " switches started and "
                + "finished while the slow one was in flight: " + all);
        assertTrue(fabric.commands().entries().stream().noneMatch(c -> !c.time().isBefore(since)
                && c.switchName().startsWith("spine")), "a round of leaves leaves the spines alone by default");
    }

    @Test
    void spinesAlongsideLeavesGoOneAtATimeBesideTheLeaves() {
        Instant since = Instant.now();
        RoundReport report = round(Role.LEAF, 3, true);
        assertEquals(RoundReport.Status.COMPLETED, report.status(), report.reason());
        assertEquals(14, report.count(SwitchResult.Outcome.UPGRADED));
        Map<String, Window> windows = windows(report, since);
        Window s1 = windows.get("spine-s1-pod1");
        Window s2 = windows.get("spine-s2-pod1");
        assertFalse(s1.overlaps(s2), "two spines at once: " + s1 + " " + s2);
        assertTrue(windows.values().stream().anyMatch(w -> w.name().startsWith("leaf") && (w.overlaps(s1)
                || w.overlaps(s2))), "a leaf was upgraded while a spine was");
    }
}
