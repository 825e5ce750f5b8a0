package io.jenkins.plugins.switchupgrade.metrics;

import java.util.Map;

/** One series of an instant vector: its labels, its value and the time of the evaluation. */
public record Sample(Map<String, String> labels, double value, double timestampSeconds) {
    public Sample {
        labels = Map.copyOf(labels);
    }

    /** A label's value, or the empty string. */
    public String label(String name) {
        return labels.getOrDefault(name, "");
    }
}
