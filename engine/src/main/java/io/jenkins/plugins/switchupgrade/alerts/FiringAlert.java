package io.jenkins.plugins.switchupgrade.alerts;

import io.jenkins.plugins.switchupgrade.text.ProblemText;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An alert Alertmanager holds as firing ({@code GET /api/v2/alerts}): its labels, its state ({@code active},
 * {@code suppressed}, {@code unprocessed}) and the silences that mute it.
 */
public record FiringAlert(Map<String, String> labels, String state, List<String> silencedBy, Instant startsAt) {
    public FiringAlert {
        labels = Map.copyOf(labels);
        silencedBy = List.copyOf(silencedBy);
    }

    /** {@code alertname}, or "an alert without a name". */
    public String name() {
        return ProblemText.oneLine(labels.getOrDefault("alertname", "an alert without a name"), 120);
    }

    /** e.g. {@code SwitchDown{instance="leaf-r1-p1-pod1", severity="critical"}}, labels sorted. */
    public String describe() {
        StringBuilder out = new StringBuilder(name()).append('{');
        labels.entrySet().stream().filter(e -> !e.getKey().equals("alertname")).sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.append(out.charAt(out.length() - 1) == '{' ? "" : ", ").append(e.getKey())
                        .append("=\"").append(ProblemText.oneLine(e.getValue(), 120)).append('"'));
        return out.append('}').toString();
    }
}
