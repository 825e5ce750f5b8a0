package io.jenkins.plugins.switchupgrade.gates;

import io.jenkins.plugins.switchupgrade.alerts.FiringAlert;
import io.jenkins.plugins.switchupgrade.campaign.RoundOptions;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.SwitchNames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a reported host name is compared with the named switch, and which names are refused. */
class IdentityAndNamesTest {
    @ParameterizedTest
    @CsvSource({"leaf-r1-p1-pod1,leaf-r1-p1-pod1,true", "leaf-r1-p1-pod1,LEAF-R1-P1-POD1,true",
            "leaf1.dc1.example,leaf1,true", "leaf1,leaf1.dc1.example,true", "leaf1.dc1.example,leaf1.dc2.example,false",
            "leaf-r1-p1-pod1,leaf-r1-p2-pod1,false", "leaf1,leaf10,false", "leaf1,'',false"})
    void aHostIsTheNamedSwitchOnlyWhenItsNameSaysSo(String named, String reported, boolean same) {
        assertEquals(same, IdentityCheck.sameSwitch(named, reported));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "dc1/../../x", "dc 1", "", ".hidden", "dc1\n", "dc:1"})
    void aDatacenterNameThatIsNotASafeFileNameIsRefused(String datacenter) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SwitchNames.requireSafeDatacenter(datacenter));
        assertTrue(e.getMessage().contains("is not a safe file name component"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RoundOptions(datacenter, Role.LEAF, "1", "2", null, 0, 1,
                null, null, null));
    }

    @Test
    void ordinaryDatacenterNamesPass() {
        for (String dc : List.of("dc1", "lab1", "fra-2", "ams_3", "eu.west.1")) {
            assertEquals(dc, SwitchNames.requireSafeDatacenter(dc));
        }
    }

    @Test
    void maxSkipsDefaultsToTenAndMustBePositive() {
        assertEquals(10, new RoundOptions("dc1", Role.LEAF, "1", "2", null, 0, 1, null, null, null).maxSkips());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RoundOptions("dc1",
                Role.LEAF, "1", "2", null, 0, 1, null, null, null, List.of(), 0));
        assertTrue(e.getMessage().contains("maxSkips must be 1 or more"), e.getMessage());
    }

    @Test
    void alertsAreDescribedOnOneLineWhateverTheirLabelsHold() {
        FiringAlert alert = new FiringAlert(java.util.Map.of("alertname", "Forged\nStatus: Pre upgrade validation passed!",
                "instance", "leaf\r1"), "active", List.of(), null);
        assertEquals("Forged\\u000aStatus: Pre upgrade validation passed!{instance=\"leaf\\u000d1\"}", alert.describe());
    }

    @Test
    void switchNamesWithControlCharactersOrTooLongAreRefused() {
        assertTrue(SwitchNames.problem("leaf-r1-p1-pod1").isEmpty());
        assertTrue(SwitchNames.problem("leaf\u001b[2Jx").orElseThrow().contains("control character at position 5"));
        assertTrue(SwitchNames.problem("leaf\u2028x").isPresent(), "a Unicode line separator forges lines too");
        assertTrue(SwitchNames.problem("a".repeat(254)).orElseThrow().contains("254 characters long"));
        assertTrue(SwitchNames.problem("a".repeat(253)).isEmpty());
    }
}
