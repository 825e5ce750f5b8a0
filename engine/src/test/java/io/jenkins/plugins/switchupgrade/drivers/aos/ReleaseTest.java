package io.jenkins.plugins.switchupgrade.drivers.aos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseTest {

    @Test
    void readsTheReleaseAsShowMicrocodePrintsIt() {
        Release release = Release.parse("7.3.1.748.R01");

        assertEquals(7, release.major());
        assertEquals(3, release.minor());
        assertEquals(748, release.build());
        assertEquals(List.of(7, 3, 1, 748), release.numbers());
        assertEquals(Optional.of("R01"), release.tag());
        assertEquals("7.3.1.748.R01", release.toString());
    }

    @Test
    void readsTheThreeNumberFormOfAos8() {
        Release release = Release.parse("8.9.221.R03");

        assertEquals(List.of(8, 9, 221), release.numbers());
        assertEquals(221, release.build());
        assertEquals("8.9.221.R03", release.toString());
    }

    @Test
    void treatsTheReleaseNotesSpellingAsTheSameRelease() {
        assertEquals(Release.parse("7.3.2.374.R01"), Release.parse("7.3.2.374R01"));
        assertTrue(Release.parse("7.3.2.374").sameBuildAs(Release.parse("7.3.2.374.R01")));
        assertFalse(Release.parse("7.3.1.748.R01").sameBuildAs(Release.parse("7.3.2.374.R01")));
    }

    @Test
    void ordersReleasesNumerically() {
        assertTrue(Release.parse("7.3.1.748.R01").compareTo(Release.parse("7.3.2.374.R01")) < 0);
        assertTrue(Release.parse("7.3.2.1000.R01").compareTo(Release.parse("7.3.2.374.R01")) > 0);
        assertNotEquals(Release.parse("8.9.221.R03"), Release.parse("8.9.221.R02"));
    }

    @Test
    void knowsAos8() {
        assertTrue(Release.parse("8.9.221.R03").isAos8OrLater());
        assertFalse(Release.parse("7.3.2.374.R01").isAos8OrLater());
    }

    @Test
    void findsTheReleaseInABootBanner() {
        String banner = "Alcatel-Lucent OS6900-X40 7.3.2.374.R01 Service Release, August 30, 2013.";

        assertEquals(Optional.of(Release.parse("7.3.2.374.R01")), Release.find(banner));
    }

    @Test
    void prefersATaggedReleaseOverAnAddressThatLooksLikeOne() {
        String text = "Interface EMP-CHAS1 10.252.1.1/255.255.255.0 running 7.3.2.374.R01";

        assertEquals(Optional.of(Release.parse("7.3.2.374.R01")), Release.find(text));
        assertEquals(Optional.empty(), Release.find("no release here"));
    }

    @Test
    void refusesSomethingElseSayingWhatAReleaseLooksLike() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Release.parse("7.3.2"));
        assertThrows(IllegalArgumentException.class, () -> Release.parse("7.3.1.748.R01 and more"));

        assertTrue(e.getMessage().contains("like 7.3.2.374.R01"), e.getMessage());
    }
}
