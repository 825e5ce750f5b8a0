package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.diff.DiffReport;
import io.jenkins.plugins.switchupgrade.drivers.Touch;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;

import java.time.Duration;
import java.time.Instant;
import io.jenkins.plugins.switchupgrade.lifecycle.SwitchRow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened to one switch in a round: its outcome, why, whether the round touched it, its snapshots and diff,
 * and when.
 *
 * @param touch {@link Touch#NOT_TOUCHED} when the round stopped before sending it anything for a reason outside the
 *              switch (a service refused, its drain was not proven, its configuration could not be saved), or when
 *              it was skipped or not reached; a switch that failed by itself counts as touched, so that a person
 *              looks at it
 */
public record SwitchResult(String name, String rack, List<String> siblings, String fromVersion, String toVersion,
                           Outcome outcome, String reason, Touch touch, Snapshot pre, Snapshot post, DiffReport diff,
                           Instant startedAt, Instant endedAt) {
    /** The outcomes of report.json. */
    public enum Outcome {
        UPGRADED, SKIPPED, FAILED, NOT_REACHED,
        /** The process was stopped while the switch was in flight; the ledger keeps it so. */
        INTERRUPTED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public SwitchResult {
        siblings = List.copyOf(siblings);
        java.util.Objects.requireNonNull(touch, "touch");
    }

    /**
     * A result whose touch follows from its outcome: skipped and not reached switches were not touched; upgraded,
     * failed and interrupted ones were (failing closed: a failure is taken as touched unless the round says not).
     */
    public SwitchResult(String name, String rack, List<String> siblings, String fromVersion, String toVersion,
                        Outcome outcome, String reason, Snapshot pre, Snapshot post, DiffReport diff,
                        Instant startedAt, Instant endedAt) {
        this(name, rack, siblings, fromVersion, toVersion, outcome, reason, outcome == Outcome.SKIPPED
                || outcome == Outcome.NOT_REACHED ? Touch.NOT_TOUCHED : Touch.TOUCHED, pre, post, diff, startedAt,
                endedAt);
    }

    /** This switch's row on a host's build page. */
    public SwitchRow row() {
        return new SwitchRow(name, rack, siblings.isEmpty() ? null : String.join(" ", siblings), fromVersion, toVersion,
                post == null ? null : post.version(), SwitchRow.Status.of(outcome.wireName()), reason,
                pre == null ? null : pre.values(), post == null ? null : post.values());
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("rack", rack);
        map.put("sibling", siblings.isEmpty() ? null : String.join(" ", siblings));
        map.put("fromVersion", fromVersion);
        map.put("toVersion", toVersion);
        map.put("outcome", outcome.wireName());
        map.put("reason", reason);
        map.put("pre", pre == null ? null : pre.toMap());
        map.put("post", post == null ? null : post.toMap());
        map.put("diff", diff == null ? null : diff.toMap());
        map.put("startedAt", startedAt == null ? null : startedAt.toString());
        map.put("endedAt", endedAt == null ? null : endedAt.toString());
        map.put("seconds", startedAt == null || endedAt == null ? null
                : Duration.between(startedAt, endedAt).toMillis() / 1000.0);
        return map;
    }
}
