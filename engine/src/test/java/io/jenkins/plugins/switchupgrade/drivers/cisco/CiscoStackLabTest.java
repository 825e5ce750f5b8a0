package io.jenkins.plugins.switchupgrade.drivers.cisco;

import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Cisco stack-MAC pre-check over SSH against the lab's Catalyst stacks. */
class CiscoStackLabTest {
    private static final String PERSISTENT = "leaf-r1-p1-pod1";
    private static final String NOT_PERSISTENT = "leaf-r1-p2-pod1";

    private static Fabric fabric;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(1).spines(0).platform("cisco").prometheus(false)
                .fault(NOT_PERSISTENT, LabFault.MAC_RETENTION_OFF).build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    private static SshTarget target(String name) {
        LabSwitch labSwitch = fabric.get(name);
        return SshTarget.builder().name(name).host(labSwitch.address().getHostAddress()).port(fabric.ssh().port())
                .user(fabric.ssh().user()).privateKeyFile(fabric.ssh().clientKeyFile())
                .knownHostsFile(fabric.ssh().knownHostsFile()).commandTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void aStackThatKeepsItsMacIndefinitelyPasses() throws Exception {
        StackMacCheck check = new CiscoStack().preCheck(target(PERSISTENT), line -> { });

        assertTrue(check.passed(), check.reason());
        assertEquals(3, check.stack().members().size());
        assertTrue(check.stack().persistency().keepsMacIndefinitely());
        assertEquals(List.of("show switch"), fabric.commands().commands(PERSISTENT));
    }

    @Test
    void aStackWithoutPersistentMacIsRefusedWithTheFixAndNothingSent() {
        DriverException e = assertThrows(DriverException.class,
                () -> new CiscoStack().preCheck(target(NOT_PERSISTENT), line -> { }));

        assertTrue(e.getMessage().contains("stack-mac persistent timer 0"), e.getMessage());
        assertTrue(e.getMessage().contains("Spanning Tree bridge ID changes"), e.getMessage());
        assertFalse(e.disruptiveCommandSent());
        assertEquals(List.of("show switch"), fabric.commands().commands(NOT_PERSISTENT));
    }
}
