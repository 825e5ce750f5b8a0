package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver.Disruption;
import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver.Ending;
import io.jenkins.plugins.switchupgrade.lab.CommandRecord;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.ssh.SshException;
import io.jenkins.plugins.switchupgrade.ssh.SshSession;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.jenkins.plugins.switchupgrade.drivers.CumulusOnieParsersTest.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CumulusOnieLabTest {
    private static final String PLAIN = "leaf-r1-p1-pod1";
    private static final String SITE = "leaf-r1-p2-pod1";
    private static final String ONIE_FAILS = "leaf-r2-p1-pod1";
    private static final String SSH_DOWN = "leaf-r2-p2-pod1";
    private static final String CHANGED_KEY = "leaf-r3-p1-pod1";
    private static final String SLOW = "leaf-r3-p2-pod1";
    private static final String READ_ONLY = "leaf-r4-p1-pod1";
    private static final String SITE_ONIE_FAILS = "leaf-r4-p2-pod1";

    private static Fabric fabric;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(4).spines(0).prometheus(false).rebootTime(Duration.ofMillis(800))
                .convergeTime(Duration.ofMillis(100)).slowRebootDelay(Duration.ofMillis(1500))
                .fault(SSH_DOWN, LabFault.SSH_DOWN).fault(CHANGED_KEY, LabFault.HOSTKEY_CHANGED)
                .fault(SLOW, LabFault.SLOW_REBOOT).build().start();
        fabric.ssh().cumulus(ONIE_FAILS).failOnieSelect(true);
        fabric.ssh().cumulus(SITE_ONIE_FAILS).failOnieSelect(true);
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    private static SshTarget target(String name) {
        LabSwitch labSwitch = fabric.get(name);
        return SshTarget.builder().name(name).host(labSwitch.address().getHostAddress()).port(fabric.ssh().port())
                .user(fabric.ssh().user()).privateKeyFile(fabric.ssh().clientKeyFile())
                .knownHostsFile(fabric.ssh().knownHostsFile()).connectTimeout(Duration.ofSeconds(5))
                .commandTimeout(Duration.ofSeconds(5)).build();
    }

    private static CumulusOnie driver() {
        return CumulusOnie.builder().rebootAnswerTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void reprovisionSendsOnieSelectThenRebootAndTheSwitchReturnsOnTheTargetVersion() throws Exception {
        List<String> log = new ArrayList<>();
        Disruption disruption = driver().reprovision(target(PLAIN), log::add);

        assertEquals("5.9.1", disruption.versionBefore());
        assertEquals(List.of("onie-select -i -f", "reboot"), disruption.commands());
        assertEquals(Ending.EXITED, disruption.exchanges().get(0).ending());
        assertTrue(disruption.exchanges().get(0).answer().contains(CumulusOnie.INSTALL_ENABLED));
        assertTrue(disruption.connectionDropped(), "the reboot drops the connection: " + disruption.exchanges());
        assertTrue(log.contains("Sending " + PLAIN + " to Re-provisioning, command is 'onie-select -i -f' then 'reboot'"),
                log.toString());

        List<CommandRecord.Entry> received = fabric.commands().forSwitch(PLAIN);
        assertEquals(List.of("cat /etc/lsb-release", "onie-select -i -f", "reboot"),
                received.stream().map(CommandRecord.Entry::command).toList());
        assertFalse(received.get(2).time().isBefore(received.get(1).time()), "reboot after onie-select");

        awaitBack(PLAIN);
        assertEquals("5.10.0", driver().readVersion(target(PLAIN)));
    }

    @Test
    void aSiteCommandReplacesOnieSelectAndReboot() throws Exception {
        List<String> log = new ArrayList<>();
        CumulusOnie site = CumulusOnie.builder().siteCommand("/root/run_switch_provision.sh -F")
                .rebootAnswerTimeout(Duration.ofSeconds(10)).build();
        Disruption disruption = site.reprovision(target(SITE), log::add);

        assertEquals(List.of("/root/run_switch_provision.sh -F"), disruption.commands());
        assertTrue(disruption.connectionDropped());
        assertTrue(log.contains("Sending " + SITE + " to Re-provisioning, command is '/root/run_switch_provision.sh -F'"),
                log.toString());
        assertEquals(List.of("cat /etc/lsb-release", "/root/run_switch_provision.sh -F"),
                fabric.commands().commands(SITE));
        awaitBack(SITE);
        assertEquals("5.10.0", fabric.get(SITE).version());
    }

    @Test
    void aFailingOnieSelectMeansNoReboot() {
        DriverException e = assertThrows(DriverException.class, () -> driver().reprovision(target(ONIE_FAILS), line -> { }));

        assertTrue(e.getMessage().contains("expected exit 0 and 'Enabling install at next reboot...done.'"), e.getMessage());
        assertTrue(e.getMessage().contains("answered exit 1"), e.getMessage());
        assertTrue(e.getMessage().contains("ONIE boot partition not found"), "what was seen: " + e.getMessage());
        assertTrue(e.getMessage().contains("No reboot was sent; " + ONIE_FAILS + " still runs 5.9.1"), e.getMessage());
        assertTrue(e.disruptiveCommandSent());
        assertFalse(e.switchMayBeDown());
        assertEquals(List.of("cat /etc/lsb-release", "onie-select -i -f"), fabric.commands().commands(ONIE_FAILS));
        assertFalse(fabric.commands().anyMatching(ONIE_FAILS, "reboot"));
        assertEquals(0, fabric.get(ONIE_FAILS).reboots());
    }

    @Test
    void aSiteCommandWhoseOnieSelectFailsDoesNotReboot() {
        CumulusOnie site = CumulusOnie.builder().siteCommand("/root/run_switch_provision.sh -F").build();
        DriverException e = assertThrows(DriverException.class, () -> site.reprovision(target(SITE_ONIE_FAILS), line -> { }));
        assertTrue(e.getMessage().contains("answered exit 1"), e.getMessage());
        assertTrue(e.switchMayBeDown(), "a failing site command leaves the switch's state unknown");
        assertEquals(0, fabric.get(SITE_ONIE_FAILS).reboots());
    }

    @Test
    void aSwitchWhoseSshIsDownGetsNothingAndAClearError() {
        DriverException e = assertThrows(DriverException.class, () -> driver().reprovision(target(SSH_DOWN), line -> { }));
        assertTrue(e.getMessage().startsWith("Cannot reach " + SSH_DOWN + " over SSH; nothing was sent."), e.getMessage());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        assertFalse(e.disruptiveCommandSent());
        assertEquals(SshException.Reason.CONNECT, assertInstanceOf(SshException.class, e.getCause()).reason());
        assertTrue(fabric.commands().forSwitch(SSH_DOWN).isEmpty());
    }

    @Test
    void aChangedHostKeyStopsBeforeAnyCommand() {
        DriverException e = assertThrows(DriverException.class,
                () -> driver().reprovision(target(CHANGED_KEY), line -> { }));
        assertEquals(SshException.Reason.CHANGED_HOST_KEY, ((SshException) e.getCause()).reason());
        assertFalse(e.disruptiveCommandSent());
        assertTrue(fabric.commands().forSwitch(CHANGED_KEY).isEmpty());
        assertEquals(0, fabric.get(CHANGED_KEY).reboots());
    }

    @Test
    void aSlowRebootStillCountsAsSentWhenTheConnectionDropsLater() throws Exception {
        Disruption disruption = driver().reprovision(target(SLOW), line -> { });
        assertTrue(disruption.connectionDropped(), disruption.exchanges().toString());
        awaitBack(SLOW);
        assertEquals("5.10.0", fabric.get(SLOW).version());
    }

    @Test
    void readsSystemAndBgpFromTheLabWithTheSameParsers() throws Exception {
        CumulusOnie.NvueSystem system = driver().readSystem(target(READ_ONLY));
        assertEquals(READ_ONLY, system.hostname());
        assertEquals("5.9.1", system.version());
        CumulusOnie.BgpSummary bgp = driver().readBgpSummary(target(READ_ONLY));
        assertEquals(4, bgp.totalPeers());
        assertEquals(4, bgp.establishedPeers());
        fabric.get(READ_ONLY).setBgpEstablished(3);
        try {
            assertEquals(3, driver().readBgpSummary(target(READ_ONLY)).establishedPeers());
        } finally {
            fabric.get(READ_ONLY).setBgpEstablished(4);
        }
    }

    @Test
    void aCumulus4LabSwitchHasNoNvueAndTheDriverSaysWhatItReadsThere() throws Exception {
        LabSwitch labSwitch = fabric.get(READ_ONLY);
        String version = labSwitch.version();
        labSwitch.setVersion("4.2.0");
        try {
            DriverException e = assertThrows(DriverException.class, () -> driver().readSystem(target(READ_ONLY)));

            assertTrue(e.getMessage().contains("exit 127"), e.getMessage());
            assertTrue(e.getMessage().contains("'nv' arrived with Cumulus Linux 5.0"), e.getMessage());
            assertEquals("4.2.0", driver().readVersion(target(READ_ONLY)));
            assertEquals(4, driver().readBgpSummary(target(READ_ONLY)).totalPeers());
        } finally {
            labSwitch.setVersion(version);
        }
    }

    @Test
    void theLabAnswersWithTheDocumentedTexts() throws Exception {
        try (SshSession session = target(READ_ONLY).connect()) {
            assertEquals(fixture("lsb-release-5.9.1.txt"), session.exec("cat /etc/lsb-release").stdout());
            assertEquals(fixture("onie-select-install-forced.txt"), session.exec("onie-select -i -f").stdout());
            assertEquals(fixture("onie-select-cancel.txt"), session.exec("sudo onie-select -c").stdout());
        }
        assertFalse(fabric.ssh().cumulus(READ_ONLY).installStaged());
    }

    private static void awaitBack(String name) throws InterruptedException {
        LabSwitch labSwitch = fabric.get(name);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while ((labSwitch.reboots() == 0 || labSwitch.isRebooting() || !fabric.ssh().server(name).isListening())
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(labSwitch.reboots() == 1 && !labSwitch.isRebooting() && fabric.ssh().server(name).isListening(),
                name + " rebooted once and came back");
    }
}
