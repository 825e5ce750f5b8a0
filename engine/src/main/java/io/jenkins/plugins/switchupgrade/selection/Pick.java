package io.jenkins.plugins.switchupgrade.selection;

import io.jenkins.plugins.switchupgrade.fleet.Switch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a pick: the candidate (empty when there is nothing to do), its siblings, and how many switches
 * still run the from-version, this candidate included.
 */
public record Pick(Optional<Switch> candidate, List<Switch> siblings, int remaining, int fleetSize, String reason) {
    public Pick {
        siblings = List.copyOf(siblings);
    }

    public boolean nothingToDo() {
        return candidate.isEmpty();
    }

    /** A plain map with the Pipeline step's result fields. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("nothingToDo", nothingToDo());
        map.put("candidate", candidate.map(Switch::name).orElse(null));
        map.put("switch", candidate.map(Switch::toMap).orElse(null));
        map.put("siblings", siblings.stream().map(Switch::name).toList());
        map.put("remaining", remaining);
        map.put("fleetSize", fleetSize);
        map.put("reason", reason);
        return map;
    }
}
