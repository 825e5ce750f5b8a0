package io.jenkins.plugins.switchupgrade.lab.ssh;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lab prints its own values in the device texts' layout: given the texts' own values, it prints the texts. */
class DeviceTextsTest {

    @Test
    void aTopologyRowOfTheFixturesValuesIsTheFixturesRow() {
        String text = DeviceTexts.read("aos", "show-virtual-chassis-topology-2-members.txt");
        DeviceTexts.Table table = DeviceTexts.Table.of(text);

        String printed = table.head() + table.row(1, "Slave", "Running", 1, 100, 19, "e8:e7:32:0e:65:69", "OS6900-X40")
                + table.row(2, "Master", "Running", 2, 100, 19, "e8:e7:32:0e:66:89", "OS6900-X40");

        assertEquals(text, printed);
    }

    @Test
    void aMicrocodeRowOfTheFixturesValuesIsTheFixturesRow() {
        String text = DeviceTexts.read("aos", "show-microcode-7.3.1.txt");
        DeviceTexts.Table table = DeviceTexts.Table.of(text);

        assertEquals(text, table.head() + table.row("Tos.img", "7.3.1.748.R01", 189211552, "Alcatel-Lucent OS"));
    }

    @Test
    void aValueLongerThanItsColumnKeepsABlankBeforeTheNext() {
        DeviceTexts.Table table = DeviceTexts.Table.of(DeviceTexts.read("aos",
                "show-virtual-chassis-topology-2-members.txt"));

        String row = table.row(2, "Inconsistent", "Mismatch-Chassis-Group", 2, 100, 19, "e8:e7:32:0e:66:89", "X");

        assertTrue(row.contains("Inconsistent Mismatch-Chassis-Group 2"), row);
    }

    @Test
    void fieldsAreReplacedInPlaceWithTheirCommas() {
        String text = DeviceTexts.read("aos", "show-mac-retention-status-enabled.txt");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("Admin State", "Disabled");
        values.put("Current MAC address", "e8:e7:32:00:00:01");

        String filled = DeviceTexts.withFields(text, values);

        assertEquals(text.replace("Admin State         : Enabled,", "Admin State         : Disabled,")
                .replace("Current MAC address : e8:e7:32:69:2c:fc,", "Current MAC address : e8:e7:32:00:00:01,"),
                filled);
    }

    @Test
    void theTwoRunningConfigurationFieldsAreToldApartByTheirCase() {
        String text = DeviceTexts.read("aos", "show-running-directory-aos8-vc.txt");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("Running configuration", "WORKING");
        values.put("Running Configuration", "NOT SYNCHRONIZED");

        // The two captures differ only in the blank line the first one ends with.
        assertEquals(DeviceTexts.read("aos", "show-running-directory-aos8-not-synchronized.txt").stripTrailing(),
                DeviceTexts.withFields(text, values).stripTrailing());
    }

    @Test
    void aFileLineOfTheFixturesValuesIsTheFixturesLine() {
        List<String> text = DeviceTexts.lines(DeviceTexts.read("aos", "ls-new_firm.txt"));

        assertEquals(text.get(1), AosLabCli.lsLine("-rw-r--r--", 191360664, "Tos.img"));
        assertEquals(text.get(2), AosLabCli.lsLine("-rw-r--r--", 64, "issu_version"));
    }

    @Test
    void showSystemFieldsAreReplacedAndTheLinesWithoutAFieldNameKept() {
        String text = DeviceTexts.read("aos", "show-system-aos8-os6860.txt");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("Name", "leaf-r1-p1-pod1");

        String filled = DeviceTexts.withFields(text, values);

        assertEquals(text.replace("Name:         ACSW01,", "Name:         leaf-r1-p1-pod1,"), filled);
    }

    @Test
    void aMissingTextIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DeviceTexts.read("aos", "nope.txt"));

        assertTrue(e.getMessage().contains("fixtures/aos/nope.txt"), e.getMessage());
    }

    @Test
    void everyVcissuConsoleLineTheLabPrintsIsACapturedOne() {
        // the lines are checked against the captured ISSU texts when the class loads
        assertDoesNotThrow(() -> Class.forName(AosLabCli.class.getName(), true, AosLabCli.class.getClassLoader()));
    }
}
