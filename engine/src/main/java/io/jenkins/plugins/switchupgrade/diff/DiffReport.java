package io.jenkins.plugins.switchupgrade.diff;

import io.jenkins.plugins.switchupgrade.metrics.Snapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable comparison of a switch after its upgrade with before: per metric, the version reached
 * against the one expected, and the reasons of any regression.
 */
public record DiffReport(String switchName, boolean passed, String expectedVersion, String preVersion,
                         String postVersion, List<DiffEntry> entries, List<String> reasons, Snapshot pre,
                         Snapshot post) {
    public DiffReport {
        entries = List.copyOf(entries);
        reasons = List.copyOf(reasons);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("switch", switchName);
        map.put("passed", passed);
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("expected", expectedVersion);
        version.put("pre", preVersion);
        version.put("post", postVersion);
        version.put("passed", expectedVersion == null || expectedVersion.isEmpty() || expectedVersion.equals(postVersion));
        map.put("version", version);
        map.put("metrics", entries.stream().map(DiffEntry::toMap).toList());
        map.put("reasons", reasons);
        map.put("preTakenAt", pre.takenAt().toString());
        map.put("postTakenAt", post.takenAt().toString());
        return map;
    }
}
