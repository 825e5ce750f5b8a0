package io.jenkins.plugins.switchupgrade.selection;

import io.jenkins.plugins.switchupgrade.fleet.Fleet;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.metrics.FleetReader;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Chooses the next switch to upgrade, at random, among those of a datacenter and role that run the
 * from-version. An empty choice means nothing to do, never everything.
 */
public final class CandidatePicker {
    private final FleetReader fleetReader;

    public CandidatePicker(FleetReader fleetReader) {
        this.fleetReader = fleetReader;
    }

    /** Reads the fleet (one Prometheus request) and picks from it. */
    public Pick pick(PickRequest request) {
        return pick(request, fleetReader.read(request.datacenter(), request.role()));
    }

    /** Picks from a fleet already read, e.g. when a round re-elects after a skipped candidate. */
    public Pick pick(PickRequest request, Fleet fleet) {
        List<Switch> eligible = eligible(request, fleet);
        // a set, not the request's list: a round excludes more and more switches, and a list scan per switch
        // made one pick at 50,000 switches with half of them excluded take seconds
        Set<String> excluded = new HashSet<>(request.exclude());
        List<Switch> candidates = eligible.stream().filter(s -> !excluded.contains(s.name())).toList();
        if (candidates.isEmpty()) {
            String reason = eligible.isEmpty()
                    ? "no " + request.role().label() + " in " + request.datacenter()
                    + (request.position() == null ? "" : " at rack position " + request.position())
                    + " runs " + request.fromVersion() + " (" + fleet.size() + " listed): nothing to do"
                    : "every " + request.role().label() + " on " + request.fromVersion() + " is excluded ("
                    + eligible.size() + "): nothing to do";
            return new Pick(Optional.empty(), List.of(), eligible.size(), fleet.size(), reason);
        }
        Random random = request.seed() == null ? new Random() : new Random(request.seed());
        Switch chosen = candidates.get(random.nextInt(candidates.size()));
        return new Pick(Optional.of(chosen), fleet.siblingsOf(chosen), eligible.size(), fleet.size(),
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
