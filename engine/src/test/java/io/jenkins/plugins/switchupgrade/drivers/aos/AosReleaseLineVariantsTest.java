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
                "show-virtual-chassis-topology-aos8-added-unit.txt"));

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
        String odd = aos("show-virtual-chassis-topology-aos8-added-unit.txt").replace("Running+  ", "Running?  ");

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
    void aos8FlashSynchroWithAFailedSecondaryFails() {
        assertTrue(FlashSynchroResult.parse(aos("write-memory-flash-synchro-aos8-secondary-failed.txt")).failed());
    }

    @Test
    void aos6MicrocodeListsThreePackagesOfOneRelease() {
        Microcode microcode = Microcode.parse(aos("show-microcode-aos6.txt"));

        assertEquals(List.of("Jbase.img", "Jos.img", "Jadvrout.img"),
                microcode.packages().stream().map(Microcode.Package::name).toList());
        assertEquals(Release.parse("6.4.6.125.R01"), microcode.release());
        assertFalse(microcode.release().isAos8OrLater());
        assertEquals(Optional.empty(), microcode.directory());
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
    void runningDirectoryWithoutItsFieldsIsRefused() {
        CliOutputException e = assertThrows(CliOutputException.class,
                () -> RunningDirectory.parse("CONFIGURATION STATUS\n  Running CMM : PRIMARY,\n"));

        assertEquals("show running-directory", e.command());
        assertTrue(e.seen().contains("no 'Running configuration'"), e.getMessage());
    }
}
