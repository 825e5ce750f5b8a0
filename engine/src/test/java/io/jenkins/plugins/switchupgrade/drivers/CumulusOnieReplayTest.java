package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.ports.Console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CumulusOnie} replayed from recorded sessions: what it sends, in which order, and what it concludes. */
class CumulusOnieReplayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void reprovisionSendsOnieSelectThenRebootAndTakesTheDroppedConnectionAsTheReboot() throws Exception {
        TranscriptDevice device = TranscriptDevice.load("cumulus/reprovision.txt");

        SwitchDriver.Disruption disruption = CumulusOnie.builder().link(device).build()
                .reprovision(device.target(TIMEOUT), Console.silent());

        assertEquals(List.of("cat /etc/lsb-release", "onie-select -i -f", "reboot"), device.commands());
        assertEquals(List.of("onie-select -i -f", "reboot"), disruption.commands());
        assertEquals("5.9.1", disruption.versionBefore());
        assertTrue(disruption.connectionDropped());
        assertEquals(List.of(), device.unused());
    }

    @Test
    void aDeclinedOnieSelectSendsNoReboot() {
        TranscriptDevice device = TranscriptDevice.load("cumulus/reprovision-declined.txt");

        DriverException e = assertThrows(DriverException.class, () -> CumulusOnie.builder().link(device).build()
                .reprovision(device.target(TIMEOUT), Console.silent()));

        assertEquals(List.of("cat /etc/lsb-release", "onie-select -i -f"), device.commands());
        assertTrue(e.getMessage().contains("No reboot was sent"), e.getMessage());
        assertFalse(e.switchMayBeDown());
    }

    @Test
    void aLayoutWithoutVersionIsCompletedFromNvShowSystemVersion() throws Exception {
        TranscriptDevice device = TranscriptDevice.load("cumulus/nv-show-system-without-version.txt");

        CumulusOnie.NvueSystem system = CumulusOnie.builder().link(device).build().readSystem(device.target(TIMEOUT));

        assertEquals("leaf01", system.hostname());
        assertEquals("5.9.1", system.version());
        assertEquals(List.of("nv show system", "nv show system version"), device.commands());
    }

    @Test
    void anOlderFrrSummaryIsRead() throws Exception {
        TranscriptDevice device = TranscriptDevice.load("cumulus/bgp-summary-old-frr.txt");

        CumulusOnie.BgpSummary summary = CumulusOnie.builder().link(device).build().readBgpSummary(
                device.target(TIMEOUT));

        assertEquals(1, summary.establishedPeers());
        assertEquals(7, summary.peers().get(0).prefixesReceived());
    }
    @Test
    void aCumulus4LeafIsReprovisionedFromItsLsbReleaseWithoutNvue() throws Exception {
        TranscriptDevice device = TranscriptDevice.load("cumulus/reprovision-cumulus4.txt");

        SwitchDriver.Disruption disruption = CumulusOnie.builder().link(device).build()
                .reprovision(device.target(TIMEOUT), Console.silent());

        assertEquals(List.of("cat /etc/lsb-release", "onie-select -i -f", "reboot"), device.commands());
        assertEquals("4.2.0", disruption.versionBefore());
        assertEquals(List.of(), device.unused());
    }

    @Test
    void nvShowSystemOnCumulus4SaysWhatTheDriverReadsThereInstead() {
        TranscriptDevice device = TranscriptDevice.load("cumulus/nv-show-system-cumulus4.txt");

        DriverException e = assertThrows(DriverException.class, () -> CumulusOnie.builder().link(device).build()
                .readSystem(device.target(TIMEOUT)));

        assertTrue(e.getMessage().contains("'nv' arrived with Cumulus Linux 5.0"), e.getMessage());
        assertTrue(e.getMessage().contains("'cat /etc/lsb-release'"), e.getMessage());
        assertTrue(e.getMessage().contains("nv: command not found"), e.getMessage());
        assertEquals(List.of("nv show system"), device.commands(), "nothing after the refusal");
    }

    @Test
    void anFrr73SummaryWithAnUnnumberedPeerIsRead() throws Exception {
        TranscriptDevice device = TranscriptDevice.load("cumulus/bgp-summary-frr7.3-unnumbered.txt");

        CumulusOnie.BgpSummary summary = CumulusOnie.builder().link(device).build().readBgpSummary(
                device.target(TIMEOUT));

        assertEquals(1, summary.establishedPeers());
        assertEquals("ens4f0", summary.peers().get(0).name());
        assertEquals("edge000a", summary.peers().get(0).hostname());
        assertEquals(41, summary.peers().get(0).prefixesReceived());
    }
}
