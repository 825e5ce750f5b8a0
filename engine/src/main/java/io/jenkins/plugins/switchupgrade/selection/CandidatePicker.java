package io.jenkins.plugins.switchupgrade.selection;

import io.jenkins.plugins.switchupgrade.fleet.Fleet;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.metrics.FleetReader;
import io.jenkins.plugins.switchupgrade.metrics.Inventory;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Chooses the next switch to upgrade, at random, among those of a datacenter and role that run the
 * from-version. An empty choice means nothing to do, never everything.
 */
public final class CandidatePicker {
    private final Inventory inventory;

    /** A picker reading {@code inventory}: Prometheus' ({@link FleetReader}), or fixed rows in a test. */
    public CandidatePicker(Inventory inventory) {
        this.inventory = inventory;
    }

    /**
     * Asks Prometheus only for what one pick needs, whatever the fleet's size: the inventory counted per pod and
     * version (one pass over its series, a few rows back), then the rows of one pod drawn at random in proportion
     * to its switches on the from-version, from which a switch is drawn; every eligible switch is as likely as with
     * the whole list in hand. Two requests; a fleet without pod labels, or a draw that keeps hitting excluded
     * switches, reads the switches on the from-version instead.
     */
    public Pick pick(PickRequest request) {
        MetricsProfile profile = inventory.profile();
        List<String> by = new ArrayList<>(List.of(profile.podLabel(), profile.versionLabel()));
        if (request.position() != null) {
            by.add(profile.positionLabel());
        }
        long listed = 0;
        boolean unplaced = false;
        Map<String, Long> perPod = new TreeMap<>();
        for (FleetReader.Count count : inventory.countBy(request.datacenter(), request.role(), by)) {
            listed += count.series();
            boolean match = count.label(profile.versionLabel()).equals(request.fromVersion())
                    && (request.position() == null
                    || count.label(profile.positionLabel()).equals(String.valueOf(request.position())));
            if (match) {
                unplaced |= count.label(profile.podLabel()).isEmpty();
                perPod.merge(count.label(profile.podLabel()), count.series(), Long::sum);
            }
        }
        long eligible = perPod.values().stream().mapToLong(Long::longValue).sum();
        if (listed > 0 && eligible > 0 && !unplaced) {
            Random random = request.seed() == null ? new Random() : new Random(request.seed());
            Set<String> excluded = new HashSet<>(request.exclude());
            Map<String, Fleet> podsRead = new HashMap<>();
            for (int draw = 0; draw < 8; draw++) {
                long k = random.nextInt((int) Math.min(Integer.MAX_VALUE, eligible));
                String pod = null;
                for (Map.Entry<String, Long> e : perPod.entrySet()) {
                    if (k < e.getValue()) {
                        pod = e.getKey();
                        break;
                    }
                    k -= e.getValue();
                }
                if (pod == null) {
                    break;
                }
                Fleet podFleet = podsRead.computeIfAbsent(pod, p -> inventory.readWhere(request.datacenter(),
                        request.role(), Map.of(profile.podLabel(), p)));
                List<Switch> inPod = eligible(request, podFleet);
                if (inPod.size() != perPod.get(pod)) {
                    break; // the fleet changed between the two requests, or positions come from names: read it whole
                }
                Switch chosen = inPod.get((int) k);
                if (excluded.contains(chosen.name())) {
                    continue;
                }
                return new Pick(Optional.of(chosen), podFleet.siblingsOf(chosen), (int) eligible, (int) listed,
                        "picked at random among " + eligible + " " + request.role().label() + "(s) on "
                        + request.fromVersion() + (excluded.isEmpty() ? "" : " (" + excluded.size() + " excluded)"));
            }
        }
        return pickFromVersionList(request, listed);
    }

    /** The pick from every switch on the from-version (filtered by Prometheus), then the candidate's rack. */
    private Pick pickFromVersionList(PickRequest request, long listed) {
        MetricsProfile profile = inventory.profile();
        if (listed == 0) {
            // the full read says which data centers Prometheus knows
            return pick(request, inventory.read(request.datacenter(), request.role()));
        }
        Fleet onVersion = inventory.readWhere(request.datacenter(), request.role(),
                Map.of(profile.versionLabel(), request.fromVersion()));
        Pick pick = pick(request, onVersion, (int) listed);
        if (pick.nothingToDo()) {
            return pick;
        }
        Switch chosen = pick.candidate().orElseThrow();
        return new Pick(pick.candidate(), rackOf(request, chosen), pick.remaining(), (int) listed, pick.reason());
    }

    /** The candidate's siblings on any version: its rack (a spine's pod) from Prometheus, or the whole inventory. */
    private List<Switch> rackOf(PickRequest request, Switch chosen) {
        MetricsProfile profile = inventory.profile();
        Map<String, String> place = new LinkedHashMap<>();
        place.put(profile.podLabel(), chosen.pod());
        if (chosen.role() == Role.LEAF) {
            place.put(profile.rackLabel(), chosen.rack());
        }
        if (!chosen.pod().isEmpty() && (chosen.role() == Role.SPINE || !chosen.rack().isEmpty())) {
            Fleet rack = inventory.readWhere(request.datacenter(), request.role(), place);
            if (rack.find(chosen.name()).isPresent()) {
                return rack.siblingsOf(chosen);
            }
        }
        // place derived from names rather than labels: Prometheus cannot filter on it
        return inventory.read(request.datacenter(), request.role()).siblingsOf(chosen);
    }

    /** Picks from a fleet already read, e.g. when a round re-elects after a skipped candidate. */
    public Pick pick(PickRequest request, Fleet fleet) {
        return pick(request, fleet, fleet.size());
    }

    private Pick pick(PickRequest request, Fleet fleet, int listed) {
        List<Switch> eligible = eligible(request, fleet);
        // a set, not the request's list: a round excludes more and more switches, and a list scan per switch
        // made one pick at 50,000 switches with half of them excluded take seconds
        Set<String> excluded = new HashSet<>(request.exclude());
        List<Switch> candidates = eligible.stream().filter(s -> !excluded.contains(s.name())).toList();
        if (candidates.isEmpty()) {
            String reason = eligible.isEmpty()
                    ? "no " + request.role().label() + " in " + request.datacenter()
                    + (request.position() == null ? "" : " at rack position " + request.position())
                    + " runs " + request.fromVersion() + " (" + listed + " listed): nothing to do"
                    : "every " + request.role().label() + " on " + request.fromVersion() + " is excluded ("
                    + eligible.size() + "): nothing to do";
            return new Pick(Optional.empty(), List.of(), eligible.size(), listed, reason);
        }
        Random random = request.seed() == null ? new Random() : new Random(request.seed());
        Switch chosen = candidates.get(random.nextInt(candidates.size()));
        return new Pick(Optional.of(chosen), fleet.siblingsOf(chosen), eligible.size(), listed,
                "picked at random among " + candidates.size() + " " + request.role().label() + "(s) on "
                        + request.fromVersion());
    }

    /** The switches on the from-version at the requested position, excluded ones included. */
    public static List<Switch> eligible(PickRequest request, Fleet fleet) {
        return fleet.switches().stream()
                .filter(s -> s.version().equals(request.fromVersion()))
                .filter(s -> request.position() == null || s.position() == request.position())
                .toList();
    }
}
