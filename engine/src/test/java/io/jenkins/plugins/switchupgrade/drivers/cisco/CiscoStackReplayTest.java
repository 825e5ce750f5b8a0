package io.jenkins.plugins.switchupgrade.drivers.cisco;

import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.drivers.TranscriptDevice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stack check of {@link CiscoStack} replayed from captured {@code show switch} answers. */
class CiscoStackReplayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void aStackWithProvisionedSlotsPassesAndSaysWhatTheSlotsAre() throws Exception {
        TranscriptDevice device = TranscriptDevice.load("cisco/stack-with-provisioned-slots.txt");
        List<String> log = new ArrayList<>();

        StackMacCheck check = new CiscoStack(device).preCheck(device.target(TIMEOUT), log::add);

        assertTrue(check.passed(), check.reason());
        assertEquals(List.of("show switch"), device.commands());
        assertTrue(log.stream().anyMatch(l -> l.contains("switch 2 (Member, Provisioned, 0000.0000.0000)")
                && l.contains("not members")), String.join("\n", log));
    }

    @Test
    void aMemberInVersionMismatchIsRefused() {
        TranscriptDevice device = TranscriptDevice.load("cisco/stack-member-v-mismatch.txt");

        DriverException e = assertThrows(DriverException.class,
                () -> new CiscoStack(device).preCheck(device.target(TIMEOUT), line -> { }));

        assertTrue(e.getMessage().contains("switch 4 (Member, V-Mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was sent"), e.getMessage());
    }
}
