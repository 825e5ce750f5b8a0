package io.jenkins.plugins.switchupgrade.drivers.cisco;

import io.jenkins.plugins.switchupgrade.drivers.Preflight;
import io.jenkins.plugins.switchupgrade.drivers.PreflightResult;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Cisco stack-MAC check of the preflight over SSH against the lab's Catalyst stacks. */
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
        PreflightResult check = new Preflight().check(CiscoStack.PLATFORM, target(PERSISTENT));
        SwitchStack stack = new CiscoStack().readStack(target(PERSISTENT));

        assertEquals(PreflightResult.Verdict.PASSED, check.verdict(), check.findings().toString());
        assertEquals(3, stack.members().size());
        assertTrue(stack.persistency().keepsMacIndefinitely());
        assertTrue(check.findings().stream().anyMatch(f -> f.startsWith("Mac persistency wait time: Indefinite")),
                check.findings().toString());
        assertEquals(List.of("show switch", "show switch"), fabric.commands().commands(PERSISTENT));
    }

    @Test
    void aStackWithoutPersistentMacIsRefusedWithTheFixAndNothingSent() {
        PreflightResult e = new Preflight().check(CiscoStack.PLATFORM, target(NOT_PERSISTENT));

        String message = String.join("\n", e.findings());
        assertEquals(PreflightResult.Verdict.FAILED, e.verdict());
        assertTrue(message.contains("stack-mac persistent timer 0"), message);
        assertTrue(message.contains("Spanning Tree bridge ID changes"), message);
        assertEquals(List.of("show switch"), fabric.commands().commands(NOT_PERSISTENT));
    }
}
