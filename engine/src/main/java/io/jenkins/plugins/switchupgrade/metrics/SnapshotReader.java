package io.jenkins.plugins.switchupgrade.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes snapshots of several switches at once: one Prometheus request for every metric of the profile, the versions
 * and the latest scrape times together (and any further queries a caller adds), whatever the number of switches.
 */
public final class SnapshotReader {
    private static final String VERSION_PART = "\u0000version";
    private static final String SCRAPE_PART = "\u0000scraped";
    private static final String ALSO_PART = "\u0000also:";
    private final InstantQueries prometheus;
    private final MetricsProfile profile;
    private final Clock clock;

    public SnapshotReader(InstantQueries prometheus, MetricsProfile profile, Clock clock) {
        this.prometheus = prometheus;
        this.profile = profile;
        this.clock = clock;
    }

    /**
     * Snapshots, when Prometheus last scraped each switch (its {@code up} sample), and the answers of any further
     * queries asked in the same request ({@code also}, by the key they were asked under).
     */
    public record Reading(Map<String, Snapshot> snapshots, Map<String, Instant> scrapedAt,
                          Map<String, List<Sample>> also) {
        public Reading(Map<String, Snapshot> snapshots, Map<String, Instant> scrapedAt) {
            this(snapshots, scrapedAt, Map.of());
        }
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
        return readAt(switchNames, Map.of());
    }

    /**
     * As {@link #readAt(Collection)}, with further queries ({@code also}: key to PromQL, whose {@code ${switches}}
     * is filled with the same switches) answered in the same request: what a validation needs besides the
     * metrics (the MLAG facts, say) costs no round trip of its own.
     */
    public Reading readAt(Collection<String> switchNames, Map<String, String> also) {
        List<String> names = List.copyOf(new java.util.LinkedHashSet<>(switchNames));
        Map<String, String> values = Map.of("switches", PromQl.alternation(names));
        QueryBatch batch = new QueryBatch();
        for (MetricDefinition metric : profile.metrics()) {
            batch.add(metric.name(), PromQl.fill(metric.query(), values));
        }
        batch.add(VERSION_PART, PromQl.fill(profile.versionQuery(), values));
        // timestamp() of a plain selector is the time of the latest scrape
        batch.add(SCRAPE_PART, "timestamp(" + PromQl.fill(profile.exporterUpQuery(), values) + ")");
        also.forEach((key, query) -> batch.add(ALSO_PART + key, PromQl.fill(query, values)));
        Map<String, List<Sample>> parts = batch.run(prometheus);
        Map<String, Map<String, Double>> perSwitch = new LinkedHashMap<>();
        for (String name : names) {
            perSwitch.put(name, new LinkedHashMap<>());
        }
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
        Map<String, List<Sample>> answers = new LinkedHashMap<>();
        also.keySet().forEach(key -> answers.put(key, parts.get(ALSO_PART + key)));
        return new Reading(snapshots, scrapedAt, answers);
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
