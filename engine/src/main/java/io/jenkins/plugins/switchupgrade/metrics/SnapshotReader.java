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
            Map<String, Double> answer = bySwitch(metric.name(), prometheus.query(PromQl.fill(metric.query(), values)));
            for (String name : names) {
                perSwitch.get(name).put(metric.name(), answer.get(name));
            }
        }
        Map<String, String> versions = new LinkedHashMap<>();
        for (Sample sample : prometheus.query(PromQl.fill(profile.versionQuery(), values))) {
            String name = sample.label(profile.switchLabel());
            String before = versions.put(name, sample.label(profile.versionLabel()));
            if (before != null && names.contains(name)) {
                throw twoSeries("the OS version", name, before + " and " + sample.label(profile.versionLabel()));
            }
        }
        Map<String, Snapshot> snapshots = new LinkedHashMap<>();
        for (String name : names) {
            snapshots.put(name, new Snapshot(name, clock.instant(), versions.get(name), perSwitch.get(name)));
        }
        return snapshots;
    }

    private Map<String, Double> bySwitch(String metric, List<Sample> samples) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Sample sample : samples) {
            String name = sample.label(profile.switchLabel());
            if (!name.isEmpty() && !Double.isNaN(sample.value())) {
                Double before = values.put(name, sample.value());
                if (before != null) {
                    throw twoSeries("metric " + metric, name, Snapshot.format(before) + " and "
                            + Snapshot.format(sample.value()));
                }
            }
        }
        return values;
    }

    // two answers for one switch would make the comparison depend on which one came first
    private static InventoryRefusedException twoSeries(String what, String name, String values) {
        return new InventoryRefusedException(what + " has two series for switch " + name + " (" + values + "); it "
                + "must have one per switch, or the comparison depends on which comes first. Nothing was touched; "
                + "aggregate the query by the switch label, e.g. max by (instance) (...)");
    }
}
