package io.jenkins.plugins.switchupgrade.selection;

import io.jenkins.plugins.switchupgrade.fleet.Fleet;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandidatePoolTest {
    private static Switch leaf(int rack, int position, String version) {
        return Switch.builder("leaf-r" + rack + "-p" + position + "-pod1").datacenter("dc1").pod("1")
                .rack(String.valueOf(rack)).position(position).role(Role.LEAF).version(version).build();
    }

    private static Switch spine(int n, String version) {
        return Switch.builder("spine-s" + n + "-pod1").datacenter("dc1").pod("1").role(Role.SPINE).version(version)
                .build();
    }

    private static Fleet racks(int count) {
        List<Switch> all = new ArrayList<>();
        for (int r = 1; r <= count; r++) {
            all.add(leaf(r, 1, "5.9.1"));
            all.add(leaf(r, 2, "5.9.1"));
        }
        return new Fleet(all);
    }

    private static PickRequest request(List<String> exclude, long seed) {
        return new PickRequest("dc1", Role.LEAF, "5.9.1", null, exclude, seed);
    }

    @Test
    void takesEveryRackOnceBeforeAnyRacksSecondSwitch() {
        CandidatePool pool = new CandidatePool(request(List.of(), 3), racks(10));
        Set<String> racksSeen = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            Switch s = pool.take(Set.of()).orElseThrow();
            assertTrue(racksSeen.add(s.rack()), "rack " + s.rack() + " twice among the first 10: " + racksSeen);
        }
        for (int i = 0; i < 10; i++) {
            assertTrue(pool.take(Set.of()).isPresent());
        }
        assertTrue(pool.take(Set.of()).isEmpty());
        assertEquals(0, pool.pending());
    }

    @Test
    void neverTakesASwitchOfABusyRack() {
        CandidatePool pool = new CandidatePool(request(List.of(), 1), racks(2));
        Switch first = pool.take(Set.of()).orElseThrow();
        Set<String> busy = Set.of(CandidatePool.rackOf(first));
        Switch second = pool.take(busy).orElseThrow();
        assertFalse(second.rack().equals(first.rack()));
        Set<String> both = Set.of(CandidatePool.rackOf(first), CandidatePool.rackOf(second));
        assertEquals(Optional.empty(), pool.take(both), "every pending switch is in a rack in flight");
        assertEquals(2, pool.pending(), "nothing was taken by the refusal");
    }

    @Test
    void leavesOutExcludedSwitchesAndOtherVersionsButKnowsThemAsSiblings() {
        List<Switch> all = new ArrayList<>(racks(2).switches());
        all.set(0, leaf(1, 1, "5.10.0"));
        Fleet fleet = new Fleet(all);
        CandidatePool pool = new CandidatePool(request(List.of("leaf-r2-p1-pod1"), 5), fleet);
        assertEquals(2, pool.eligible());
        List<String> taken = new ArrayList<>();
        pool.take(Set.of()).ifPresent(s -> taken.add(s.name()));
        pool.take(Set.of()).ifPresent(s -> taken.add(s.name()));
        assertEquals(Set.of("leaf-r1-p2-pod1", "leaf-r2-p2-pod1"), Set.copyOf(taken));
        Switch r1p2 = fleet.find("leaf-r1-p2-pod1").orElseThrow();
        assertEquals(List.of("leaf-r1-p1-pod1"), pool.siblingsOf(r1p2).stream().map(Switch::name).toList(),
                "the upgraded sibling is still the one to compare with");
    }

    @Test
    void spinesShareOneSlotAndKnowTheirPodAsSiblings() {
        Fleet fleet = new Fleet(List.of(spine(1, "5.9.1"), spine(2, "5.9.1"), spine(3, "5.9.1")));
        CandidatePool pool = new CandidatePool(new PickRequest("dc1", Role.SPINE, "5.9.1", null, List.of(), 1L), fleet);
        Switch first = pool.take(Set.of()).orElseThrow();
        assertEquals(2, pool.siblingsOf(first).size());
        assertTrue(pool.take(Set.of(CandidatePool.rackOf(first))).isEmpty(), "one spine at a time");
    }

    @Test
    void theSameSeedTakesTheSameOrder() {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        CandidatePool one = new CandidatePool(request(List.of(), 42), racks(20));
        CandidatePool two = new CandidatePool(request(List.of(), 42), racks(20));
        for (int i = 0; i < 40; i++) {
            a.add(one.take(Set.of()).orElseThrow().name());
            b.add(two.take(Set.of()).orElseThrow().name());
        }
        assertEquals(a, b);
        assertEquals(40, Set.copyOf(a).size(), "never the same switch twice");
    }
}
