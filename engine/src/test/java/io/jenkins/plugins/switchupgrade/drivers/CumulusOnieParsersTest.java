package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie.BgpSummary;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie.LsbRelease;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie.NvueSystem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Cumulus parsers against texts written from the Cumulus Linux and FRR documentation. */
class CumulusOnieParsersTest {

    static String fixture(String name) {
        return FixtureText.read("cumulus", name);
    }

    @Test
    void onieSelectStagedTheInstallOnlyWithExitZeroAndTheDoneLine() {
        assertTrue(CumulusOnie.installEnabled(0, fixture("onie-select-install-forced.txt")));
        assertTrue(CumulusOnie.installEnabled(0, fixture("onie-select-install-confirmed.txt")));
        assertFalse(CumulusOnie.installEnabled(1, fixture("onie-select-install-forced.txt")), "exit status counts");
        assertFalse(CumulusOnie.installEnabled(1, fixture("onie-select-install-declined.txt")));
        assertFalse(CumulusOnie.installEnabled(0, fixture("onie-select-cancel.txt")));
        assertFalse(CumulusOnie.installEnabled(0, ""));
    }

    @Test
    void readsTheReleaseFromLsbRelease() {
        LsbRelease release = LsbRelease.parse(fixture("lsb-release-5.9.1.txt"));
        assertEquals("5.9.1", release.release());
        assertEquals("Cumulus Linux", release.id());
        assertEquals("Cumulus Linux 5.9.1", release.description());
        assertEquals("3.7.6", LsbRelease.parse(fixture("net-show-version-3.7.6.txt")).release());
        assertEquals("2.5.5", LsbRelease.parse(fixture("lsb-release-2.5.5.txt")).release());
        assertEquals("5.9.1", LsbRelease.parse(fixture("lsb-release-5.9.1.txt").replace("\n", "\r\n")).release());
    }

    @Test
    void refusesAnLsbReleaseOfAnotherOsOrWithoutRelease() {
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> LsbRelease.parse(fixture("lsb-release-ubuntu.txt")));
        assertTrue(other.getMessage().contains("DISTRIB_ID=Ubuntu"), other.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> LsbRelease.parse("cat: /etc/lsb-release: No such file or directory"));
        assertTrue(none.getMessage().contains("expected a line DISTRIB_RELEASE=<version>"), none.getMessage());
        assertTrue(none.getMessage().contains("No such file"), "says what it saw: " + none.getMessage());
    }

    @Test
    void readsHostnameAndVersionFromNvShowSystem() {
        NvueSystem old = NvueSystem.parse(fixture("nv-show-system-5.10.txt"));
        assertEquals("leaf01", old.hostname());
        assertEquals("5.10.0", old.version());
        assertEquals("6 days, 2:41:07", old.values().get("uptime"));
        NvueSystem recent = NvueSystem.parse(fixture("nv-show-system-5.16.txt"));
        assertEquals("spine01", recent.hostname());
        assertEquals("5.16.0", recent.version());
        assertEquals("2025-11-02 09:14:51", recent.values().get("local-time"));
        assertThrows(IllegalArgumentException.class, () -> NvueSystem.parse("Error: command not found"));
    }

    @Test
    void countsEstablishedPeersOfTheIpv4Family() {
        BgpSummary summary = BgpSummary.parse(fixture("bgp-summary-leaf.json"));
        assertEquals("ipv4Unicast", summary.family());
        assertEquals(65101, summary.localAs());
        assertEquals(3, summary.totalPeers());
        assertEquals(2, summary.establishedPeers());
        assertEquals("spine01", summary.peers().get(0).hostname());
        assertEquals(14, summary.peers().get(1).prefixesReceived(), "numbers printed as strings are read too");
        assertEquals("Active", summary.peers().get(2).state());
    }

    @Test
    void refusesABgpSummaryWithoutBgp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BgpSummary.parse(fixture("bgp-summary-no-bgp.txt")));
        assertTrue(e.getMessage().contains("% BGP instance not found"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BgpSummary.parse("{}"));
    }
}
