package io.jenkins.plugins.switchupgrade.selection;

import io.jenkins.plugins.switchupgrade.fleet.Fleet;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.metrics.FleetReader;
import io.jenkins.plugins.switchupgrade.metrics.Inventory;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The random pick on a fixed inventory served in memory, without Prometheus. */
class CandidatePickerTest {
    private static final MetricsProfile PROFILE = MetricsProfile.defaults();

    /** An inventory answering from a list of switches as Prometheus would, counting what is asked of it. */
    private static final class FixedInventory implements Inventory {
        private final List<Switch> switches;
        final List<String> asked = new ArrayList<>();

        FixedInventory(List<Switch> switches) {
            this.switches = switches;
        }

        private static String label(Switch s, String label) {
            if (label.equals(PROFILE.podLabel())) {
                return s.pod();
            }
            if (label.equals(PROFILE.versionLabel())) {
                return s.version();
            }
            if (label.equals(PROFILE.positionLabel())) {
                return String.valueOf(s.position());
            }
            if (label.equals(PROFILE.rackLabel())) {
                return s.rack();
            }
            throw new IllegalArgumentException("no label " + label);
        }

        private List<Switch> of(String datacenter, Role role) {
            return switches.stream().filter(s -> s.datacenter().equals(datacenter) && s.role() == role).toList();
        }

        @Override
        public MetricsProfile profile() {
            return PROFILE;
        }

        @Override
        public Fleet read(String datacenter, Role role) {
            asked.add("read");
            return new Fleet(of(datacenter, role));
        }

        @Override
        public Fleet readWhere(String datacenter, Role role, Map<String, String> labels) {
            asked.add("readWhere " + new java.util.TreeMap<>(labels));
            return new Fleet(of(datacenter, role).stream()
                    .filter(s -> labels.entrySet().stream().allMatch(e -> label(s, e.getKey()).equals(e.getValue())))
                    .toList());
        }

        @Override
        public List<FleetReader.Count> countBy(String datacenter, Role role, List<String> byLabels) {
            asked.add("countBy " + byLabels);
            Map<Map<String, String>, Long> counts = of(datacenter, role).stream().collect(Collectors.groupingBy(s -> {
                Map<String, String> key = new LinkedHashMap<>();
                byLabels.forEach(l -> key.put(l, label(s, l)));
                return key;
            }, LinkedHashMap::new, Collectors.counting()));
            List<FleetReader.Count> rows = new ArrayList<>();
            counts.forEach((labels, n) -> rows.add(new FleetReader.Count(Map.copyOf(labels), n)));
            return rows;
        }
    }

    private static Switch leaf(int pod, int rack, int position, String version) {
        return Switch.builder("leaf-r" + rack + "-p" + position + "-pod" + pod).datacenter("dc1").pod(String.valueOf(pod))
                .rack(String.valueOf(rack)).position(position).role(Role.LEAF).version(version)
                .address("10.0." + pod + "." + (rack * 2 + position)).build();
    }

    /** {@code pods} pods of {@code racks} racks of two leaves; every third rack's second leaf already upgraded. */
    private static List<Switch> fabric(int pods, int racks) {
        List<Switch> all = new ArrayList<>();
        for (int pod = 1; pod <= pods; pod++) {
            for (int rack = 1; rack <= racks; rack++) {
                all.add(leaf(pod, rack, 1, "5.9.1"));
                all.add(leaf(pod, rack, 2, rack % 3 == 0 ? "5.10.0" : "5.9.1"));
            }
        }
        return all;
    }

    private static PickRequest request(List<String> exclude, Integer position, Long seed) {
        return new PickRequest("dc1", Role.LEAF, "5.9.1", position, exclude, seed);
    }

    @Test
    void picksASwitchOnTheFromVersionWithItsRackAsSiblingsInTwoReads() {
        FixedInventory inventory = new FixedInventory(fabric(3, 10));
        Pick pick = new CandidatePicker(inventory).pick(request(List.of(), null, 7L));

        Switch chosen = pick.candidate().orElseThrow();
        assertEquals("5.9.1", chosen.version());
        assertEquals(1, pick.siblings().size());
        Switch sibling = pick.siblings().get(0);
        assertEquals(chosen.rack(), sibling.rack());
        assertEquals(chosen.pod(), sibling.pod());
        assertTrue(sibling.position() != chosen.position());
        assertEquals(3 * (20 - 3), pick.remaining());
        assertEquals(60, pick.fleetSize());
        assertEquals(List.of("countBy [pod, version]", "readWhere {pod=" + chosen.pod() + "}"), inventory.asked);
    }

    @Test
    void theSameSeedPicksTheSameSwitch() {
        List<Switch> fabric = fabric(3, 10);
        Switch first = new CandidatePicker(new FixedInventory(fabric)).pick(request(List.of(), null, 42L))
                .candidate().orElseThrow();
        Switch again = new CandidatePicker(new FixedInventory(fabric)).pick(request(List.of(), null, 42L))
                .candidate().orElseThrow();
        assertEquals(first, again);
    }

    @Test
    void everyEligibleSwitchCanBeDrawnAndNoOtherIs() {
        List<Switch> fabric = fabric(2, 3);
        Set<String> eligible = fabric.stream().filter(s -> s.version().equals("5.9.1")).map(Switch::name)
                .collect(Collectors.toSet());
        Set<String> drawn = new HashSet<>();
        for (long seed = 0; seed < 400; seed++) {
            drawn.add(new CandidatePicker(new FixedInventory(fabric)).pick(request(List.of(), null, seed))
                    .candidate().orElseThrow().name());
        }
        assertEquals(eligible, drawn);
    }

    @Test
    void neverPicksAnExcludedSwitch() {
        List<Switch> fabric = fabric(2, 5);
        List<String> exclude = fabric.stream().filter(s -> s.version().equals("5.9.1")).map(Switch::name).skip(1)
                .toList();
        String onlyOne = fabric.stream().filter(s -> s.version().equals("5.9.1")).map(Switch::name).findFirst()
                .orElseThrow();
        for (long seed = 0; seed < 20; seed++) {
            Pick pick = new CandidatePicker(new FixedInventory(fabric)).pick(request(exclude, null, seed));
            assertEquals(onlyOne, pick.candidate().orElseThrow().name(), "seed " + seed);
        }
    }

    @Test
    void picksOnlyAtTheRequestedRackPosition() {
        FixedInventory inventory = new FixedInventory(fabric(2, 6));
        for (long seed = 0; seed < 20; seed++) {
            Switch chosen = new CandidatePicker(inventory).pick(request(List.of(), 2, seed)).candidate().orElseThrow();
            assertEquals(2, chosen.position());
            assertEquals("5.9.1", chosen.version());
        }
        assertEquals("countBy [pod, version, position]", inventory.asked.get(0));
    }

    @Test
    void nothingOnTheFromVersionMeansNothingToDoNeverEverything() {
        List<Switch> upgraded = fabric(1, 4).stream().map(s -> s.toBuilder().version("5.10.0").build()).toList();
        Pick pick = new CandidatePicker(new FixedInventory(upgraded)).pick(request(List.of(), null, 1L));

        assertTrue(pick.nothingToDo());
        assertTrue(pick.siblings().isEmpty());
        assertEquals("no leaf in dc1 runs 5.9.1 (8 listed): nothing to do", pick.reason());
    }

    @Test
    void everyEligibleSwitchExcludedIsNothingToDo() {
        List<Switch> fabric = fabric(1, 2);
        List<String> all = fabric.stream().map(Switch::name).toList();
        Pick pick = new CandidatePicker(new FixedInventory(fabric)).pick(request(all, null, 1L));

        assertTrue(pick.nothingToDo());
        assertTrue(pick.reason().startsWith("every leaf on 5.9.1 is excluded"), pick.reason());
    }

    @Test
    void aFleetWithoutPodLabelsIsPickedFromTheSwitchesOnTheFromVersion() {
        List<Switch> unplaced = fabric(1, 4).stream().map(s -> s.toBuilder().pod("").build()).toList();
        FixedInventory inventory = new FixedInventory(unplaced);
        Pick pick = new CandidatePicker(inventory).pick(request(List.of(), null, 3L));

        assertFalse(pick.nothingToDo());
        assertEquals("5.9.1", pick.candidate().orElseThrow().version());
        assertTrue(inventory.asked.contains("readWhere {version=5.9.1}"), inventory.asked.toString());
    }

    @Test
    void picksFromAFleetAlreadyReadWithoutAskingAgain() {
        FixedInventory inventory = new FixedInventory(fabric(1, 5));
        Fleet fleet = new Fleet(fabric(1, 5));
        Map<String, Switch> byName = fleet.switches().stream().collect(Collectors.toMap(Switch::name,
                Function.identity()));
        Pick pick = new CandidatePicker(inventory).pick(request(List.of(), null, 5L), fleet);

        assertTrue(byName.containsKey(pick.candidate().orElseThrow().name()));
        assertTrue(inventory.asked.isEmpty(), inventory.asked.toString());
    }
}
