package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.drivers.TranscriptDevice;
import io.jenkins.plugins.switchupgrade.ports.Console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ISSU flow of {@link AosVirtualChassis} replayed from recorded console sessions: prompts, commands, the
 * confirmation, the VCISSU console and its timing, the dropped session and the polls afterwards. No lab.
 */
class AosIssuReplayTest {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private static AosVirtualChassis driver(TranscriptDevice device, String expected, Duration perSlave) {
        return AosVirtualChassis.builder().link(device).imageDirectory("new_firm").expectedRelease(expected)
                .limits(new AosVirtualChassis.PhaseLimits(Duration.ofSeconds(5), Duration.ofSeconds(5), perSlave,
                        Duration.ofSeconds(5)))
                .pollInterval(Duration.ofMillis(20)).stagingTimeout(COMMAND_TIMEOUT).build();
    }

    @Test
    void theSeedsIssuRunsToTheEndFromItsRecordedSession() throws Exception {
        TranscriptDevice device = TranscriptDevice.load("aos/issu-2-members.txt");
        AosVirtualChassis driver = driver(device, "7.3.2.374.R01", Duration.ofSeconds(5));
        List<String> log = new ArrayList<>();
        Console console = log::add;

        IssuPreCheck check = driver.inspect(device.target(COMMAND_TIMEOUT), console);
        IssuOutcome outcome = driver.issu(device.target(COMMAND_TIMEOUT), console);

        assertTrue(check.macRetention().passed(), check.macRetention().reason());
        assertEquals(Release.parse("7.3.1.748.R01"), check.running());
        assertEquals(2, outcome.masterBefore());
        assertEquals(1, outcome.masterAfter());
        assertEquals(List.of(1), outcome.slaveOrder());
        assertEquals(List.of("show virtual-chassis topology", "show microcode", "ls -l new_firm",
                "show mac-retention status",
                "show virtual-chassis topology", "show microcode", "ls -l new_firm", "cp working/vcboot.cfg new_firm",
                "cp working/vcsetup.cfg new_firm", "ls -l new_firm", "write memory flash-synchro", "issu from new_firm",
                "y", "show virtual-chassis topology", "show microcode", "show virtual-chassis topology",
                "show microcode"), device.commands());
        assertEquals(List.of(), device.unused());
        assertEquals(5, device.sessionsOpened(), "pre-check, ISSU, one refused while the master reboots, two polls");
        assertTrue(log.stream().anyMatch(l -> l.contains("(known noise, not a failure) plGetUportRangeFromChassisSlot")),
                String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.contains("waiting for chassis 2")), String.join("\n", log));
        assertTrue(outcome.sessionDroppedAt() != null);
    }

    @Test
    void aRunningPlusChassisIsBackWhenTheDriverPollsAfterTheMastersReboot() throws Exception {
        TranscriptDevice device = TranscriptDevice.load("aos/issu-aos8-running-plus.txt");

        IssuOutcome outcome = driver(device, "8.9.221.R04", Duration.ofSeconds(5))
                .issu(device.target(COMMAND_TIMEOUT), Console.silent());

        assertEquals(2, outcome.masterAfter());
        assertEquals(Release.parse("8.9.221.R04"), outcome.releaseAfter());
        assertEquals(List.of(), device.unused());
        assertEquals(2, device.sessionsOpened(), "the first poll already reads Running+ as running");
    }

    @Test
    void aSlaveThatDoesNotReturnWithinItsLimitStopsTheDriverWithoutSendingMore() {
        TranscriptDevice device = TranscriptDevice.load("aos/issu-slave-does-not-return.txt");

        DriverException e = assertThrows(DriverException.class, () -> driver(device, "7.3.2.374.R01",
                Duration.ofMillis(500)).issu(device.target(COMMAND_TIMEOUT), Console.silent()));

        assertTrue(e.getMessage().contains("chassis 1 did not return from its ISSU reboot"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing further was sent"), e.getMessage());
        assertTrue(e.disruptiveCommandSent());
        assertTrue(e.switchMayBeDown());
        assertEquals("y", device.commands().get(device.commands().size() - 1));
    }

    @Test
    void aVcissuAbortIsReportedWithTheSwitchsOwnWords() {
        TranscriptDevice device = TranscriptDevice.load("aos/issu-slave-fails.txt");

        DriverException e = assertThrows(DriverException.class, () -> driver(device, "7.3.2.374.R01",
                Duration.ofSeconds(5)).issu(device.target(COMMAND_TIMEOUT), Console.silent()));

        assertTrue(e.getMessage().contains("did not rejoin the virtual chassis"), e.getMessage());
        assertTrue(e.getMessage().contains("master chassis keeps running the old image"), e.getMessage());
        assertFalse(device.commands().contains("show microcode") && device.commands().lastIndexOf("show microcode")
                > device.commands().indexOf("y"), "nothing after the abort");
        assertEquals(List.of(), device.unused());
    }

    @Test
    void anUnconfirmedSaveWithFlashNotSynchronizedStopsBeforeTheIssu() {
        TranscriptDevice device = TranscriptDevice.load("aos/flash-synchro-unconfirmed-not-synchronized.txt");

        DriverException e = assertThrows(DriverException.class, () -> driver(device, "7.3.2.374.R01",
                Duration.ofSeconds(5)).issu(device.target(COMMAND_TIMEOUT), Console.silent()));

        assertTrue(e.getMessage().contains("flash between CMMs: NOT SYNCHRONIZED"), e.getMessage());
        assertFalse(e.disruptiveCommandSent());
        assertFalse(device.commands().contains("issu from new_firm"));
        assertEquals(List.of(), device.unused());
    }

    @Test
    void anUnconfirmedSaveWithFlashSynchronizedGoesOnToTheIssu() {
        TranscriptDevice device = TranscriptDevice.load("aos/flash-synchro-unconfirmed-synchronized.txt");
        List<String> log = new ArrayList<>();

        DriverException e = assertThrows(DriverException.class, () -> driver(device, "7.3.2.374.R01",
                Duration.ofSeconds(5)).issu(device.target(COMMAND_TIMEOUT), log::add));

        assertTrue(e.getMessage().contains("'issu from new_firm' was refused"), e.getMessage());
        assertTrue(log.stream().anyMatch(l -> l.contains("flash between CMMs SYNCHRONIZED")), String.join("\n", log));
        assertEquals(List.of(), device.unused());
    }
    @Test
    void anAos8UnconfirmedSaveWithTheRunningConfigurationSynchronizedGoesOnToTheIssu() {
        TranscriptDevice device = TranscriptDevice.load("aos/flash-synchro-unconfirmed-aos8-synchronized.txt");
        List<String> log = new ArrayList<>();

        DriverException e = assertThrows(DriverException.class, () -> driver(device, "7.3.2.374.R01",
                Duration.ofSeconds(5)).issu(device.target(COMMAND_TIMEOUT), log::add));

        assertTrue(e.getMessage().contains("'issu from new_firm' was refused"), e.getMessage());
        assertTrue(log.stream().anyMatch(l -> l.contains("synchronisation SYNCHRONIZED")), String.join("\n", log));
        assertTrue(device.commands().contains("issu from new_firm"));
        assertEquals(List.of(), device.unused());
    }

    @Test
    void anAos8UnconfirmedSaveWithTheRunningConfigurationNotSynchronizedStopsBeforeTheIssu() {
        TranscriptDevice device = TranscriptDevice.load("aos/flash-synchro-unconfirmed-aos8-not-synchronized.txt");

        DriverException e = assertThrows(DriverException.class, () -> driver(device, "7.3.2.374.R01",
                Duration.ofSeconds(5)).issu(device.target(COMMAND_TIMEOUT), Console.silent()));

        assertTrue(e.getMessage().contains("running configuration: NOT SYNCHRONIZED"), e.getMessage());
        assertTrue(e.getMessage().contains("flash between CMMs: not printed"), e.getMessage());
        assertFalse(e.disruptiveCommandSent());
        assertEquals("show running-directory", device.commands().get(device.commands().size() - 1));
        assertEquals(List.of(), device.unused());
    }

    @Test
    void anUnconfirmedSaveThatNoSynchronisationFieldConfirmsStopsBeforeTheIssu() {
        TranscriptDevice device = TranscriptDevice.load("aos/flash-synchro-unconfirmed-nothing-confirms.txt");

        DriverException e = assertThrows(DriverException.class, () -> driver(device, "7.3.2.374.R01",
                Duration.ofSeconds(5)).issu(device.target(COMMAND_TIMEOUT), Console.silent()));

        assertTrue(e.getMessage().contains("without a synchronisation to confirm the save"), e.getMessage());
        assertFalse(e.disruptiveCommandSent());
        assertFalse(device.commands().contains("issu from new_firm"));
        assertEquals(List.of(), device.unused());
    }
}
