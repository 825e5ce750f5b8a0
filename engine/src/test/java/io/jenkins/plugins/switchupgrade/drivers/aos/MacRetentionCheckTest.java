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

class MacRetentionCheckTest {

    private static final Release AOS_7 = Release.parse("7.3.1.748.R01");
    private static final Release AOS_8 = Release.parse("8.9.221.R03");

    @Test
    void passesWhenMacRetentionIsEnabled() {
        MacRetentionCheck check = MacRetentionCheck.evaluate(AOS_7, aos("show-mac-retention-status-enabled-eeprom.txt"));

        assertTrue(check.passed());
        assertEquals(Optional.empty(), check.fixCommand());
        assertTrue(check.reason().contains("Admin State : Enabled"), check.reason());
        assertEquals("e8:e7:32:0e:66:89", check.status().orElseThrow().currentMac());
        assertEquals(List.of(), check.warnings());
    }

    @Test
    void refusesWhenMacRetentionDisabled() {
        MacRetentionCheck check = MacRetentionCheck.evaluate(AOS_7, aos("show-mac-retention-status-disabled.txt"));

        assertFalse(check.passed());
        assertEquals(Optional.of("mac-retention status enable"), check.fixCommand());
        String reason = check.reason();
        assertTrue(reason.contains("Admin State : Disabled"), reason);
        assertTrue(reason.contains("Spanning Tree bridge ID"), reason);
        assertTrue(reason.contains("LACP"), reason);
        assertTrue(reason.contains("default gateway"), reason);
        assertTrue(reason.contains("`mac-retention status enable`"), reason);
        assertTrue(check.toString().startsWith("MAC retention check failed: "));
    }

    @Test
    void explainsTheDuplicateMacCaveatAndTheReleaseCommand() {
        MacRetentionCheck check = MacRetentionCheck.evaluate(AOS_7, aos("show-mac-retention-status-enabled.txt"));

        assertEquals("mac-retention release", check.releaseCommand());
        assertTrue(check.duplicateMacCaveat().contains("two devices carry the same MAC"));
        assertTrue(check.duplicateMacCaveat().contains("`mac-retention release`"));
    }

    @Test
    void warnsThatTheStackKeepsTheMacOfAFormerMaster() {
        MacRetentionCheck check = MacRetentionCheck.evaluate(AOS_7, aos("show-mac-retention-status-enabled.txt"));

        assertTrue(check.passed());
        assertEquals(1, check.warnings().size());
        assertTrue(check.warnings().get(0).contains("e8:e7:32:69:2c:fc (source RETAINED)"), check.warnings().get(0));
    }

    @Test
    void passesOnAnAos8VirtualChassisEvenWhenTheCommandIsRefused() {
        MacRetentionCheck check = MacRetentionCheck.evaluate(AOS_8, aos("show-mac-retention-status-aos8-invalid.txt"));

        assertTrue(check.passed());
        assertTrue(check.reason().contains("always on"), check.reason());
        assertEquals(Optional.empty(), check.status());
    }

    @Test
    void saysAos8KeepsItsMacInsteadOfFailingOnADisabledStatus() {
        MacRetentionCheck check = MacRetentionCheck.evaluate(AOS_8, aos("show-mac-retention-status-disabled.txt"));

        assertTrue(check.passed());
        assertTrue(check.reason().startsWith("AOS 8.9.221.R03 virtual chassis: MAC retention is always on"));
        assertFalse(check.status().orElseThrow().adminEnabled());
    }

    @Test
    void refusesToGuessFromUnreadableOutputBeforeAos8() {
        assertThrows(CliOutputException.class,
                () -> MacRetentionCheck.evaluate(AOS_7, aos("show-mac-retention-status-truncated.txt")));
        assertThrows(CliOutputException.class,
                () -> MacRetentionCheck.evaluate(AOS_7, aos("show-mac-retention-status-aos8-invalid.txt")));
    }
}
