package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;

import static io.jenkins.plugins.switchupgrade.drivers.aos.Fixtures.aos;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MacRetentionStatusTest {

    @Test
    void readsTheEnabledStatusWithARetainedMac() {
        MacRetentionStatus status = MacRetentionStatus.parse(aos("show-mac-retention-status-enabled.txt"));

        assertEquals(new MacRetentionStatus(true, Optional.of(false), "e8:e7:32:69:2e:9c", "e8:e7:32:69:2c:fc",
                MacRetentionStatus.Source.RETAINED, Optional.of("Ring Present")), status);
        assertTrue(status.usesForeignMac());
    }

    @Test
    void readsTheDisabledStatus() {
        MacRetentionStatus status = MacRetentionStatus.parse(aos("show-mac-retention-status-disabled.txt"));

        assertFalse(status.adminEnabled());
        assertEquals(MacRetentionStatus.Source.EEPROM, status.source());
        assertFalse(status.usesForeignMac());
    }

    @Test
    void refusesTruncatedOutputNamingTheMissingFields() {
        CliOutputException e = assertThrows(CliOutputException.class,
                () -> MacRetentionStatus.parse(aos("show-mac-retention-status-truncated.txt")));

        assertEquals("show mac-retention status", e.command());
        assertEquals("no 'eeprom mac address', no 'current mac address', no 'mac address source'", e.seen());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void refusesEmptyOutput() {
        assertEquals("no output at all",
                assertThrows(CliOutputException.class, () -> MacRetentionStatus.parse("")).seen());
    }

    @Test
    void refusesAGarbledMac() {
        String garbled = aos("show-mac-retention-status-enabled.txt").replace("e8:e7:32:69:2c:fc", "e8:e7:32:6");

        CliOutputException e = assertThrows(CliOutputException.class, () -> MacRetentionStatus.parse(garbled));

        assertEquals("'e8:e7:32:6'", e.seen());
    }

    @Test
    void pointsAtTheReleaseWhenTheCommandIsRefused() {
        CliOutputException e = assertThrows(CliOutputException.class,
                () -> MacRetentionStatus.parse(aos("show-mac-retention-status-aos8-invalid.txt")));

        assertTrue(e.getMessage().contains("show microcode"), e.getMessage());
    }

    @Test
    void readsTheSessionAsTheSwitchSendsIt() {
        String text = aos("show-mac-retention-status-enabled.txt");
        String session = "Stack > show mac-retention status \r\n" + Fixtures.crlf(Fixtures.session("", text));

        assertEquals(MacRetentionStatus.parse(text), MacRetentionStatus.parse(session));
    }
}
