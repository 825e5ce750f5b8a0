package io.jenkins.plugins.switchupgrade.drivers.cisco;

import io.jenkins.plugins.switchupgrade.drivers.Preflight;
import io.jenkins.plugins.switchupgrade.drivers.PreflightResult;
import io.jenkins.plugins.switchupgrade.drivers.TranscriptDevice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stack check of the preflight on {@link CiscoStack} replayed from captured {@code show switch} answers. */
class CiscoStackReplayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void aStackWithProvisionedSlotsPassesAndSaysWhatTheSlotsAre() throws Exception {
        TranscriptDevice device = TranscriptDevice.load("cisco/stack-with-provisioned-slots.txt");

        PreflightResult check = new Preflight(device).check(CiscoStack.PLATFORM, device.target(TIMEOUT));

        assertEquals(PreflightResult.Verdict.PASSED, check.verdict(), check.findings().toString());
        assertEquals(List.of("show switch"), device.commands());
        List<String> log = check.findings();
        assertTrue(log.stream().anyMatch(l -> l.contains("switch 2 (Member, Provisioned, 0000.0000.0000)")
                && l.contains("not members")), String.join("\n", log));
    }

    @Test
    void aMemberInVersionMismatchIsRefused() {
        TranscriptDevice device = TranscriptDevice.load("cisco/stack-member-v-mismatch.txt");

        PreflightResult e = new Preflight(device).check(CiscoStack.PLATFORM, device.target(TIMEOUT));

        assertEquals(PreflightResult.Verdict.FAILED, e.verdict());
        String message = String.join("\n", e.findings());
        assertTrue(message.contains("switch 4 (Member, V-Mismatch"), message);
        assertTrue(message.contains("Nothing was sent"), message);
    }
}
