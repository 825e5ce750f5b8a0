package io.jenkins.plugins.switchupgrade.drivers.aos;

import static io.jenkins.plugins.switchupgrade.drivers.aos.Fixtures.aos;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlashSynchroResultTest {

    @Test
    void confirmsACompletedSynchronisation() {
        FlashSynchroResult result = FlashSynchroResult.parse(aos("write-memory-flash-synchro-ok.txt"));

        assertEquals(FlashSynchroResult.Outcome.SUCCEEDED, result.outcome());
        assertEquals(Optional.of("Synchronization process completed successfully"), result.evidence());
        assertFalse(result.failed());
    }

    @Test
    void refusesToGoOnAfterAFailedSynchronisation() {
        FlashSynchroResult result = FlashSynchroResult.parse(aos("write-memory-flash-synchro-failed.txt"));

        assertTrue(result.failed());
        assertEquals(Optional.of("Synchronization process failed: not enough space on chassis 1 flash"),
                result.evidence());
        assertTrue(result.describe().contains("save again before any ISSU"), result.describe());
    }

    @Test
    void failsOnACliErrorAnswer() {
        assertTrue(FlashSynchroResult.parse("ERROR: Configuration save is in progress\r\n").failed());
    }

    @Test
    void readsTheFlashSyncLineOfARebootAsSuccessDespiteItsWatchdogWording() {
        FlashSynchroResult result = FlashSynchroResult.parse(
                "Thu Sep 26 14:26:50 2013 :: Local Flash Sync complete - fail watchdog is 0\n");

        assertEquals(FlashSynchroResult.Outcome.SUCCEEDED, result.outcome());
    }

    @Test
    void saysSoWhenOnlyThePromptCameBack() {
        FlashSynchroResult result = FlashSynchroResult.parse("\u001B[K-> ");

        assertEquals(FlashSynchroResult.Outcome.NO_CONFIRMATION, result.outcome());
        assertFalse(result.failed());
        assertEquals(Optional.empty(), result.evidence());
    }
}
