package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.lab.ssh.AosLabCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.jenkins.plugins.switchupgrade.drivers.aos.AosVirtualChassisLabTest.TO;
import static io.jenkins.plugins.switchupgrade.drivers.aos.AosVirtualChassisLabTest.driver;
import static io.jenkins.plugins.switchupgrade.drivers.aos.AosVirtualChassisLabTest.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A save that prints no confirmation, against the lab's virtual chassis over real SSH: the lab answers
 * {@code show running-directory} with the AOS 8 capture's layout, and the driver starts the ISSU only when it shows the
 * running configuration SYNCHRONIZED; proven from the lab's command record.
 */
class FlashSynchroLabTest {
    private static final String NOT_SYNCHRONIZED = "leaf-r1-p1-pod1";
    private static final String SILENT_BUT_SYNCHRONIZED = "leaf-r1-p2-pod1";

    private static Fabric fabric;

    @BeforeAll
    static void startFabric() {
        fabric = AosVirtualChassisLabTest.fabric(1).fault(NOT_SYNCHRONIZED, LabFault.FLASH_NOT_SYNCHRONIZED)
                .prometheus(false).build().start();
        for (LabSwitch labSwitch : fabric.switches()) {
            AosLabCli.of(fabric, labSwitch.name()).timings(AosVirtualChassisLabTest.fastTimings());
        }
        AosLabCli.of(fabric, SILENT_BUT_SYNCHRONIZED).silentFlashSynchro(true);
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    @Test
    void aSaveLeftNotSynchronizedStopsAfterShowRunningDirectoryWithoutAnIssu() {
        DriverException e = assertThrows(DriverException.class,
                () -> driver().build().issu(target(fabric, NOT_SYNCHRONIZED), line -> { }));

        assertTrue(e.getMessage().contains("running configuration: NOT SYNCHRONIZED"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing disruptive was sent"), e.getMessage());
        assertFalse(e.disruptiveCommandSent());
        List<String> commands = fabric.commands().commands(NOT_SYNCHRONIZED);
        int save = commands.indexOf("write memory flash-synchro");
        assertTrue(save >= 0, commands.toString());
        assertEquals("show running-directory", commands.get(save + 1), commands.toString());
        assertFalse(fabric.commands().anyMatching(NOT_SYNCHRONIZED, "^issu from"), commands.toString());
        assertEquals(0, AosLabCli.of(fabric, NOT_SYNCHRONIZED).rebootOrder().size());
    }

    @Test
    void aSilentSaveThatShowRunningDirectoryConfirmsGoesOnToTheIssu() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());

        IssuOutcome outcome = driver().build().issu(target(fabric, SILENT_BUT_SYNCHRONIZED), log::add);

        assertEquals(TO, outcome.releaseAfter().toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("'show running-directory' shows running configuration "
                + "WORKING, synchronisation SYNCHRONIZED")), String.join("\n", log));
        List<String> commands = fabric.commands().commands(SILENT_BUT_SYNCHRONIZED);
        int save = commands.indexOf("write memory flash-synchro");
        assertEquals("show running-directory", commands.get(save + 1), commands.toString());
        assertTrue(commands.indexOf("issu from new_firm") > save + 1, commands.toString());
    }
}
