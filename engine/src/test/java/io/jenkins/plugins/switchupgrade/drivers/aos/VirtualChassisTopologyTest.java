package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;

import static io.jenkins.plugins.switchupgrade.drivers.aos.Fixtures.aos;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VirtualChassisTopologyTest {

    @Test
    void readsTwoMemberVirtualChassisWithItsMasterAndLocalChassis() {
        VirtualChassisTopology topology = VirtualChassisTopology.parse(aos("show-virtual-chassis-topology-2-members.txt"));

        assertEquals(OptionalInt.of(2), topology.localChassisId());
        assertEquals(2, topology.members().size());
        assertEquals(new ChassisMember(2, ChassisRole.MASTER, "Master", "Running", Optional.of("OS6900-X40"),
                "e8:e7:32:0e:66:89"), topology.master().orElseThrow());
        assertEquals(List.of(1), topology.slaves().stream().map(ChassisMember::chassisId).collect(Collectors.toList()));
        assertTrue(topology.isHealthy());
        assertEquals(Optional.empty(), topology.problem());
    }

    @Test
    void seesTheFormerSlaveAsMasterAfterIssu() {
        VirtualChassisTopology topology = VirtualChassisTopology.parse(
                aos("show-virtual-chassis-topology-2-members-after-issu.txt"));

        assertEquals(1, topology.master().orElseThrow().chassisId());
        assertEquals(ChassisRole.SLAVE, topology.member(2).orElseThrow().role());
        assertTrue(topology.isHealthy());
    }

    @Test
    void toleratesTheExtraColumnsOfTheAos8Layout() {
        VirtualChassisTopology topology = VirtualChassisTopology.parse(aos("show-virtual-chassis-topology-3-members.txt"));

        assertEquals(3, topology.members().size());
        assertEquals(List.of(2, 3), topology.slaves().stream().map(ChassisMember::chassisId).collect(Collectors.toList()));
        assertEquals("2c:fa:a2:10:03:30", topology.member(3).orElseThrow().macAddress());
        assertEquals(Optional.of("OS6900-X72"), topology.member(3).orElseThrow().chassisType());
    }

    @Test
    void listsOnlyTheChassisStillPresentWhileASlaveReboots() {
        VirtualChassisTopology topology = VirtualChassisTopology.parse(
                aos("show-virtual-chassis-topology-1-of-2-members.txt"));

        assertEquals(1, topology.members().size());
        assertTrue(topology.member(1).isEmpty());
    }

    @Test
    void reportsAnInconsistentChassisAsNotRunning() {
        VirtualChassisTopology topology = VirtualChassisTopology.parse(aos("show-virtual-chassis-topology-mismatch.txt"));

        ChassisMember second = topology.member(2).orElseThrow();
        assertEquals(ChassisRole.INCONSISTENT, second.role());
        assertEquals("Mismatch-Chassis-Group", second.status());
        assertEquals(List.of(second), topology.notRunning());
        assertFalse(topology.isHealthy());
        assertTrue(topology.problem().orElseThrow().contains("chassis 2 (Inconsistent, Mismatch-Chassis-Group"));
    }

    @Test
    void saysWhichChassisClaimsWhenThereIsNoSingleMaster() {
        String twoMasters = aos("show-virtual-chassis-topology-2-members.txt").replace("Slave ", "Master");

        VirtualChassisTopology topology = VirtualChassisTopology.parse(twoMasters);

        assertTrue(topology.master().isEmpty());
        assertTrue(topology.problem().orElseThrow().startsWith("expected exactly one Master chassis, but saw 2"));
    }

    @Test
    void refusesATruncatedRowNamingWhatWasExpectedAndSeen() {
        CliOutputException e = assertThrows(CliOutputException.class,
                () -> VirtualChassisTopology.parse(aos("show-virtual-chassis-topology-truncated.txt")));

        assertEquals("show virtual-chassis topology", e.command());
        assertTrue(e.expected().startsWith("a chassis row"), e.getMessage());
        assertTrue(e.seen().contains("2     Master       Runn"), e.getMessage());
        assertTrue(e.getMessage().contains("run the command again"), e.getMessage());
    }

    @Test
    void refusesEmptyOutput() {
        CliOutputException e = assertThrows(CliOutputException.class, () -> VirtualChassisTopology.parse(""));

        assertEquals("no output at all", e.seen());
        assertThrows(CliOutputException.class, () -> VirtualChassisTopology.parse(null));
    }

    @Test
    void refusesOutputThatEndsAfterTheHeader() {
        String headerOnly = aos("show-virtual-chassis-topology-2-members.txt").lines().limit(4)
                .collect(Collectors.joining("\n"));

        CliOutputException e = assertThrows(CliOutputException.class, () -> VirtualChassisTopology.parse(headerOnly));

        assertEquals("a header without rows", e.seen());
    }

    @Test
    void refusesOutputWithoutTheTable() {
        CliOutputException e = assertThrows(CliOutputException.class,
                () -> VirtualChassisTopology.parse("-> show virtual-chassis topology\r\n\r\n-> "));

        assertTrue(e.expected().contains("Chas  Role  Status"), e.getMessage());
    }

    @Test
    void explainsTheCliErrorOfAStandaloneSwitch() {
        CliOutputException e = assertThrows(CliOutputException.class,
                () -> VirtualChassisTopology.parse("ERROR: Invalid entry: \"virtual-chassis\"\n"));

        assertTrue(e.getMessage().contains("virtual-chassis mode"), e.getMessage());
    }

    @Test
    void refusesAChassisListedTwice() {
        String text = aos("show-virtual-chassis-topology-2-members.txt");
        String doubled = text + text.lines().skip(4).findFirst().orElseThrow() + "\n";

        CliOutputException e = assertThrows(CliOutputException.class, () -> VirtualChassisTopology.parse(doubled));

        assertEquals("chassis 1 twice", e.seen());
    }

    @Test
    void readsWindowsLineEndingsLikeUnixOnes() {
        String text = aos("show-virtual-chassis-topology-2-members.txt");

        assertEquals(VirtualChassisTopology.parse(text), VirtualChassisTopology.parse(Fixtures.crlf(text)));
    }

    @Test
    void ignoresTerminalEscapesTheEchoedCommandAndThePrompt() {
        String text = aos("show-virtual-chassis-topology-2-members.txt");

        VirtualChassisTopology topology = VirtualChassisTopology.parse(
                Fixtures.session("show virtual-chassis topology", text));

        assertEquals(VirtualChassisTopology.parse(text), topology);
        assertTrue(topology.member(1).orElseThrow().isRunning());
    }
}
