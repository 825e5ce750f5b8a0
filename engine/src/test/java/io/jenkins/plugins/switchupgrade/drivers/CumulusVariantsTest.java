package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie.BgpSummary;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie.NvueSystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** NVUE layouts across Cumulus Linux 5.x and FRR's JSON across releases (see the fixtures README). */
class CumulusVariantsTest {

    private static String fixture(String name) {
        return FixtureText.read("cumulus", name);
    }

    @Test
    void aLayoutWithoutHeaderAndVersionTakesTheVersionFromNvShowSystemVersion() {
        String system = fixture("nv-show-system-5.2-no-header.txt");
        assertFalse(NvueSystem.namesVersion(system));

        NvueSystem parsed = NvueSystem.parse(system, fixture("nv-show-system-version-5.9.txt"));

        assertEquals("leaf01", parsed.hostname());
        assertEquals("5.9.1", parsed.version());
        assertEquals("1 day, 1:52:24", parsed.values().get("uptime"));
    }

    @Test
    void withoutTheVersionCommandSuchALayoutIsRefusedNamingTheCommandToRun() {
        CliOutputException e = assertThrows(CliOutputException.class,
                () -> NvueSystem.parse(fixture("nv-show-system-5.2-no-header.txt")));

        assertEquals("nv show system", e.command());
        assertTrue(e.getMessage().contains("nv show system version"), e.getMessage());
        assertTrue(e.seen().contains("'uptime"), e.getMessage());
    }

    @Test
    void aBuildRowThatIsNotCumulusGivesWayToProductRelease() {
        NvueSystem parsed = NvueSystem.parse(FixtureText.crlf(fixture("nv-show-system-nvos-build-is-debian.txt")));

        assertEquals("sw-gorilla-07", parsed.hostname());
        assertEquals("25.01.3000", parsed.version());
    }

    @Test
    void anUnreadableVersionCommandIsRefused() {
        CliOutputException e = assertThrows(CliOutputException.class, () -> NvueSystem.parse(
                fixture("nv-show-system-5.2-no-header.txt"), "Error: the command is not supported\n"));

        assertEquals("nv show system version", e.command());
        assertTrue(e.seen().contains("Error: the command is not supported"), e.getMessage());
    }

    @Test
    void olderFrrWithTrailingCommasAndPrefixReceivedCount() {
        BgpSummary summary = BgpSummary.parse(fixture("bgp-summary-frr7-trailing-comma.json"));

        assertEquals(65011, summary.localAs());
        assertEquals(2, summary.totalPeers());
        assertEquals(1, summary.establishedPeers());
        assertEquals(7, summary.peers().get(0).prefixesReceived());
        assertEquals(0, summary.peers().get(1).prefixesReceived(), "Active peer without a count received nothing");
    }

    @Test
    void anEstablishedPeerWithoutACountIsRefusedRatherThanCountedAsZero() {
        CliOutputException e = assertThrows(CliOutputException.class,
                () -> BgpSummary.parse(fixture("bgp-summary-established-without-count.json")));

        assertTrue(e.getMessage().contains("peer 'swp51'"), e.getMessage());
        assertTrue(e.expected().contains("prefixReceivedCount"), e.getMessage());
    }

    @Test
    void trailingCommasInsideStringsAreKept() {
        assertEquals("{\"a\":\"x,}\"}", BgpSummary.withoutTrailingCommas("{\"a\":\"x,}\",}"));
        assertEquals("[1,2\n]", BgpSummary.withoutTrailingCommas("[1,2,\n]"));
    }
    @Test
    void frr75IdleAdminPeerIsNotEstablishedAndReceivedNothing() {
        BgpSummary summary = BgpSummary.parse(fixture("bgp-summary-frr7.5-idle-admin.json"));

        assertEquals(200, summary.localAs());
        assertEquals(1, summary.totalPeers());
        assertEquals(0, summary.establishedPeers());
        assertEquals("Idle (Admin)", summary.peers().get(0).state());
        assertEquals(0, summary.peers().get(0).prefixesReceived());
    }

    @Test
    void frr73PrintsBothCountsAndTheyAgree() {
        BgpSummary summary = BgpSummary.parse(FixtureText.crlf(fixture("bgp-summary-frr7.3-unnumbered.json")));

        assertEquals(4200000003L, summary.localAs());
        assertEquals(41, summary.peers().get(0).prefixesReceived());
    }

    @Test
    void cumulus4LsbReleaseNamesItsVersion() {
        CumulusOnie.LsbRelease release = CumulusOnie.LsbRelease.parse(fixture("lsb-release-4.2.0.txt"));

        assertEquals("4.2.0", release.release());
    }
}
