package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The campaign plan against the lab: waves that never hold both switches of a rack, spines one by one, today's
 * skips with their reasons, durations at the measured and at the seed's pace, and the windows it takes.
 */
class CampaignPlanTest {
    private static Fabric fabric;
    @TempDir
    Path dir;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(3).spines(2).fault("leaf-r2-p2-pod1", LabFault.UNHEALTHY)
                .build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    private StepContext context() {
        return StepContext.builder().prometheus(PrometheusClient.builder(fabric.prometheus().url()).build())
                .artifacts(new DirectoryArtifactStore(dir)).build();
    }

    private CampaignPlan plan(int parallelRacks, MaintenanceWindows windows, Duration measured) {
        return CampaignPlan.plan(context(), new CampaignPlan.Request(fabric.settings().datacenter(), List.of(),
                fabric.settings().fromVersion(), fabric.settings().toVersion(), null, List.of(), parallelRacks,
                windows, measured, measured == null ? "no round measured" : "measured in the lab"));
    }

    @Test
    void wavesTakeUpToNRacksAndNeverBothSwitchesOfARackAndSpinesAlone() {
        CampaignPlan plan = plan(2, null, Duration.ofMinutes(12));
        List<List<String>> waves = plan.waves().stream().map(CampaignPlan.Wave::switches).toList();
        // the lab's leaf pairs are MLAG peers, the rack's first switch the primary: the secondaries go first
        assertEquals(List.of(List.of("leaf-r1-p2-pod1", "leaf-r3-p2-pod1"), List.of("leaf-r1-p1-pod1",
                "leaf-r3-p1-pod1"), List.of("spine-s1-pod1"), List.of("spine-s2-pod1")), waves, plan.lines().toString());
        assertEquals(List.of("leaf-r2-p1-pod1", "leaf-r2-p2-pod1"),
                plan.skipped().stream().map(CampaignPlan.Skip::name).toList());
        assertTrue(plan.skipped().get(0).reasons().toString().contains("leaf-r2-p2-pod1 is not healthy"),
                plan.skipped().toString());
        assertEquals(Duration.ofMinutes(48), plan.durationAt(Duration.ofMinutes(12)));
        assertEquals(Duration.ofMinutes(120), plan.durationAt(CampaignPlan.SEED_PACE));
        assertEquals(Duration.ofMinutes(8 * 30), plan.seedWay());
        assertEquals(List.of(), fabric.commands().entries(), "a plan sends nothing to any switch");
        String text = String.join("\n", plan.lines());
        assertTrue(text.contains("wave 1 (leaf): leaf-r1-p2-pod1 leaf-r3-p2-pod1"), text);
        assertTrue(text.contains("skipped leaf-r2-p1-pod1: sibling leaf-r2-p2-pod1 is not healthy"), text);
    }

    @Test
    void oneRackAtATimeIsTheSerialWay() {
        CampaignPlan plan = plan(1, null, null);
        assertEquals(6, plan.waves().size(), plan.lines().toString());
        assertTrue(plan.waves().stream().allMatch(w -> w.switches().size() == 1));
        assertEquals(0, plan.schedule().windowsNeeded());
    }

    @Test
    void theWindowsNeededFollowFromThePaceAndTheWindowLength() {
        MaintenanceWindows nights = MaintenanceWindows.parse(List.of("Mon-Fri 22:00-05:00 Europe/Berlin"));
        Instant mondayNoon = Instant.parse("2026-12-07T11:00:00Z");
        // seven hours a night: 14 waves of 30 minutes fit in one night, the 15th needs the next
        assertEquals(1, CampaignPlan.schedule(14, nights, Duration.ofMinutes(30), mondayNoon).windowsNeeded());
        CampaignPlan.Schedule two = CampaignPlan.schedule(15, nights, Duration.ofMinutes(30), mondayNoon);
        assertEquals(2, two.windowsNeeded());
        assertEquals(Instant.parse("2026-12-08T21:30:00Z"), two.finishesAt());
        // Friday night's window ends on Saturday morning; the next is Monday night
        Instant fridayNoon = Instant.parse("2026-12-11T11:00:00Z");
        assertEquals(Instant.parse("2026-12-14T21:30:00Z"),
                CampaignPlan.schedule(15, nights, Duration.ofMinutes(30), fridayNoon).finishesAt());
        IllegalArgumentException tooLong = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> CampaignPlan.schedule(1, nights, Duration.ofHours(8), mondayNoon));
        assertTrue(tooLong.getMessage().contains("longer than any maintenance window"), tooLong.getMessage());
    }

    @Test
    void thePageShowsTheSeedsTwoWeeksBesideThePlan() {
        CampaignPlan plan = plan(2, MaintenanceWindows.parse(List.of("Mon-Fri 22:00-05:00 Europe/Berlin")),
                Duration.ofMinutes(12));
        String html = CampaignPage.render(plan);
        assertTrue(html.contains("The seed: 3 data centers x 74 switches, one at a time by hand"), html);
        assertTrue(html.contains("<td>111 h 0 min</td><td>13.9</td>"), html);
        assertTrue(html.contains("This plan at the measured pace"), html);
        assertTrue(html.contains("<td class=\"m\">leaf-r1-p2-pod1 leaf-r3-p2-pod1</td>"), html);
        assertTrue(html.contains("sibling leaf-r2-p2-pod1 is not healthy"), html);
        assertTrue(html.contains("1 window(s) at 12 min 0 s per wave"), html);
        assertEquals(Role.LEAF, plan.waves().get(0).role());
    }

    @Test
    void aRackIsTakenByPositionWithoutMlagRolesAndSecondaryFirstWithThem() {
        List<io.jenkins.plugins.switchupgrade.fleet.Switch> leaves = List.of(leaf("leaf-r1-p1-pod1", "r1", 1),
                leaf("leaf-r1-p2-pod1", "r1", 2), leaf("leaf-r2-p1-pod1", "r2", 1), leaf("leaf-r2-p2-pod1", "r2", 2));
        assertEquals(List.of(List.of("leaf-r1-p1-pod1", "leaf-r2-p1-pod1"), List.of("leaf-r1-p2-pod1",
                "leaf-r2-p2-pod1")), CampaignPlan.waves(Role.LEAF, leaves, 2, 0).stream()
                .map(CampaignPlan.Wave::switches).toList());
        // r2's roles are known (its first switch is the primary), r1's are not: r1 by position, r2 secondary first
        assertEquals(List.of(List.of("leaf-r1-p1-pod1", "leaf-r2-p2-pod1"), List.of("leaf-r1-p2-pod1",
                "leaf-r2-p1-pod1")), CampaignPlan.waves(Role.LEAF, leaves, 2, 0, java.util.Map.of("leaf-r2-p1-pod1",
                "primary", "leaf-r2-p2-pod1", "secondary")).stream().map(CampaignPlan.Wave::switches).toList());
        assertEquals(List.of(List.of("leaf-r1-p2-pod1"), List.of("leaf-r1-p1-pod1")), CampaignPlan.waves(Role.LEAF,
                leaves.subList(0, 2), 1, 0, java.util.Map.of("leaf-r1-p1-pod1", "primary", "leaf-r1-p2-pod1",
                        "secondary")).stream().map(CampaignPlan.Wave::switches).toList());
    }

    private static io.jenkins.plugins.switchupgrade.fleet.Switch leaf(String name, String rack, int position) {
        return io.jenkins.plugins.switchupgrade.fleet.Switch.builder(name).datacenter("lab1").pod("pod1")
                .rack(rack).position(position).role(Role.LEAF).version("5.9.1").build();
    }
}
