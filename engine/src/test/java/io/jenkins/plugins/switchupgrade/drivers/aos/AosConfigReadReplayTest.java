package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.drivers.SwitchConfiguration;
import io.jenkins.plugins.switchupgrade.drivers.TranscriptDevice;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The virtual chassis' configuration read as evidence, replayed: the running directory, cat or else more. */
class AosConfigReadReplayTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static AosVirtualChassis driver(TranscriptDevice device) {
        return AosVirtualChassis.builder().link(device).imageDirectory("new_firm").expectedRelease("7.3.2.374.R01")
                .build();
    }

    @Test
    void aReleaseWithoutCatIsReadWithMoreFromTheDirectoryItRunsFrom() throws Exception {
        TranscriptDevice device = TranscriptDevice.load("aos/config-read-more.txt");
        SwitchConfiguration read = driver(device).readConfiguration(device.target(TIMEOUT));
        assertEquals(AosVirtualChassis.CONFIG_FORMAT, read.format());
        assertEquals(Map.of("vcboot.cfg", "! Chassis:\nsystem name \"vc-lab\"\n! VLAN:\nvlan 10 admin-state enable",
                "vcsetup.cfg", "virtual-chassis chassis-id 1 configured-chassis-id 1"), read.sources());
        assertEquals(List.of("show running-directory", "cat lab/vcboot.cfg", "more lab/vcboot.cfg",
                "cat lab/vcsetup.cfg", "more lab/vcsetup.cfg"), device.commands());
        assertEquals(List.of(), device.unused());
    }

    @Test
    void aMissingFileIsAnErrorThatNamesIt() {
        TranscriptDevice device = TranscriptDevice.load("aos/config-read-missing.txt");
        DriverException e = assertThrows(DriverException.class, () -> driver(device).readConfiguration(
                device.target(TIMEOUT)));
        assertTrue(e.getMessage().contains("the configuration file /flash/working/vcsetup.cfg could not be read: "
                + "'ERROR: /flash/working/vcsetup.cfg: No such file or directory'"), e.getMessage());
        assertEquals(List.of(), device.unused());
    }

    @Test
    void theIdentityIsTheNameLineOfACapturedShowSystem() throws Exception {
        TranscriptDevice device = TranscriptDevice.load("aos/identity-os6860.txt");

        assertEquals("ACSW01", driver(device).identity(device.target(TIMEOUT)));
        assertEquals(java.util.List.of("show system"), device.commands());
    }
}
