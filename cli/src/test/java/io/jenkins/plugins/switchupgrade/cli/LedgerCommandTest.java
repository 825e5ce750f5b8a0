package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.SilenceState;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.ledger.InFlight;
import io.jenkins.plugins.switchupgrade.ledger.Ledger;
import io.jenkins.plugins.switchupgrade.ledger.LedgerEntry;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import io.jenkins.plugins.switchupgrade.ports.Console;
import io.jenkins.plugins.switchupgrade.ports.Sleeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger from the command line: a failed switch blocks the next run until {@code switch-upgrade ack}, an
 * in-flight switch whose state cannot be established is not resumed, and bad acknowledgements change nothing.
 */
class LedgerCommandTest {
    private static Fabric fabric;
    @TempDir
    Path dir;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(4).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(1200))
                .convergeTime(Duration.ofMillis(300)).fault("leaf-r1-p1-pod1", LabFault.BGP_LOSS).build().start();
    }

    @AfterAll
    static void stopFabric() {
        if (fabric != null) {
            fabric.close();
        }
    }

    private List<String> round(Path reportDir, List<Integer> racks, String... extra) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(LabRun.baseFlags(fabric, reportDir));
        int i = args.indexOf("--state-dir");
        args.set(i + 1, dir.resolve("state").toString());
        args.addAll(LabRun.onlyRacks(fabric, racks));
        args.addAll(List.of("--position", "1"));
        args.addAll(List.of(extra));
        return args;
    }

    private LabRun status() {
        return LabRun.run(fabric, dir.resolve("status"), List.of("status", "--prometheus", fabric.prometheus().url(),
                "--datacenter", "lab1", "--state-dir", dir.resolve("state").toString()));
    }

    private LabRun ack(String... flags) {
        List<String> args = new ArrayList<>(List.of("ack", "--state-dir", dir.resolve("state").toString()));
        args.addAll(List.of(flags));
        return LabRun.run(fabric, dir.resolve("ack"), args);
    }

    @Test
    void aFailedSwitchBlocksEveryLaterRunUntilAcknowledged() {
        LabRun failed = LabRun.run(fabric, dir.resolve("first"), round(dir.resolve("first"), List.of(1)));
        assertEquals(1, failed.code, failed.log());
        assertEquals("failed", failed.outcome("leaf-r1-p1-pod1"), failed.log());

        // a periodic job's next build: another rack, still blocked, nothing touched
        LabRun next = LabRun.run(fabric, dir.resolve("second"), round(dir.resolve("second"), List.of(2)));
        assertEquals(1, next.code, next.log());
        assertTrue(next.out.contains("leaf-r1-p1-pod1 of lab1 failed: post-upgrade validation failed"), next.log());
        assertTrue(next.out.contains("by switch-upgrade run by "), next.log());
        assertTrue(next.out.contains("switch-upgrade ack --datacenter lab1 --switch leaf-r1-p1-pod1 --reason "
                + "\"<what you checked>\" --state-dir " + dir.resolve("state")), next.log());
        next.assertNothingDisrupted();
        // --resume does not get past a failure
        LabRun resumed = LabRun.run(fabric, dir.resolve("third"), round(dir.resolve("third"), List.of(2), "--resume"));
        assertEquals(1, resumed.code, resumed.log());
        resumed.assertNothingDisrupted();

        LabRun status = status();
        assertEquals(0, status.code, status.log());
        assertTrue(status.out.contains("Ledger: 1 switch(es) block every round of lab1:\n  leaf-r1-p1-pod1 of lab1 failed"),
                status.log());

        LabRun ack = ack("--datacenter", "lab1", "--switch", "leaf-r1-p1-pod1", "--reason", "BGP peer fixed on the spine");
        assertEquals(0, ack.code, ack.log());
        assertTrue(ack.out.contains("Nothing blocks lab1 any more."), ack.log());
        assertTrue(status().out.contains("Ledger: nothing blocks lab1"), status().log());
        LabRun after = LabRun.run(fabric, dir.resolve("fourth"), round(dir.resolve("fourth"), List.of(2)));
        assertEquals(0, after.code, after.log());
        assertEquals(Set.of("leaf-r2-p1-pod1"), after.disrupted());
    }

    @Test
    void aSwitchInFlightThatNeverRebootedIsNotResumedAndItsSilenceIsLifted() {
        // a claim whose command never went out (the process died between the claim and the command)
        AlertSilencer silencer = AlertSilencer.builder(fabric.alertmanager().url()).build();
        String name = "leaf-r3-p1-pod1";
        String silence = silencer.silence(name, Duration.ofMinutes(30), "test", "a round that died").id();
        Switch target = Switch.builder(name).datacenter("lab1").pod("pod1").rack("r3").position(1).role(Role.LEAF)
                .version("5.9.1").address(fabric.get(name).address().getHostAddress()).platform("cumulus").build();
        // the boot time before the command, as the claim records it: the switch still has it
        Double bootTime = new ExporterAwait(PrometheusClient.builder(fabric.prometheus().url()).build(),
                MetricsProfile.defaults(), Console.silent(), Clock.systemUTC(), Sleeper.system(),
                ExporterAwait.Settings.defaults()).begin(name).bootTimeBefore();
        assertNotNull(bootTime);
        Ledger ledger = Ledger.open(dir.resolve("state"), "lab1", new CliRemedies(dir.resolve("state"), false), null);
        ledger.claim(target, new InFlight("r3", target.address(), "cumulus", "5.9.1", "5.10.0", silence,
                Instant.now().plusSeconds(1800), fabric.alertmanager().url(), bootTime,
                new Snapshot(name, Instant.now(), "5.9.1", Map.of("bgp_peer_status", 4.0)), ""), 1, "a round that died",
                "upgrade from 5.9.1 to 5.10.0");

        Path reportDir = dir.resolve("resume");
        LabRun run = LabRun.run(fabric, reportDir, round(reportDir, List.of(3, 4), "--resume", "--down-seconds", "3"));
        assertEquals(1, run.code, run.log());
        assertTrue(run.reason(name).contains(name + " is still in flight and its state could not be established"),
                run.reason(name));
        assertTrue(run.reason(name).contains("did not reboot"), run.reason(name));
        run.assertNothingDisrupted();
        assertEquals(SilenceState.EXPIRED, silencer.state(silence).orElseThrow());
        assertEquals(LedgerEntry.Kind.DISRUPTION_CLAIMED, ledger.replay().of(name).orElseThrow().last().kind());
    }

    @Test
    void anAcknowledgementNeedsAReasonAndSomethingToAcknowledge() throws Exception {
        LabRun nothing = ack("--datacenter", "lab1", "--switch", "leaf-r4-p1-pod1", "--reason", "looked at it");
        assertEquals(2, nothing.code, nothing.log());
        assertTrue(nothing.err.contains("leaf-r4-p1-pod1 has nothing to acknowledge in the ledger of lab1"),
                nothing.log());
        LabRun noReason = ack("--datacenter", "lab1", "--switch", "leaf-r4-p1-pod1", "--reason", " ");
        assertEquals(2, noReason.code, noReason.log());
        assertTrue(noReason.err.contains("reason"), noReason.log());
        LabRun badName = ack("--datacenter", "../lab1", "--switch", "leaf-r4-p1-pod1", "--reason", "x");
        assertEquals(2, badName.code, badName.log());
        assertTrue(badName.err.contains("cannot name the ledger and lock files"), badName.log());
        Path ledgerFile = dir.resolve("state").resolve("lab1.ledger.jsonl");
        assertTrue(!Files.exists(ledgerFile) || Files.readString(ledgerFile).isEmpty());
    }
}
