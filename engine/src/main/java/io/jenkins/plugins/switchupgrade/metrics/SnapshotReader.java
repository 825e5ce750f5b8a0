package io.jenkins.plugins.switchupgrade.metrics;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes snapshots of several switches at once: one Prometheus request per metric of the profile plus one for the
 * versions, whatever the number of switches.
 */
public final class SnapshotReader {
    private final PrometheusClient prometheus;
    private final MetricsProfile profile;
    private final Clock clock;

    public SnapshotReader(PrometheusClient prometheus, MetricsProfile profile, Clock clock) {
        this.prometheus = prometheus;
        this.profile = profile;
        this.clock = clock;
    }

    /** A snapshot of each named switch, in the order given. */
    public Map<String, Snapshot> read(Collection<String> switchNames) {
        List<String> names = List.copyOf(new java.util.LinkedHashSet<>(switchNames));
        Map<String, String> values = Map.of("switches", PromQl.alternation(names));
        Map<String, Map<String, Double>> perSwitch = new LinkedHashMap<>();
        for (String name : names) {
            perSwitch.put(name, new LinkedHashMap<>());
        }
        for (MetricDefinition metric : profile.metrics()) {
            Map<String, Double> answer = bySwitch(prometheus.query(PromQl.fill(metric.query(), values)));
            for (String name : names) {
                perSwitch.get(name).put(metric.name(), answer.get(name));
            }
        }
        Map<String, String> versions = new LinkedHashMap<>();
        for (Sample sample : prometheus.query(PromQl.fill(profile.versionQuery(), values))) {
            versions.put(sample.label(profile.switchLabel()), sample.label(profile.versionLabel()));
        }
        Map<String, Snapshot> snapshots = new LinkedHashMap<>();
        for (String name : names) {
            snapshots.put(name, new Snapshot(name, clock.instant(), versions.get(name), perSwitch.get(name)));
        }
        return snapshots;
    }

    private Map<String, Double> bySwitch(List<Sample> samples) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Sample sample : samples) {
            String name = sample.label(profile.switchLabel());
            if (!name.isEmpty() && !Double.isNaN(sample.value())) {
                values.put(name, sample.value());
            }
        }
        return values;
    }
}
