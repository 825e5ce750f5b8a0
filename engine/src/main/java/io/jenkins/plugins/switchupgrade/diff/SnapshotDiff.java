package io.jenkins.plugins.switchupgrade.diff;

import io.jenkins.plugins.switchupgrade.metrics.DiffRule;
import io.jenkins.plugins.switchupgrade.metrics.MetricDefinition;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares a switch's post snapshot with its pre snapshot by each metric's rule (equal, not less, within a
 * tolerance) and checks that it runs the expected version. Anything missing after the upgrade is a regression.
 */
public final class SnapshotDiff {
    private final MetricsProfile profile;

    public SnapshotDiff(MetricsProfile profile) {
        this.profile = profile;
    }

    public DiffReport diff(Snapshot pre, Snapshot post, String expectedVersion) {
        if (!pre.switchName().equals(post.switchName())) {
            throw new IllegalArgumentException("cannot diff snapshots of two switches: pre of " + pre.switchName()
                    + ", post of " + post.switchName());
        }
        List<DiffEntry> entries = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        String name = pre.switchName();
        if (expectedVersion != null && !expectedVersion.isBlank() && !expectedVersion.equals(post.version())) {
            reasons.add(name + " runs " + (post.version().isEmpty() ? "an unknown version" : post.version())
                    + " after the upgrade, expected " + expectedVersion);
        }
        for (MetricDefinition metric : profile.metrics()) {
            Double before = pre.value(metric.name());
            Double after = post.value(metric.name());
            DiffRule rule = metric.diffRule();
            DiffEntry entry;
            if (before == null) {
                entry = new DiffEntry(metric.name(), null, after, rule.toString(), false, "no pre value of "
                        + metric.name() + " for " + name + ": nothing to compare with");
            } else if (after == null) {
                entry = new DiffEntry(metric.name(), before, null, rule.toString(), false, metric.name() + " is missing "
                        + "for " + name + " after the upgrade (was " + Snapshot.format(before) + ")");
            } else if (rule.accepts(before, after)) {
                entry = new DiffEntry(metric.name(), before, after, rule.toString(), true, "ok");
            } else {
                entry = new DiffEntry(metric.name(), before, after, rule.toString(), false, metric.name() + " of " + name
                        + " was " + Snapshot.format(before) + " before and is " + Snapshot.format(after)
                        + " after (rule " + rule + ")");
            }
            entries.add(entry);
            if (!entry.passed()) {
                reasons.add(entry.reason());
            }
        }
        return new DiffReport(name, reasons.isEmpty(), expectedVersion, pre.version(), post.version(), entries, reasons,
                pre, post);
    }
}
