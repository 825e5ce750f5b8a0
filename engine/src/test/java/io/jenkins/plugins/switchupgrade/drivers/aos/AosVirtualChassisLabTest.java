package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver.Ending;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.lab.ssh.AosLabCli;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AOS virtual-chassis driver against the lab's simulated virtual chassis over real SSH: the ISSU followed to its
 * end with 2 and 3 chassis, each fault, and no {@code issu from} when any pre-check fails, proven from the lab's
 * command record and chassis timeline.
 */
class AosVirtualChassisLabTest {
    static final String FROM = "7.3.1.748.R01";
    static final String TO = "7.3.2.374.R01";

    private static final String TWO = "leaf-r1-p1-pod1";
    private static final String THREE = "leaf-r1-p2-pod1";
    private static final String SLAVE_FAILS = "leaf-r2-p1-pod1";
    private static final String SLAVE_SLOW = "leaf-r2-p2-pod1";
    private static final String ISSU_ERROR = "leaf-r3-p1-pod1";
    private static final String OLD_VERSION = "leaf-r3-p2-pod1";
    private static final String RETENTION_OFF = "leaf-r4-p1-pod1";
    private static final String RETENTION_FIX = "leaf-r4-p2-pod1";
    private static final String NO_DIRECTORY = "leaf-r5-p1-pod1";
    private static final String NO_ISSU_VERSION = "leaf-r5-p2-pod1";
    private static final String INCONSISTENT = "leaf-r6-p1-pod1";
    private static final String FLASH_FAILS = "leaf-r6-p2-pod1";
    private static final String RETENTION_IGNORED = "leaf-r7-p1-pod1";
    private static final String UP_TO_DATE = "leaf-r7-p2-pod1";

    private static Fabric fabric;

    @BeforeAll
    static void startFabric() {
        fabric = fabric(7).fault(SLAVE_FAILS, LabFault.ISSU_SLAVE_FAILS).fault(SLAVE_SLOW, LabFault.ISSU_SLAVE_FAILS)
                .fault(ISSU_ERROR, LabFault.ISSU_ERROR).fault(OLD_VERSION, LabFault.OLD_VERSION)
                .fault(RETENTION_OFF, LabFault.MAC_RETENTION_OFF).fault(RETENTION_FIX, LabFault.MAC_RETENTION_OFF)
                .fault(RETENTION_IGNORED, LabFault.MAC_RETENTION_OFF).prometheus(false).build().start();
        for (LabSwitch labSwitch : fabric.switches()) {
            AosLabCli.of(fabric, labSwitch.name()).timings(fastTimings());
        }
        AosLabCli.of(fabric, THREE).members(3);
        AosLabCli.of(fabric, NO_DIRECTORY).remove(AosLabCli.NEW_FIRM, null);
        AosLabCli.of(fabric, NO_ISSU_VERSION).remove(AosLabCli.NEW_FIRM, "issu_version");
        AosLabCli.of(fabric, INCONSISTENT).inconsistent(1);
        AosLabCli.of(fabric, FLASH_FAILS).failFlashSynchro(true);
        fabric.get(UP_TO_DATE).setVersion(TO);
        AosLabCli.of(fabric, UP_TO_DATE).members(2);
    }

    /** A fabric of AOS virtual chassis, 7.3.1.748.R01 to 7.3.2.374.R01, chassis reboots of 400 ms. */
    static Fabric.Builder fabric(int racks) {
        return Fabric.builder().racks(racks).spines(0).platform("aos").fromVersion(FROM).toVersion(TO)
                .rebootTime(Duration.ofMillis(400)).convergeTime(Duration.ofMillis(100));
    }

    static AosLabCli.Timings fastTimings() {
        return new AosLabCli.Timings(Duration.ofMillis(40), Duration.ofMillis(400), Duration.ofMillis(100),
                Duration.ofMillis(800));
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    static SshTarget target(Fabric fabric, String name) {
        LabSwitch labSwitch = fabric.get(name);
        return SshTarget.builder().name(name).host(labSwitch.address().getHostAddress()).port(fabric.ssh().port())
                .user(fabric.ssh().user()).privateKeyFile(fabric.ssh().clientKeyFile())
                .knownHostsFile(fabric.ssh().knownHostsFile()).connectTimeout(Duration.ofSeconds(3))
                .commandTimeout(Duration.ofSeconds(5)).build();
    }

    static AosVirtualChassis.Builder driver() {
        return AosVirtualChassis.builder().imageDirectory("new_firm").expectedRelease(TO)
                .pollInterval(Duration.ofMillis(100)).limits(new AosVirtualChassis.PhaseLimits(Duration.ofSeconds(5),
                        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10)));
    }

    private static boolean issuSent(String name) {
        return fabric.commands().anyMatching(name, "^issu from");
    }

    @Test
    void issuOfTwoChassisUpgradesTheSlaveFirstThenTheMasterAndFollowsItToTheEnd() throws Exception {
        AosVirtualChassis driver = driver().build();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        LabSwitch vc = fabric.get(TWO);
        AtomicBoolean exporterAlwaysUp = new AtomicBoolean(true);
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                if (!fabric.exporters().stream().filter(e -> e.switches().contains(vc)).allMatch(e -> e.isListening())) {
                    exporterAlwaysUp.set(false);
                }
                sleep(10);
            }
        });
        watcher.start();
        IssuPreCheck pre = driver.inspect(target(fabric, TWO), log::add);
        IssuOutcome outcome = driver.issu(target(fabric, TWO), log::add);
        watching.set(false);
        watcher.join();

        assertEquals(FROM, pre.running().toString());
        assertTrue(pre.macRetention().passed(), pre.macRetention().reason());
        assertEquals(2, outcome.masterBefore());
        assertEquals(1, outcome.masterAfter(), "the upgraded slave took over");
        assertEquals(List.of(1), outcome.slaveOrder());
        assertEquals(TO, outcome.releaseAfter().toString());
        assertTrue(outcome.sessionDroppedAt() != null, "the session dropped when the master rebooted");
        assertEquals(List.of(1, 2), AosLabCli.of(fabric, TWO).rebootOrder(), "slave first, then the old master");
        assertEquals(TO, vc.version(), "the exporter's version metric moved to the new release");
        assertEquals(0, vc.reboots(), "no full reboot");
        assertTrue(exporterAlwaysUp.get(), "the exporter stays up during an ISSU");
        assertEquals(6, vc.linksUp());

        List<String> commands = fabric.commands().commands(TWO);
        int issu = commands.indexOf("issu from new_firm");
        assertTrue(issu > 0, commands.toString());
        assertEquals(List.of("cp working/vcboot.cfg new_firm", "cp working/vcsetup.cfg new_firm"),
                commands.subList(issu - 4, issu - 2), commands.toString());
        assertEquals(List.of("write memory flash-synchro", "issu from new_firm", "y"), commands.subList(issu - 1, issu + 2));
        assertEquals(List.of("cp working/vcboot.cfg new_firm", "cp working/vcsetup.cfg new_firm",
                "write memory flash-synchro", "issu from new_firm (answered y)"), outcome.disruption().commands());
        assertEquals(Ending.CONNECTION_DROPPED, outcome.disruption().exchanges().get(3).ending());

        assertTrue(log.contains(TWO + ": VCISSU: slave 1 is rebooting"), log.toString());
        assertTrue(log.contains(TWO + ": VCISSU: Master Chassis rebooting at end of VCISSU procedure"), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith(TWO + ": (known noise, not a failure) plGetUport")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("ISSU complete") && l.contains("master is chassis 1 (was 2)")),
                log.toString());
        List<IssuPhase> phases = outcome.phases().stream().map(IssuOutcome.PhaseEvent::phase).toList();
        assertEquals(IssuPhase.VALIDATING, phases.get(0));
        assertEquals(IssuPhase.MASTER_REBOOTING, phases.get(phases.size() - 1));
        assertTrue(phases.indexOf(IssuPhase.SLAVE_READY) < phases.indexOf(IssuPhase.MASTER_REBOOTING));
    }

    @Test
    void issuOfThreeChassisRebootsTheSlavesOneAtATimeInOrderThenTheMaster() throws Exception {
        IssuOutcome outcome = driver().build().issu(target(fabric, THREE), line -> { });

        AosLabCli lab = AosLabCli.of(fabric, THREE);
        assertEquals(List.of(2, 3, 1), lab.rebootOrder(), lab.timeline().toString());
        assertEquals(List.of(2, 3), outcome.slaveOrder());
        assertEquals(1, outcome.masterBefore());
        assertEquals(2, outcome.masterAfter());
        // one at a time: slave 3 reboots only after slave 2 is back on the new release
        List<AosLabCli.Event> timeline = lab.timeline();
        Instant twoBack = timeline.stream().filter(e -> e.chassis() == 2 && e.what().equals("running " + TO))
                .findFirst().orElseThrow().at();
        Instant threeDown = timeline.stream().filter(e -> e.chassis() == 3 && e.what().equals("rebooting"))
                .findFirst().orElseThrow().at();
        Instant threeBack = timeline.stream().filter(e -> e.chassis() == 3 && e.what().equals("running " + TO))
                .findFirst().orElseThrow().at();
        Instant masterDown = timeline.stream().filter(e -> e.chassis() == 1 && e.what().equals("rebooting"))
                .findFirst().orElseThrow().at();
        assertFalse(threeDown.isBefore(twoBack), timeline.toString());
        assertFalse(masterDown.isBefore(threeBack), timeline.toString());
        assertEquals(java.util.Map.of(1, TO, 2, TO, 3, TO), lab.releases());
    }

    @Test
    void aSlaveThatNeverReturnsStopsTheIssuWithTheVcissuFailureAndNothingMoreIsSent() {
        DriverException e = assertThrows(DriverException.class,
                () -> driver().build().issu(target(fabric, SLAVE_FAILS), line -> { }));

        assertTrue(e.getMessage().contains("the ISSU failed"), e.getMessage());
        assertTrue(e.getMessage().contains("slave 1 did not rejoin the virtual chassis"), e.getMessage());
        assertTrue(e.getMessage().contains("aborting VCISSU procedure"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing further was sent"), e.getMessage());
        assertTrue(e.disruptiveCommandSent());
        assertTrue(e.switchMayBeDown(), "chassis 1 is down");
        List<String> commands = fabric.commands().commands(SLAVE_FAILS);
        assertEquals("y", commands.get(commands.size() - 1), "nothing after the confirmation: " + commands);
        assertEquals(List.of(1), AosLabCli.of(fabric, SLAVE_FAILS).rebootOrder());
        assertEquals(FROM, fabric.get(SLAVE_FAILS).version());
    }

    @Test
    void aSlaveThatDoesNotReturnWithinThePhaseLimitStopsTheIssu() {
        AosVirtualChassis driver = driver().limits(new AosVirtualChassis.PhaseLimits(Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(5))).build();
        DriverException e = assertThrows(DriverException.class, () -> driver.issu(target(fabric, SLAVE_SLOW), l -> { }));

        assertTrue(e.getMessage().contains("chassis 1 did not return from its ISSU reboot"), e.getMessage());
        assertTrue(e.getMessage().contains("within 0.5 s"), e.getMessage());
        assertTrue(e.switchMayBeDown());
        List<String> commands = fabric.commands().commands(SLAVE_SLOW);
        assertEquals("y", commands.get(commands.size() - 1), commands.toString());
    }

    @Test
    void aVcissuErrorStopsTheIssuBeforeAnyChassisReboots() {
        DriverException e = assertThrows(DriverException.class,
                () -> driver().build().issu(target(fabric, ISSU_ERROR), line -> { }));

        assertTrue(e.getMessage().contains("image validation failed"), e.getMessage());
        assertTrue(e.getMessage().contains("master chassis 2 keeps the old release"), e.getMessage());
        assertFalse(e.switchMayBeDown());
        assertTrue(AosLabCli.of(fabric, ISSU_ERROR).rebootOrder().isEmpty());
        List<String> commands = fabric.commands().commands(ISSU_ERROR);
        assertEquals("y", commands.get(commands.size() - 1), commands.toString());
    }

    @Test
    void chassisBackOnTheOldReleaseIsAReleaseMismatch() {
        DriverException e = assertThrows(DriverException.class,
                () -> driver().build().issu(target(fabric, OLD_VERSION), line -> { }));

        assertTrue(e.getMessage().contains("release mismatch after the ISSU: expected AOS " + TO + ", but master "
                + "chassis 1 runs AOS " + FROM), e.getMessage());
        assertTrue(e.disruptiveCommandSent());
    }

    @Test
    void macRetentionOffIsRefusedWithTheReasonAndTheFixAndNothingIsSent() {
        DriverException e = assertThrows(DriverException.class,
                () -> driver().build().preCheck(target(fabric, RETENTION_OFF), line -> { }));

        assertTrue(e.getMessage().contains("stack MAC retention pre-check failed"), e.getMessage());
        assertTrue(e.getMessage().contains("Spanning Tree bridge ID changes"), e.getMessage());
        assertTrue(e.getMessage().contains("`mac-retention status enable`"), e.getMessage());
        assertTrue(e.getMessage().contains("fixMacRetention"), e.getMessage());
        assertFalse(e.disruptiveCommandSent());
        assertFalse(fabric.commands().anyMatching(RETENTION_OFF, "^mac-retention status enable"));
        assertFalse(AosLabCli.of(fabric, RETENTION_OFF).macRetentionEnabled());
    }

    @Test
    void theFixIsAppliedOnlyWhenAskedAndAnnouncedBeforeItIsSent() throws Exception {
        AtomicInteger commandsWhenAnnounced = new AtomicInteger(-1);
        List<String> announced = new ArrayList<>();
        AosVirtualChassis driver = driver().fixMacRetention(true).configChangeListener((name, command, why) -> {
            commandsWhenAnnounced.set(fabric.commands().commands(name).size());
            announced.add(name + ": " + command + " (" + why + ")");
        }).build();

        IssuPreCheck pre = driver.inspect(target(fabric, RETENTION_FIX), line -> { });

        assertTrue(pre.macRetentionFixed());
        assertTrue(pre.macRetention().passed());
        assertTrue(AosLabCli.of(fabric, RETENTION_FIX).macRetentionEnabled());
        assertEquals(1, announced.size());
        assertTrue(announced.get(0).startsWith(RETENTION_FIX + ": mac-retention status enable (enable stack MAC "
                + "retention before the ISSU"), announced.toString());
        List<String> commands = fabric.commands().commands(RETENTION_FIX);
        assertEquals("mac-retention status enable", commands.get(commandsWhenAnnounced.get()),
                "the command came right after it was announced: " + commands);
        assertThrows(IllegalArgumentException.class, () -> driver().fixMacRetention(true).build(),
                "a fix that nobody records is refused");
    }

    @Test
    void macRetentionOffIsOnlyAWarningWhenNotRequired() throws Exception {
        List<String> log = new ArrayList<>();
        IssuPreCheck pre = driver().requireMacRetention(false).build().inspect(target(fabric, RETENTION_IGNORED), log::add);

        assertFalse(pre.macRetention().passed());
        assertFalse(pre.macRetentionFixed());
        assertTrue(log.stream().anyMatch(l -> l.contains("WARNING: MAC retention is disabled")), log.toString());
        assertFalse(fabric.commands().anyMatching(RETENTION_IGNORED, "^mac-retention status enable"));
    }

    @Test
    void noIssuIsSentWhenAnyPreCheckFails() {
        assertRefused(NO_DIRECTORY, "the image directory /flash/new_firm does not exist");
        assertRefused(NO_ISSU_VERSION, "lacks the issu_version file");
        assertRefused(INCONSISTENT, "expected every chassis Running");
        assertRefused(RETENTION_OFF, "MAC retention is disabled");
        assertRefused(UP_TO_DATE, "already runs AOS " + TO);
        for (String name : List.of(NO_DIRECTORY, NO_ISSU_VERSION, INCONSISTENT, RETENTION_OFF, UP_TO_DATE)) {
            List<String> commands = fabric.commands().commands(name);
            assertTrue(commands.stream().allMatch(c -> c.startsWith("show ") || c.startsWith("ls ")),
                    name + " received only read-outs: " + commands);
            assertFalse(issuSent(name));
        }
    }

    @Test
    void aFailedFlashSynchroStopsTheStagingBeforeTheIssu() {
        DriverException e = assertThrows(DriverException.class,
                () -> driver().build().issu(target(fabric, FLASH_FAILS), line -> { }));

        assertTrue(e.getMessage().contains("`write memory flash-synchro` failed"), e.getMessage());
        assertTrue(e.getMessage().contains("not enough space on chassis 1 flash"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing disruptive was sent"), e.getMessage());
        assertFalse(e.disruptiveCommandSent());
        assertFalse(issuSent(FLASH_FAILS));
    }

    private static void assertRefused(String name, String expected) {
        DriverException e = assertThrows(DriverException.class,
                () -> driver().build().preCheck(target(fabric, name), line -> { }));
        assertTrue(e.getMessage().contains(expected), name + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was"), name + ": " + e.getMessage());
        assertFalse(e.disruptiveCommandSent());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
