package io.jenkins.plugins.switchupgrade.campaign;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outcome of an upgrade round, as report.json holds it: status, scope, times and one entry per switch. */
public record RoundReport(Status status, String datacenter, String role, String fromVersion, String toVersion,
                          Instant startedAt, Instant endedAt, List<SwitchResult> switches, String reason,
                          long prometheusRequests) {
    /** The statuses of report.json; a round stopped by the end of its maintenance window is a success. */
    public enum Status {
        COMPLETED, ABORTED, NOTHING_TO_DO,
        /** The process was stopped (a signal, an aborted build) before the round could end. */
        INTERRUPTED,
        /** The round reached the end of its maintenance window; the switches left wait for the next one. */
        WINDOW_CLOSED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public RoundReport {
        switches = List.copyOf(switches);
    }

    /** The round in a few figures, as a host's build page shows it: status, scope, reason and counts per outcome. */
    public record Summary(Status status, String datacenter, String role, String fromVersion, String toVersion,
                          String reason, long upgraded, long skipped, long failed, long notReached)
            implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    public Summary summary() {
        return new Summary(status, datacenter, role, fromVersion, toVersion, reason, count(SwitchResult.Outcome.UPGRADED),
                count(SwitchResult.Outcome.SKIPPED), count(SwitchResult.Outcome.FAILED),
                count(SwitchResult.Outcome.NOT_REACHED));
    }

    public long count(SwitchResult.Outcome outcome) {
        return switches.stream().filter(s -> s.outcome() == outcome).count();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("status", status.wireName());
        map.put("datacenter", datacenter);
        map.put("role", role);
        map.put("fromVersion", fromVersion);
        map.put("toVersion", toVersion);
        map.put("startedAt", startedAt.toString());
        map.put("endedAt", endedAt.toString());
        map.put("reason", reason);
        map.put("upgraded", count(SwitchResult.Outcome.UPGRADED));
        map.put("skipped", count(SwitchResult.Outcome.SKIPPED));
        map.put("failed", count(SwitchResult.Outcome.FAILED));
        map.put("notReached", count(SwitchResult.Outcome.NOT_REACHED));
        map.put("interrupted", count(SwitchResult.Outcome.INTERRUPTED));
        map.put("prometheusRequests", prometheusRequests);
        map.put("switches", switches.stream().map(SwitchResult::toMap).toList());
        return map;
    }
}
