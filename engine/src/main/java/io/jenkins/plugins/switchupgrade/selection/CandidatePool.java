package io.jenkins.plugins.switchupgrade.selection;

import io.jenkins.plugins.switchupgrade.fleet.Fleet;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A round's candidates, read from one inventory: the switches on the from-version not yet taken, drawn at random,
 * first from the racks that still have the most switches to do, so that no rack's second switch is left for a
 * lonely last slot. Taking a switch is constant time, so a whole round's selection grows linearly with the fleet.
 */
public final class CandidatePool {
    private final Fleet fleet;
    private final Random random;
    /** Pending switches by how many of their rack are pending (index 1 and 2; a spine's rack is its pod). */
    private final List<List<Switch>> tiers = new ArrayList<>();
    private final Map<String, Integer> slot = new HashMap<>();
    private final Map<String, Integer> pendingPerRack = new HashMap<>();
    /** Every switch of the fleet by rack, whatever its version: the siblings a validation compares with. */
    private final Map<String, List<Switch>> byRack = new HashMap<>();
    private final int eligible;

    /** The eligible switches of {@code fleet} for {@code request}, less the request's excluded ones. */
    public CandidatePool(PickRequest request, Fleet fleet) {
        this.fleet = fleet;
        this.random = request.seed() == null ? new Random() : new Random(request.seed());
        for (Switch s : fleet.switches()) {
            byRack.computeIfAbsent(rackOf(s), k -> new ArrayList<>()).add(s);
        }
        Set<String> excluded = new HashSet<>(request.exclude());
        List<Switch> pending = new ArrayList<>();
        for (Switch s : CandidatePicker.eligible(request, fleet)) {
            if (!excluded.contains(s.name())) {
                pending.add(s);
                pendingPerRack.merge(rackOf(s), 1, Integer::sum);
            }
        }
        this.eligible = pending.size();
        for (Switch s : pending) {
            add(s, pendingPerRack.get(rackOf(s)));
        }
    }

    /** How many switches the pool held when it was made. */
    public int eligible() {
        return eligible;
    }

    /** How many switches are still pending. */
    public int pending() {
        return slot.size();
    }

    public Fleet fleet() {
        return fleet;
    }

    /** The other switches of the candidate's rack (leaves) or pod (spines), as {@link Fleet#siblingsOf}. */
    public List<Switch> siblingsOf(Switch candidate) {
        List<Switch> siblings = new ArrayList<>();
        for (Switch other : byRack.getOrDefault(rackOf(candidate), List.of())) {
            if (candidate.isSiblingOf(other)) {
                siblings.add(other);
            }
        }
        return siblings;
    }

    /**
     * The rack a switch shares with its siblings: its pod and rack for a leaf; for a spine, the data center's
     * spines, so that a round has at most one spine in flight.
     */
    public static String rackOf(Switch s) {
        return s.role() == Role.SPINE ? s.datacenter() + "/spines"
                : s.datacenter() + "/" + s.pod() + "/" + (s.rack().isEmpty() ? "#" + s.name() : s.rack());
    }

    /**
     * Takes a random pending switch whose rack is not in {@code busyRacks}, from the racks with the most pending
     * switches first; empty when every pending switch is in a busy rack (or none is left).
     */
    public Optional<Switch> take(Set<String> busyRacks) {
        for (int tier = tiers.size() - 1; tier >= 1; tier--) {
            List<Switch> list = tiers.get(tier);
            Optional<Switch> found = draw(list, busyRacks);
            if (found.isPresent()) {
                remove(found.get());
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * Puts back {@code taken} and takes {@code instead}, a pending switch of the same rack (an MLAG secondary
     * before its primary); false, and nothing changed, when {@code instead} is not pending there.
     */
    public boolean swap(Switch taken, Switch instead) {
        if (!slot.containsKey(instead.name()) || !rackOf(instead).equals(rackOf(taken)) || slot.containsKey(taken.name())) {
            return false;
        }
        String rack = rackOf(taken);
        int tier = pendingPerRack.getOrDefault(rack, 0);
        for (Switch sibling : byRack.get(rack)) {
            if (slot.containsKey(sibling.name())) {
                unlink(sibling, tier);
                add(sibling, tier + 1);
            }
        }
        add(taken, tier + 1);
        pendingPerRack.put(rack, tier + 1);
        remove(instead);
        return true;
    }

    /** Removes a switch without electing it (it was upgraded elsewhere, or is to be left alone). */
    public void drop(Switch s) {
        if (slot.containsKey(s.name())) {
            remove(s);
        }
    }

    private Optional<Switch> draw(List<Switch> list, Set<String> busyRacks) {
        if (list.isEmpty()) {
            return Optional.empty();
        }
        // busy racks are at most the parallelism, so a few random draws almost always find a free one
        for (int attempt = 0; attempt < 8; attempt++) {
            Switch s = list.get(random.nextInt(list.size()));
            if (!busyRacks.contains(rackOf(s))) {
                return Optional.of(s);
            }
        }
        List<Switch> free = new ArrayList<>();
        for (Switch s : list) {
            if (!busyRacks.contains(rackOf(s))) {
                free.add(s);
            }
        }
        return free.isEmpty() ? Optional.empty() : Optional.of(free.get(random.nextInt(free.size())));
    }

    private void remove(Switch s) {
        String rack = rackOf(s);
        int tier = pendingPerRack.get(rack);
        unlink(s, tier);
        int left = tier - 1;
        if (left == 0) {
            pendingPerRack.remove(rack);
        } else {
            pendingPerRack.put(rack, left);
            // the rack's other pending switches move down a tier
            for (Switch sibling : byRack.get(rack)) {
                if (sibling != s && slot.containsKey(sibling.name())) {
                    unlink(sibling, tier);
                    add(sibling, left);
                }
            }
        }
    }

    private void add(Switch s, int tier) {
        while (tiers.size() <= tier) {
            tiers.add(new ArrayList<>());
        }
        List<Switch> list = tiers.get(tier);
        slot.put(s.name(), list.size());
        list.add(s);
    }

    private void unlink(Switch s, int tier) {
        List<Switch> list = tiers.get(tier);
        int index = slot.remove(s.name());
        Switch last = list.remove(list.size() - 1);
        if (last != s) {
            list.set(index, last);
            slot.put(last.name(), index);
        }
    }
}
