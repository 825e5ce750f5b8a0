package io.jenkins.plugins.switchupgrade.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data center's lock in the state directory: held, refused naming its holder, taken over from the dead. */
class DatacenterLockTest {
    @TempDir
    Path stateDir;

    @Test
    void aSecondRoundIsRefusedNamingTheHolderWhateverItsReportDirectory() {
        try (DatacenterLock first = DatacenterLock.acquire(stateDir, "dc1", "/reports/a", "run by alice", null)) {
            assertTrue(first.isHeld());
            assertTrue(first.takenOverFrom().isEmpty());
            DatacenterLock.HeldException e = assertThrows(DatacenterLock.HeldException.class,
                    () -> DatacenterLock.acquire(stateDir, "dc1", "/reports/b", "run by bob", null));
            String message = e.getMessage();
            assertTrue(message.startsWith("the lock of data center dc1 (" + stateDir.resolve("dc1.lock")
                    + ") is held by pid " + ProcessHandle.current().pid() + " on host " + Ledger.hostName()
                    + " since "), message);
            assertTrue(message.contains("report dir /reports/a (run by alice)"), message);
            assertEquals("/reports/a", e.holder().orElseThrow().reportDir());
            // another data center has a lock of its own
            try (DatacenterLock other = DatacenterLock.acquire(stateDir, "dc2", "/reports/b", "run by bob", null)) {
                assertTrue(other.isHeld());
            }
        }
        try (DatacenterLock again = DatacenterLock.acquire(stateDir, "dc1", "/reports/b", "run by bob",
                Clock.systemUTC())) {
            assertTrue(again.takenOverFrom().isEmpty(), "a released lock leaves no record behind");
        }
    }

    @Test
    void aRecordLeftByADeadProcessIsTakenOverAndNamed() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Files.createDirectories(stateDir);
        Files.writeString(stateDir.resolve("dc1.lock"), "{\"pid\":" + dead.pid() + ",\"host\":\"" + Ledger.hostName()
                + "\",\"since\":\"2026-12-02T09:00:00Z\",\"reportDir\":\"/reports/old\",\"actor\":\"run by dave\"}\n");
        try (DatacenterLock lock = DatacenterLock.acquire(stateDir, "dc1", "/reports/new", "run by erin", null)) {
            DatacenterLock.Holder stale = lock.takenOverFrom().orElseThrow();
            assertEquals(dead.pid(), stale.pid());
            assertFalse(stale.alive());
            assertEquals("/reports/old", stale.reportDir());
            assertTrue(Files.readString(lock.file()).contains("\"reportDir\":\"/reports/new\""));
        }
        assertEquals("", Files.readString(stateDir.resolve("dc1.lock")));
    }

    @Test
    void aBadDatacenterNameIsRefusedBeforeAnyFileIsMade() throws IOException {
        assertThrows(IllegalArgumentException.class,
                () -> DatacenterLock.acquire(stateDir, "../dc1", "/r", "a", null));
        try (var files = Files.list(stateDir)) {
            assertEquals(0, files.count());
        }
    }
}
