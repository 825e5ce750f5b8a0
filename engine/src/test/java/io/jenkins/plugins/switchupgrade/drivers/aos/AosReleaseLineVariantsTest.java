package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;

import static io.jenkins.plugins.switchupgrade.drivers.aos.Fixtures.aos;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What AOS 6 stacks and AOS 8 virtual chassis print differently from AOS 7 (see the fixtures README). */
class AosReleaseLineVariantsTest {

    @Test
    void aos8AddedUnitSuffixIsRunning() {
        VirtualChassisTopology topology = VirtualChassisTopology.parse(aos(
                "show-virtual-chassis-topology-os6360-running-plus.txt"));

        ChassisMember added = topology.member(2).orElseThrow();
        assertEquals("Running+", added.status());
        assertTrue(added.isRunning());
        assertTrue(added.addedSinceSavedTopology());
        assertFalse(topology.member(1).orElseThrow().addedSinceSavedTopology());
        assertTrue(topology.isHealthy());
        assertEquals(Optional.empty(), topology.problem());
    }

    @Test
    void anUnknownStatusNamesTheStatusAndTheLine() {
        String odd = aos("show-virtual-chassis-topology-os6360-running-plus.txt").replace("Running+  ", "Running?  ");

        CliOutputException e = assertThrows(CliOutputException.class, () -> VirtualChassisTopology.parse(odd));

        assertTrue(e.expected().contains("Running+"), e.getMessage());
        assertTrue(e.seen().startsWith("'Running?' in '2     Slave"), e.getMessage());
        assertTrue(e.getMessage().contains("check the chassis by hand"), e.getMessage());
    }

    @Test
    void aos8FlashSynchroSuccessWording() {
        FlashSynchroResult result = FlashSynchroResult.parse(aos("write-memory-flash-synchro-aos8.txt"));

        assertEquals(FlashSynchroResult.Outcome.SUCCEEDED, result.outcome());
        assertEquals(Optional.of("Copy running to certified succeeded; Secondary synchronization succeeded"),
                result.evidence());
    }

    @Test
    void aos8FlashSynchroOfAChassisWithoutSecondaryPrintsOnlyTheCopy() {
        FlashSynchroResult result = FlashSynchroResult.parse(aos("write-memory-flash-synchro-os6560-usb-backup.txt"));

        assertEquals(FlashSynchroResult.Outcome.SUCCEEDED, result.outcome());
        assertEquals(Optional.of("Copy running to certified succeeded"), result.evidence());
    }

    @Test
    void os6360SavedTopologyHasNoAddedUnit() {
        VirtualChassisTopology topology = VirtualChassisTopology.parse(Fixtures.crlf(aos(
                "show-virtual-chassis-topology-os6360-saved.txt")));

        assertEquals(2, topology.members().size());
        assertTrue(topology.isHealthy());
        assertFalse(topology.member(2).orElseThrow().addedSinceSavedTopology());
        assertEquals("94:24:e1:7c:79:65", topology.member(2).orElseThrow().macAddress());
    }

    @Test
    void aos8RunningFromAUserDirectory() {
        RunningDirectory directory = RunningDirectory.parse(aos("show-running-directory-aos8-user-directory.txt"));

        assertEquals("lab", directory.runningConfiguration());
        assertFalse(directory.runsFromWorking());
        assertEquals(Optional.of("CERTIFY NEEDED"), directory.certifyStatus());
        assertEquals(Optional.of(true), directory.configurationSynchronized());
    }

    @Test
    void aos8MicrocodeOfOneNosImage() {
        Microcode microcode = Microcode.parse(aos("show-microcode-aos8-8.7.98.txt"));

        assertEquals(Release.parse("8.7.98.R03"), microcode.release());
        assertEquals(Optional.of("/flash/working"), microcode.directory());
    }

    @Test
    void aos8FlashSynchroWithAFailedSecondaryFails() {
        assertTrue(FlashSynchroResult.parse(aos("write-memory-flash-synchro-aos8-secondary-failed.txt")).failed());
    }

    @Test
    void aos6MicrocodeListsFourPackagesOfOneRelease() {
        Microcode microcode = Microcode.parse(aos("show-microcode-aos6-6.7.2.txt"));

        assertEquals(List.of("KFbase.img", "KFos.img", "KFeni.img", "KFsecu.img"),
                microcode.packages().stream().map(Microcode.Package::name).toList());
        assertEquals(Release.parse("6.7.2.89.R06"), microcode.release());
        assertFalse(microcode.release().isAos8OrLater());
        assertEquals(Optional.empty(), microcode.directory());
        assertEquals("Alcatel-Lucent Enterprise Security M", microcode.packages().get(3).description());
    }

    @Test
    void aos8MicrocodeOfOneUosImage() {
        Microcode microcode = Microcode.parse(Fixtures.crlf(aos("show-microcode-aos8-8.7.252.txt")));

        assertEquals(Optional.of("/flash/working"), microcode.directory());
        assertEquals(List.of("Uos.img"), microcode.packages().stream().map(Microcode.Package::name).toList());
        assertEquals(Release.parse("8.7.252.R02"), microcode.release());
        assertEquals(145072124L, microcode.packages().get(0).size());
        assertTrue(microcode.release().isAos8OrLater());
    }

    @Test
    void aos8MicrocodeWithoutAFinalLineEnd() {
        String text = aos("show-microcode-aos8-8.6.289.txt");
        assertFalse(text.endsWith("\n"), "the capture ends without a line end");

        Microcode microcode = Microcode.parse(text);

        assertEquals(List.of("Nos.img"), microcode.packages().stream().map(Microcode.Package::name).toList());
        assertEquals(Release.parse("8.6.289.R01"), microcode.release());
        assertEquals(241574488L, microcode.packages().get(0).size());
    }

    @Test
    void anAos6StackWithRetentionOffByDefaultFailsTheCheckWithItsFix() {
        String session = aos("show-mac-retention-status-aos6-disabled-session.txt");

        MacRetentionCheck check = MacRetentionCheck.evaluate(Release.parse("6.4.6.125.R01"), session);

        assertFalse(check.passed());
        assertEquals(Optional.of(MacRetentionCheck.FIX_COMMAND), check.fixCommand());
        MacRetentionStatus status = check.status().orElseThrow();
        assertEquals("00:e0:b1:a6:c4:92", status.currentMac());
        assertEquals(MacRetentionStatus.Source.EEPROM, status.source());
        assertEquals(Optional.empty(), status.topologyStatus());
    }

    @Test
    void aos6RunningDirectoryOfADualCmmStack() {
        RunningDirectory directory = RunningDirectory.parse(aos("show-running-directory-aos6.txt"));

        assertEquals("PRIMARY", directory.runningCmm());
        assertEquals("WORKING", directory.runningConfiguration());
        assertTrue(directory.runsFromWorking());
        assertEquals(Optional.of("CERTIFY NEEDED"), directory.certifyStatus());
        assertEquals(Optional.of(true), directory.flashSynchronized());
        assertEquals(Optional.of("NOT AVAILABLE"), directory.configurationSync());
    }

    @Test
    void runningDirectoryWithFlashNotSynchronized() {
        RunningDirectory directory = RunningDirectory.parse(Fixtures.crlf(aos(
                "show-running-directory-aos6-not-synchronized.txt")));

        assertEquals(Optional.of(false), directory.flashSynchronized());
        assertEquals(Optional.of("SYNCHRONIZED"), directory.configurationSync());
    }

    @Test
    void aos8RunningDirectoryOfAVirtualChassisNamesOnlyTheRunningConfiguration() {
        RunningDirectory directory = RunningDirectory.parse(Fixtures.crlf(aos("show-running-directory-aos8-vc.txt")));

        assertEquals("MASTER-PRIMARY", directory.runningCmm());
        assertTrue(directory.runsFromWorking());
        assertEquals(Optional.of("CERTIFIED"), directory.certifyStatus());
        assertEquals(Optional.empty(), directory.flashBetweenCmms());
        assertEquals(Optional.empty(), directory.flashSynchronized());
        assertEquals(Optional.of("SYNCHRONIZED"), directory.configurationSync());
        assertEquals(Optional.of(true), directory.configurationSynchronized());
    }

    @Test
    void aos8RunningConfigurationNotSynchronized() {
        RunningDirectory directory = RunningDirectory.parse(aos("show-running-directory-aos8-not-synchronized.txt"));

        assertEquals(Optional.of(false), directory.configurationSynchronized());
    }

    @Test
    void notAvailableIsNeitherSynchronizedNorNot() {
        RunningDirectory directory = RunningDirectory.parse(aos("show-running-directory-aos6.txt"));

        assertEquals(Optional.empty(), directory.configurationSynchronized());
    }

    @Test
    void anUnknownSynchronisationWordIsRefusedWithItsLine() {
        String odd = aos("show-running-directory-aos8-vc.txt").replace(": SYNCHRONIZED", ": SYNCHRONIZING");

        CliOutputException e = assertThrows(CliOutputException.class, () -> RunningDirectory.parse(odd));

        assertEquals("show running-directory", e.command());
        assertTrue(e.seen().contains("'SYNCHRONIZING' in 'Running Configuration    : SYNCHRONIZING'"), e.getMessage());
        assertTrue(e.expected().contains("NOT SYNCHRONIZED"), e.getMessage());
        assertTrue(e.getMessage().contains("Check the chassis by hand"), e.getMessage());
    }

    @Test
    void runningDirectoryWithoutItsFieldsIsRefused() {
        CliOutputException e = assertThrows(CliOutputException.class,
                () -> RunningDirectory.parse("CONFIGURATION STATUS\n  Running CMM : PRIMARY,\n"));

        assertEquals("show running-directory", e.command());
        assertTrue(e.seen().contains("no 'Running configuration'"), e.getMessage());
    }
}
