package io.jenkins.plugins.switchupgrade.ledger;

import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger on disk: replay, the claim rule (one rack, a bound in flight), acknowledgement, damage. */
class LedgerTest {
    private static final Ledger.Remedies CLI = new Ledger.Remedies() {
        @Override
        public String acknowledge(String datacenter, String switchName) {
            return "switch-upgrade ack --datacenter " + datacenter + " --switch " + switchName + " --reason \"...\"";
        }

        @Override
        public String resume(String datacenter) {
            return "switch-upgrade run --datacenter " + datacenter + " ... --resume";
        }
    };
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path stateDir;

    private FileLedger ledger() {
        return FileLedger.open(stateDir, "dc1", CLI, CLOCK);
    }

    private static Switch leaf(int rack, int position) {
        return Switch.builder("leaf-r" + rack + "-p" + position + "-pod1").datacenter("dc1").pod("pod1")
                .rack("r" + rack).position(position).role(Role.LEAF).version("5.9.1").address("127.0.0." + rack)
                .platform("cumulus").build();
    }

    private static InFlight inFlight(Switch s) {
        return new InFlight(s.rack(), s.address(), "cumulus", "5.9.1", "5.10.0", "6999f4c7-8056-4390-b030-b907bb1c647b",
                Instant.parse("2026-12-02T11:00:00Z"), "http://127.0.0.1:9093", 1.7e9,
                new Snapshot(s.name(), Instant.parse("2026-12-02T09:59:00Z"), "5.9.1",
                        Map.of("bgp_peer_status", 32.0)), "/reports/dc1");
    }

    @Test
    void aFailedSwitchBlocksEveryLaterRoundUntilAPersonAcknowledgesIt() {
        Switch s = leaf(1, 1);
        ledger().claim(s, inFlight(s), 1, "run by alice", "upgrade from 5.9.1 to 5.10.0");
        ledger().record(LedgerEntry.Kind.FAILED, s.name(), "run by alice", "post-upgrade validation failed: bgp 31 < 32");

        LedgerBlockedException blocked = assertThrows(LedgerBlockedException.class, () -> ledger().requireClear(false));
        String message = blocked.getMessage();
        assertTrue(message.contains("leaf-r1-p1-pod1 of dc1 failed: post-upgrade validation failed: bgp 31 < 32"),
                message);
        assertTrue(message.contains("2026-12-02T10:00:00Z, by run by alice"), message);
        assertTrue(message.contains("switch-upgrade ack --datacenter dc1 --switch leaf-r1-p1-pod1 --reason"), message);
        // resuming does not cover a failure
        assertThrows(LedgerBlockedException.class, () -> ledger().requireClear(true));
        // nor can another switch be claimed meanwhile
        Switch other = leaf(2, 1);
        assertThrows(LedgerBlockedException.class, () -> ledger().claim(other, inFlight(other), 4, "bob", "upgrade"));

        ledger().acknowledge(s.name(), "carol@ops-1", "optic replaced, BGP back to 32");
        assertTrue(ledger().requireClear(false).blockers().isEmpty());
        LedgerEntry ack = ledger().entries().get(2);
        assertEquals(LedgerEntry.Kind.ACKNOWLEDGED, ack.kind());
        assertEquals("carol@ops-1", ack.actor());
        assertEquals("acknowledged after failed: optic replaced, BGP back to 32", ack.reason());
    }

    @Test
    void aClaimWithoutOutcomeIsInFlightAndStaysSoWhenInterrupted() {
        Switch s = leaf(3, 1);
        ledger().claim(s, inFlight(s), 1, "run by alice", "upgrade");
        ledger().record(LedgerEntry.Kind.INTERRUPTED, s.name(), "run by alice", "SIGTERM; the switch was down");

        LedgerState state = ledger().requireClear(true);
        assertEquals(1, state.inFlight().size());
        LedgerState.SwitchState flying = state.inFlight().get(0);
        assertTrue(flying.interrupted());
        assertEquals("r3", flying.rack());
        assertEquals(32.0, flying.inFlight().orElseThrow().pre().value("bgp_peer_status"));
        assertEquals(1.7e9, flying.inFlight().orElseThrow().bootTimeBefore());
        assertEquals(Ledger.thisProcess(), flying.claim().process());
        String message = assertThrows(LedgerBlockedException.class, () -> ledger().requireClear(false)).getMessage();
        assertTrue(message.contains("leaf-r3-p1-pod1 of dc1 was interrupted while in flight (SIGTERM; the switch was "
                + "down)"), message);
        assertTrue(message.contains("switch-upgrade run --datacenter dc1 ... --resume"), message);

        ledger().record(LedgerEntry.Kind.UPGRADED, s.name(), "run by bob", "completed by --resume");
        assertTrue(ledger().requireClear(false).blockers().isEmpty());
        // an interruption reported after the outcome changes nothing
        ledger().record(LedgerEntry.Kind.INTERRUPTED, s.name(), "run by bob", "late");
        assertTrue(ledger().requireClear(false).blockers().isEmpty());
    }

    @Test
    void neverTwoSwitchesOfOneRackAndNeverMoreInFlightThanAllowed() {
        Switch first = leaf(1, 1);
        ledger().claim(first, inFlight(first), 2, "a", "upgrade");
        Switch sibling = leaf(1, 2);
        String sameRack = assertThrows(LedgerBlockedException.class,
                () -> ledger().claim(sibling, inFlight(sibling), 2, "b", "upgrade")).getMessage();
        assertTrue(sameRack.contains("never two switches of one rack"), sameRack);
        assertTrue(sameRack.contains("leaf-r1-p1-pod1 of dc1 is in flight"), sameRack);
        assertThrows(LedgerBlockedException.class, () -> ledger().claim(first, inFlight(first), 2, "b", "again"));

        Switch otherRack = leaf(2, 1);
        ledger().claim(otherRack, inFlight(otherRack), 2, "b", "upgrade");
        Switch third = leaf(3, 1);
        String limit = assertThrows(LedgerBlockedException.class,
                () -> ledger().claim(third, inFlight(third), 2, "c", "upgrade")).getMessage();
        assertTrue(limit.startsWith("2 switch(es) of dc1 already in flight, at most 2 at once"), limit);

        ledger().record(LedgerEntry.Kind.RELEASED, first.name(), "a", "nothing sent");
        ledger().claim(third, inFlight(third), 2, "c", "upgrade");
        assertEquals(List.of(otherRack.name(), third.name()), ledger().replay().inFlight().stream()
                .map(LedgerState.SwitchState::switchName).toList());
    }

    @Test
    void claimsFromManyThreadsAtOnceNeverExceedOneInFlight() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<String> won = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int rack = 1; rack <= 8; rack++) {
                Switch s = leaf(rack, 1);
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        // a ledger object per thread, as separate builds would have
                        ledger().claim(s, inFlight(s), 1, "branch " + s.rack(), "upgrade");
                        won.add(s.name());
                    } catch (LedgerBlockedException refused) {
                        // expected for all but one
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, won.size(), won.toString());
        assertEquals(1, ledger().entries().size());
    }

    @Test
    void entriesAreOnDiskInOrderAndATornLastLineIsIgnored() throws IOException {
        Switch s = leaf(4, 1);
        ledger().claim(s, inFlight(s), 1, "a", "upgrade");
        List<String> lines = Files.readAllLines(ledger().file());
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains("\"kind\":\"disruption-claimed\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"silenceId\":\"6999f4c7-8056-4390-b030-b907bb1c647b\""), lines.get(0));
        assertEquals(stateDir.resolve("dc1.ledger.jsonl"), ledger().file());

        // a crash in the middle of a write leaves a line without its newline: it was never acknowledged
        Files.writeString(ledger().file(), "{\"seq\":2,\"id\":\"x\",\"ti", StandardOpenOption.APPEND);
        assertEquals(1, ledger().entries().size());
        assertEquals(1, ledger().replay().inFlight().size());
    }

    @Test
    void aDamagedLineIsAnErrorNamingTheLineNeverSkipped() throws IOException {
        Switch s = leaf(5, 1);
        ledger().claim(s, inFlight(s), 1, "a", "upgrade");
        Files.writeString(ledger().file(), "not json\n", StandardOpenOption.APPEND);
        LedgerException e = assertThrows(LedgerException.class, () -> ledger().replay());
        assertTrue(e.getMessage().startsWith("line 2 of the ledger " + ledger().file() + " is not a ledger entry"),
                e.getMessage());
        // nor is a ledger of another data center read as this one's
        Files.writeString(ledger().file(), Files.readString(ledger().file()).replace("not json\n", ""));
        FileLedger copied = FileLedger.open(stateDir.resolve("copy"), "dc2", CLI, CLOCK);
        Files.createDirectories(copied.file().getParent());
        Files.copy(ledger().file(), copied.file());
        LedgerException foreign = assertThrows(LedgerException.class, copied::replay);
        assertTrue(foreign.getMessage().contains("is an entry of data center 'dc1', not of dc2"), foreign.getMessage());
        Files.writeString(ledger().file(), "not json\n", StandardOpenOption.APPEND);
        // and nothing can be claimed on a ledger that cannot be read
        Switch other = leaf(6, 1);
        assertThrows(LedgerException.class, () -> ledger().claim(other, inFlight(other), 1, "a", "upgrade"));
    }

    @Test
    void anAcknowledgementNeedsAReasonAndSomethingToAcknowledge() {
        IllegalArgumentException noReason = assertThrows(IllegalArgumentException.class,
                () -> ledger().acknowledge("leaf-r1-p1-pod1", "carol@ops-1", " "));
        assertTrue(noReason.getMessage().contains("needs a reason"), noReason.getMessage());
        IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class,
                () -> ledger().acknowledge("leaf-r1-p1-pod1", "carol@ops-1", "looked at it"));
        assertTrue(nothing.getMessage().startsWith("leaf-r1-p1-pod1 has nothing to acknowledge in the ledger of dc1"),
                nothing.getMessage());
        assertTrue(nothing.getMessage().contains("nothing blocks dc1"), nothing.getMessage());
        assertFalse(Files.exists(ledger().file()) && ledger().entries().size() > 0);
    }

    @Test
    void aDatacenterThatCannotNameAFileIsRefused() {
        for (String bad : new String[] {"../etc", "dc/1", "", ".", "..", "dc\u00071", "-dc", "x".repeat(65)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Ledger.open(stateDir, bad, CLI, CLOCK), bad);
            assertTrue(e.getMessage().contains("cannot name the ledger and lock files"), e.getMessage());
            assertFalse(e.getMessage().contains("\u0007"), e.getMessage());
        }
        assertEquals("dc-1.eu_west", Ledger.open(stateDir, "dc-1.eu_west", CLI, CLOCK).datacenter());
    }

    @Test
    void onlyAPersonClearsAFailureAnOutcomeNeedsASwitchInFlight() {
        Switch s = leaf(7, 1);
        ledger().record(LedgerEntry.Kind.FAILED, s.name(), "run by alice", "its SSH was down; nothing was sent");
        for (LedgerEntry.Kind kind : new LedgerEntry.Kind[] {LedgerEntry.Kind.UPGRADED, LedgerEntry.Kind.RELEASED}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ledger().record(kind, s.name(), "someone", "all fine"));
            assertTrue(e.getMessage().startsWith(kind.wireName() + " of leaf-r7-p1-pod1 refused: it is not in flight"),
                    e.getMessage());
        }
        assertEquals(List.of(s.name()), ledger().replay().failures().stream().map(LedgerState.SwitchState::switchName)
                .toList());
        assertThrows(IllegalStateException.class, () -> ledger().record(LedgerEntry.Kind.UPGRADED, "leaf-r9-p1-pod1",
                "someone", "never claimed"));
        assertEquals(1, ledger().entries().size());
    }
}
