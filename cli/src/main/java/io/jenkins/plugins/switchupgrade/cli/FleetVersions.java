package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.fleet.Fleet;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.metrics.FleetReader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The versions a datacenter's switches run, per role, as the inventory lists them: what {@code plan} and {@code run}
 * show when nothing matches (a typo must not look like success), and what {@code status} reports.
 */
record FleetVersions(String datacenter, Map<Role, Fleet> fleets) {
    FleetVersions {
        fleets = Map.copyOf(fleets);
    }

    /** Reads every role of {@code datacenter} (one Prometheus request per role). */
    static FleetVersions read(FleetReader reader, String datacenter) {
        Map<Role, Fleet> fleets = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            fleets.put(role, reader.read(datacenter, role));
        }
        return new FleetVersions(datacenter, fleets);
    }

    List<Switch> switches(Role role) {
        Fleet fleet = fleets.get(role);
        return fleet == null ? List.of() : fleet.switches();
    }

    /** How many switches of {@code role} run each version, the most common first. */
    Map<String, Integer> histogram(Role role) {
        return histogram(switches(role));
    }

    static Map<String, Integer> histogram(List<Switch> switches) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Switch s : switches) {
            counts.merge(s.version().isEmpty() ? "(no version)" : s.version(), 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()));
        Map<String, Integer> ordered = new LinkedHashMap<>();
        sorted.forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }

    /** {@code 5.9.1 x4, 5.10.0 x2}, or {@code none}. */
    static String format(Map<String, Integer> histogram) {
        if (histogram.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        histogram.forEach((version, count) -> parts.add(version + " x" + count));
        return String.join(", ", parts);
    }

    /** {@code leaf: 5.9.1 x4, 5.10.0 x2; spine: 5.9.1 x2}. */
    String summary() {
        List<String> parts = new ArrayList<>();
        for (Role role : Role.values()) {
            parts.add(role.label() + ": " + format(histogram(role)));
        }
        return String.join("; ", parts);
    }

    /** The histograms as plain maps, for JSON output. */
    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            map.put(role.label(), histogram(role));
        }
        return map;
    }
}
