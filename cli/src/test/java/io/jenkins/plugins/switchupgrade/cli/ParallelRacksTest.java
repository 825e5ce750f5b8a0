package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.lab.CommandRecord;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import org.junit.jupiter.api.AfterAll;
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
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code switch-upgrade run --parallel-racks N} against the lab: at most N racks at once, never both switches of a
 * rack at the same time, spines one at a time, and the first failure stops the round while the switches already in
 * flight finish and are validated. Who was busy when comes from the lab's command record (a switch's first command
 * to the end of its entry in report.json).
 */
class ParallelRacksTest {
    private static Fabric fabric;
    @TempDir
    Path reportDir;

    @BeforeAll
    static void startFabric() {
        // racks 1-6 for the healthy round, 7-9 for the failing one (rack 8 never comes back from a reboot)
        fabric = Fabric.builder().racks(9).spines(2).alertmanager(true).rebootTime(Duration.ofMillis(1000))
                .convergeTime(Duration.ofMillis(300))
                .fault("leaf-r8-p1-pod1", LabFault.NO_RETURN).fault("leaf-r8-p2-pod1", LabFault.NO_RETURN)
                .build().start();
    }

    @AfterAll
    static void stopFabric() {
        if (fabric != null) {
            fabric.close();
        }
    }

    /** When a switch was busy: its first command in the round to its end in report.json. */
    private record Window(String name, Instant from, Instant to) {
        boolean overlaps(Window other) {
            return from.isBefore(other.to) && other.from.isBefore(to);
        }

        boolean contains(Instant t) {
            return !t.isBefore(from) && t.isBefore(to);
        }
    }

    private static Map<String, Window> windows(LabRun run) {
        Map<String, Instant> first = new LinkedHashMap<>();
        for (CommandRecord.Entry c : run.commands()) {
            first.putIfAbsent(c.switchName(), c.time());
        }
        Map<String, Window> windows = new LinkedHashMap<>();
        for (Map<String, Object> s : run.switches()) {
            String name = (String) s.get("name");
            if (first.containsKey(name) && s.get("endedAt") != null) {
                windows.put(name, new Window(name, first.get(name), Instant.parse((String) s.get("endedAt"))));
            }
        }
        return windows;
    }

    /** The most windows open at once (checked at every window's start, where the count can only rise). */
    private static int mostAtOnce(Map<String, Window> windows) {
        int most = 0;
        for (Window w : windows.values()) {
            most = Math.max(most, (int) windows.values().stream().filter(o -> o.contains(w.from())).count());
        }
        return most;
    }

    private LabRun round(String role, List<Integer> racks, String... extra) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(LabRun.baseFlags(fabric, reportDir));
        args.addAll(List.of("--role", role, "--parallel-racks", "3"));
        args.addAll(LabRun.onlyRacks(fabric, racks));
        // rack 8's leaves never come back by design; the other racks' cases do not wait for them
        args.addAll(LabRun.fleetHealthGateOff(reportDir));
        args.addAll(List.of(extra));
        return LabRun.run(fabric, reportDir, args);
    }

    private static Set<String> leavesOf(List<Integer> racks) {
        Set<String> names = new TreeSet<>();
        for (LabSwitch s : fabric.switches()) {
            if (s.role().equals("leaf") && racks.contains(s.rack())) {
                names.add(s.name());
            }
        }
        return names;
    }

    @Test
    void leavesGoThreeRacksAtATimeAndNeverBothSwitchesOfARack() {
        List<Integer> racks = List.of(1, 2, 3, 4, 5, 6);
        Set<String> leaves = leavesOf(racks);
        LabRun run = round("leaf", racks);
        String log = run.log();
        assertEquals(0, run.code, log);
        assertEquals("completed", run.status(), log);
        for (String leaf : leaves) {
            assertEquals("upgraded", run.outcome(leaf), leaf + "\n" + log);
        }
        assertEquals(leaves, run.rebooted(), log);
        assertEquals(12, run.assertSilencesExpired(), log);

        Map<String, Window> windows = windows(run);
        assertEquals(leaves, new TreeSet<>(windows.keySet()), log);
        int most = mostAtOnce(windows);
        assertEquals(3, most, "three racks at a time, in parallel: " + windows.values() + "\n" + log);
        for (int rack : racks) {
            Window p1 = windows.get("leaf-r" + rack + "-p1-pod1");
            Window p2 = windows.get("leaf-r" + rack + "-p2-pod1");
            assertFalse(p1.overlaps(p2), "both switches of rack " + rack + " at once: " + p1 + " " + p2);
        }
        // the reboot commands themselves: never more than three switches between 'reboot' and the end of their entry
        for (CommandRecord.Entry reboot : run.commands()) {
            if (reboot.command().trim().matches("(sudo )?reboot")) {
                long busy = windows.values().stream().filter(w -> w.contains(reboot.time())).count();
                assertTrue(busy <= 3, busy + " switches busy when " + reboot.switchName() + " rebooted");
            }
        }
    }

    @Test
    void spinesGoOneAtATimeWhateverParallelRacksSays() {
        LabRun run = round("spine", List.of());
        String log = run.log();
        assertEquals(0, run.code, log);
        assertEquals("completed", run.status(), log);
        assertEquals("upgraded", run.outcome("spine-s1-pod1"), log);
        assertEquals("upgraded", run.outcome("spine-s2-pod1"), log);
        assertEquals(Set.of("spine-s1-pod1", "spine-s2-pod1"), run.rebooted(), log);
        Map<String, Window> windows = windows(run);
        assertEquals(2, windows.size(), log);
        assertFalse(windows.get("spine-s1-pod1").overlaps(windows.get("spine-s2-pod1")), windows.values().toString());
        assertEquals(1, mostAtOnce(windows));
        assertEquals(2, run.assertSilencesExpired(), log);
    }

    @Test
    void theFirstFailureStopsTheRoundAndTheSwitchesInFlightFinish() {
        List<Integer> racks = List.of(7, 8, 9);
        // rack 8's switch fails 2 s after it went down, while the others (back after 1 s) are still being validated
        LabRun run = round("leaf", racks, "--up-seconds", "2");
        String log = run.log();
        assertEquals(1, run.code, log);
        assertEquals("aborted", run.status(), log);
        // the slots took one switch of each rack: rack 8's failed, racks 7 and 9's finished and were validated; a slot
        // that freed before the failure was refilled (rolling slots), so a second switch of rack 7 or 9 may be there
        List<Map<String, Object>> touched = run.switches().stream()
                .filter(s -> !"not-reached".equals(s.get("outcome"))).toList();
        assertTrue(touched.size() >= 3 && touched.size() <= 5, log);
        Map<String, String> outcomeByRack = new LinkedHashMap<>();
        for (Map<String, Object> s : touched) {
            outcomeByRack.put((String) s.get("rack"), (String) s.get("outcome"));
        }
        assertEquals(Map.of("7", "upgraded", "8", "failed", "9", "upgraded"), outcomeByRack, log);
        String failed = (String) touched.stream().filter(s -> "failed".equals(s.get("outcome"))).findFirst()
                .orElseThrow().get("name");
        assertTrue(run.reason(failed).contains("did not come back"), run.reason(failed));
        for (Map<String, Object> s : touched) {
            if ("upgraded".equals(s.get("outcome"))) {
                assertEquals("post equals pre; runs 5.10.0", s.get("reason"), log);
            }
        }
        // nothing was started after the failure
        Set<String> inFlight = new TreeSet<>();
        touched.forEach(s -> inFlight.add((String) s.get("name")));
        List<Map<String, Object>> notReached = run.switches().stream()
                .filter(s -> "not-reached".equals(s.get("outcome"))).toList();
        assertEquals(6 - touched.size(), notReached.size(), log);
        for (Map<String, Object> s : notReached) {
            assertTrue(((String) s.get("reason")).startsWith("the round stopped: " + failed + " failed"), log);
        }
        assertEquals(inFlight, run.disrupted(), log);
        assertEquals(inFlight, run.rebooted(), log);
        Map<String, Window> windows = windows(run);
        assertEquals(3, mostAtOnce(windows), "three were in flight together: " + windows.values());
        for (Window w : windows.values()) {
            assertTrue(w.from().isBefore(windows.get(failed).to()), w + " started after " + failed + " failed");
        }
        assertEquals(1, run.silenceIds(failed).size(), log);
        assertEquals(touched.size(), run.assertSilencesExpired(), log);
    }
}
