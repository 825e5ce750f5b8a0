package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.gates.Gate;
import io.jenkins.plugins.switchupgrade.gates.GateRefusal;
import io.jenkins.plugins.switchupgrade.gates.IdentityCheck;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An OmniSwitch virtual chassis tells its name in {@code show system}'s Name line; the lab's answers with its own. */
class AosIdentityLabTest {
    private static final String FIRST = "leaf-r1-p1-pod1";
    private static final String SECOND = "leaf-r1-p2-pod1";
    private static Fabric fabric;

    @BeforeAll
    static void startFabric() {
        fabric = AosVirtualChassisLabTest.fabric(1).prometheus(false).build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    @Test
    void theSystemNameIsTheSwitchsOwn() throws Exception {
        assertEquals(FIRST, AosVirtualChassisLabTest.driver().build().identity(AosVirtualChassisLabTest.target(fabric,
                FIRST)));
        assertTrue(fabric.commands().commands(FIRST).contains(AosVirtualChassis.SHOW_SYSTEM));
    }

    @Test
    void anAddressOfAnotherChassisIsCaughtAndBothAreNamed() throws Exception {
        String otherAddress = fabric.get(SECOND).address().getHostAddress();
        Switch named = Switch.builder(FIRST).datacenter("lab1").role(Role.LEAF).address(otherAddress).platform("aos")
                .build();
        SshTarget ssh = SshTarget.builder().name(FIRST).host(otherAddress).port(fabric.ssh().port())
                .user(fabric.ssh().user()).privateKeyFile(fabric.ssh().clientKeyFile())
                .knownHostsFile(fabric.ssh().knownHostsFile()).build();
        int before = fabric.commands().commands(SECOND).size();
        Optional<GateRefusal> refusal = IdentityCheck.confirm(AosVirtualChassisLabTest.driver().build(), ssh, named);
        assertTrue(refusal.isPresent());
        assertEquals(Gate.IDENTITY, refusal.get().gate());
        assertEquals(List.of(FIRST, SECOND), refusal.get().subjects());
        assertTrue(refusal.get().sentence().contains("answers as '" + SECOND + "', not as " + FIRST),
                refusal.get().sentence());
        List<String> sent = fabric.commands().commands(SECOND);
        assertEquals(List.of(AosVirtualChassis.SHOW_SYSTEM), sent.subList(before, sent.size()),
                "the chassis reached was only asked its name");
    }
}
