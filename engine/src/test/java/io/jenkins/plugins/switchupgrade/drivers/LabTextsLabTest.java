package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.drivers.aos.AosVirtualChassis;
import io.jenkins.plugins.switchupgrade.drivers.aos.ChassisMember;
import io.jenkins.plugins.switchupgrade.drivers.aos.IssuPreCheck;
import io.jenkins.plugins.switchupgrade.drivers.aos.Release;
import io.jenkins.plugins.switchupgrade.drivers.aos.VirtualChassisTopology;
import io.jenkins.plugins.switchupgrade.drivers.cisco.CiscoStack;
import io.jenkins.plugins.switchupgrade.drivers.cisco.StackMember;
import io.jenkins.plugins.switchupgrade.drivers.cisco.SwitchStack;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.lab.ssh.AosLabCli;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The lab's AOS and Cisco switches answer with the device texts the parsers are tested on, filled with their own
 * values: the drivers' parsers read, over SSH, exactly the state the lab holds; and each fabric keeps its own
 * platforms, so two fabrics in one JVM do not overwrite each other's chassis.
 */
class LabTextsLabTest {
    private static final String VC = "leaf-r1-p1-pod1";
    private static final String FROM = "7.3.1.748.R01";
    private static final String TO = "7.3.2.374.R01";

    private static Fabric.Builder fabric(String platform) {
        Fabric.Builder builder = Fabric.builder().racks(1).spines(0).platform(platform).prometheus(false);
        return platform.equals("aos") ? builder.fromVersion(FROM).toVersion(TO) : builder;
    }

    private static SshTarget target(Fabric fabric, String name) {
        LabSwitch labSwitch = fabric.get(name);
        return SshTarget.builder().name(name).host(labSwitch.address().getHostAddress()).port(fabric.ssh().port())
                .user(fabric.ssh().user()).privateKeyFile(fabric.ssh().clientKeyFile())
                .knownHostsFile(fabric.ssh().knownHostsFile()).commandTimeout(Duration.ofSeconds(5)).build();
    }

    private static AosVirtualChassis aos() {
        return AosVirtualChassis.builder().imageDirectory("new_firm").expectedRelease(TO).build();
    }

    @Test
    void theAosParsersReadTheVirtualChassisTheLabHolds() throws Exception {
        try (Fabric fabric = fabric("aos").build().start()) {
            AosLabCli lab = AosLabCli.of(fabric, VC);

            VirtualChassisTopology topology = AosVirtualChassis.readHealth(SwitchLink.ssh(), target(fabric, VC))
                    .topology();
            IssuPreCheck preCheck = aos().inspect(target(fabric, VC), line -> { });
            SwitchConfiguration configuration = aos().readConfiguration(target(fabric, VC));
            String identity = aos().identity(target(fabric, VC));

            assertEquals(lab.releases().keySet(), topology.members().stream().map(ChassisMember::chassisId)
                    .collect(Collectors.toSet()));
            assertEquals(lab.masterId(), topology.master().orElseThrow().chassisId());
            assertEquals(Release.parse(FROM), preCheck.running());
            assertTrue(preCheck.imageDirectory().contains("issu_version"), preCheck.imageDirectory().files().toString());
            assertTrue(preCheck.macRetention().passed(), preCheck.macRetention().reason());
            assertEquals(lab.macRetentionEnabled(), preCheck.macRetention().status().orElseThrow().adminEnabled());
            assertEquals(Set.of("vcboot.cfg", "vcsetup.cfg"), configuration.sources().keySet());
            assertEquals(VC, identity);
            assertEquals(List.of("show virtual-chassis topology", "show microcode", "show mac-retention status",
                    "show virtual-chassis topology", "show microcode",
                    "ls -l new_firm", "show mac-retention status", "show running-directory", "cat working/vcboot.cfg",
                    "cat working/vcsetup.cfg", "show system"), fabric.commands().commands(VC));
        }
    }

    @Test
    void theCiscoParserReadsTheStackTheLabHolds() throws Exception {
        try (Fabric fabric = fabric("cisco").build().start()) {
            byte[] address = fabric.get(VC).address().getAddress();
            String base = String.format(java.util.Locale.ROOT, "70b3.17%02x.%02x", address[3] & 0xff,
                    address[2] & 0xff);

            SwitchStack stack = new CiscoStack().readStack(target(fabric, VC));

            assertEquals(List.of(base + "00", base + "80", base + "c0"), stack.members().stream()
                    .map(StackMember::macAddress).toList());
            assertTrue(stack.notReady().isEmpty(), stack.notReady().toString());
            assertTrue(stack.persistency().keepsMacIndefinitely());
        }
    }

    @Test
    void twoFabricsInOneJvmKeepTheirOwnVirtualChassis() throws Exception {
        try (Fabric two = fabric("aos").build().start();
             Fabric three = fabric("aos").cli("aos", AosLabCli.factory(3)).build().start()) {
            AosLabCli.of(three, VC).inconsistent(1);

            VirtualChassisTopology ofTwo = AosVirtualChassis.readHealth(SwitchLink.ssh(), target(two, VC))
                    .topology();
            VirtualChassisTopology ofThree = AosVirtualChassis.readHealth(SwitchLink.ssh(), target(three, VC))
                    .topology();

            assertEquals(2, ofTwo.members().size());
            assertTrue(ofTwo.problem().isEmpty(), ofTwo.problem().toString());
            assertEquals(3, ofThree.members().size());
            assertTrue(ofThree.problem().isPresent(), "chassis 1 of the other fabric is inconsistent");
            List<String> reads = List.of("show virtual-chassis topology", "show microcode", "show mac-retention status");
            assertEquals(reads, two.commands().commands(VC));
            assertEquals(reads, three.commands().commands(VC));
        }
    }
}
