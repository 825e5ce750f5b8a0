package io.jenkins.plugins.switchupgrade.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes snapshots of several switches at once: one Prometheus request for every metric of the profile and the
 * versions together, whatever the number of switches.
 */
public final class SnapshotReader {
    private static final String PART_LABEL = "switch_upgrade_part";
    private static final String VERSION_PART = "\u0000version";
    private static final String SCRAPE_PART = "\u0000scraped";
    private final PrometheusClient prometheus;
    private final MetricsProfile profile;
    private final Clock clock;

    public SnapshotReader(PrometheusClient prometheus, MetricsProfile profile, Clock clock) {
        this.prometheus = prometheus;
        this.profile = profile;
        this.clock = clock;
    }

    /** Snapshots, and when Prometheus last scraped each switch (its {@code up} sample), from the same request. */
    public record Reading(Map<String, Snapshot> snapshots, Map<String, Instant> scrapedAt) {
    }

    /** A snapshot of each named switch, in the order given. */
    public Map<String, Snapshot> read(Collection<String> switchNames) {
        return readAt(switchNames).snapshots();
    }

    /**
     * A snapshot of each named switch and the time of its latest scrape, so that a caller polling for a change
     * asks again only once a newer scrape can be there.
     */
    public Reading readAt(Collection<String> switchNames) {
        List<String> names = List.copyOf(new java.util.LinkedHashSet<>(switchNames));
        Map<String, String> values = Map.of("switches", PromQl.alternation(names));
        Map<String, Map<String, Double>> perSwitch = new LinkedHashMap<>();
        for (String name : names) {
            perSwitch.put(name, new LinkedHashMap<>());
        }
        Map<String, List<Sample>> parts = batch(values);
        for (MetricDefinition metric : profile.metrics()) {
            Map<String, Double> answer = bySwitch(metric.name(), parts.get(metric.name()));
            for (String name : names) {
                perSwitch.get(name).put(metric.name(), answer.get(name));
            }
        }
        Map<String, String> versions = new LinkedHashMap<>();
        for (Sample sample : parts.get(VERSION_PART)) {
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
        Map<String, Instant> scrapedAt = new LinkedHashMap<>();
        for (Sample sample : parts.get(SCRAPE_PART)) {
            String name = sample.label(profile.switchLabel());
            if (perSwitch.containsKey(name) && !Double.isNaN(sample.value())) {
                scrapedAt.put(name, Instant.ofEpochMilli((long) (sample.value() * 1000)));
            }
        }
        return new Reading(snapshots, scrapedAt);
    }

    /**
     * Every metric's query and the version query in one request: each part is tagged with a label naming it and
     * the parts are joined with {@code or}, so a snapshot of any number of switches is one round trip.
     */
    private Map<String, List<Sample>> batch(Map<String, String> values) {
        Map<String, String> queries = new LinkedHashMap<>();
        for (MetricDefinition metric : profile.metrics()) {
            queries.put(metric.name(), PromQl.fill(metric.query(), values));
        }
        queries.put(VERSION_PART, PromQl.fill(profile.versionQuery(), values));
        // timestamp() of a plain selector is the time of the latest scrape
        queries.put(SCRAPE_PART, "timestamp(" + PromQl.fill(profile.exporterUpQuery(), values) + ")");
        List<String> tagged = new ArrayList<>();
        List<String> keys = new ArrayList<>(queries.keySet());
        for (int i = 0; i < keys.size(); i++) {
            tagged.add("label_replace((" + queries.get(keys.get(i)) + "), \"" + PART_LABEL + "\", \"" + i
                    + "\", \"\", \"\")");
        }
        Map<String, List<Sample>> parts = new LinkedHashMap<>();
        keys.forEach(k -> parts.put(k, new ArrayList<>()));
        for (Sample sample : prometheus.query(String.join(" or ", tagged))) {
            String part = sample.label(PART_LABEL);
            int index = part.isEmpty() ? -1 : Integer.parseInt(part);
            if (index >= 0 && index < keys.size()) {
                parts.get(keys.get(index)).add(sample);
            }
        }
        return parts;
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
