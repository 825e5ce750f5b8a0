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

class MicrocodeTest {

    @Test
    void readsTheRunningReleaseBeforeTheUpgrade() {
        Microcode microcode = Microcode.parse(aos("show-microcode-7.3.1.txt"));

        assertEquals(Optional.of("/flash/working"), microcode.directory());
        assertEquals(Release.parse("7.3.1.748.R01"), microcode.release());
        assertEquals(List.of(new Microcode.Package("Tos.img", Release.parse("7.3.1.748.R01"), 189211552L,
                "Alcatel-Lucent OS")), microcode.packages());
    }

    @Test
    void readsTheNewReleaseRunningFromTheIssuDirectory() {
        Microcode microcode = Microcode.parse(aos("show-microcode-7.3.2.txt"));

        assertEquals(Optional.of("/flash/new_firm"), microcode.directory());
        assertTrue(microcode.runs(Release.parse("7.3.2.374R01")));
        assertFalse(microcode.runs(Release.parse("7.3.1.748.R01")));
    }

    @Test
    void readsAnAos8Release() {
        assertTrue(Microcode.parse(aos("show-microcode-8.9.txt")).release().isAos8OrLater());
    }

    @Test
    void refusesToNameOneReleaseForAMixedImageSet() {
        String mixed = aos("show-microcode-7.3.1.txt")
                + " Tos2.img          7.3.2.374.R01           1024      Alcatel-Lucent OS\n";
        Microcode microcode = Microcode.parse(mixed);

        CliOutputException e = assertThrows(CliOutputException.class, microcode::release);

        assertTrue(e.getMessage().contains("mixes images of different releases"), e.getMessage());
        assertFalse(microcode.runs(Release.parse("7.3.1.748.R01")));
    }

    @Test
    void refusesARowCutInsideTheRelease() {
        String cut = aos("show-microcode-7.3.1.txt").replace("7.3.1.748.R01           189211552 Alcatel-Lucent OS",
                "7.3.");

        CliOutputException e = assertThrows(CliOutputException.class, () -> Microcode.parse(cut));

        assertTrue(e.seen().contains("Tos.img           7.3."), e.getMessage());
    }

    @Test
    void refusesEmptyOutputAndATableWithoutRows() {
        assertEquals("no output at all", assertThrows(CliOutputException.class, () -> Microcode.parse("")).seen());

        String headerOnly = String.join("\n", aos("show-microcode-7.3.1.txt").lines().limit(3).toList());
        assertEquals("a header without rows",
                assertThrows(CliOutputException.class, () -> Microcode.parse(headerOnly)).seen());
    }

    @Test
    void refusesACliErrorQuotingIt() {
        CliOutputException e = assertThrows(CliOutputException.class,
                () -> Microcode.parse("ERROR: Authorization failed. No functional privileges for this command\n"));

        assertTrue(e.seen().contains("Authorization failed"), e.getMessage());
    }

    @Test
    void readsTheSessionAsTheSwitchSendsIt() {
        String text = aos("show-microcode-7.3.2.txt");

        assertEquals(Microcode.parse(text), Microcode.parse(Fixtures.crlf(Fixtures.session("show microcode", text))));
    }
}
