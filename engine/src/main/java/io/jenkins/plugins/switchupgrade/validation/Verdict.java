package io.jenkins.plugins.switchupgrade.validation;

import io.jenkins.plugins.switchupgrade.metrics.Snapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a candidate may go down, judged against its sibling(s): the per-metric checks, the reasons of any
 * failure, and the pre snapshots of all switches involved.
 */
public record Verdict(String candidate, List<String> siblings, boolean passed, List<MetricCheck> checks,
                      List<String> reasons, Map<String, Snapshot> pre) {
    public Verdict {
        siblings = List.copyOf(siblings);
        checks = List.copyOf(checks);
        reasons = List.copyOf(reasons);
        pre = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pre));
    }

    /** The seed's structure: {@code {switch => {"pre" => {...}}}}. */
    public Map<String, Object> preState() {
        Map<String, Object> state = new LinkedHashMap<>();
        pre.forEach((name, snapshot) -> state.put(name, Map.of("pre", snapshot.toMap())));
        return state;
    }

    /** A plain map with the Pipeline step's result fields. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("passed", passed);
        map.put("candidate", candidate);
        map.put("siblings", siblings);
        map.put("reasons", reasons);
        map.put("checks", checks.stream().map(MetricCheck::toMap).toList());
        Map<String, Object> snapshots = new LinkedHashMap<>();
        pre.forEach((name, snapshot) -> snapshots.put(name, snapshot.toMap()));
        map.put("pre", snapshots);
        return map;
    }
}
