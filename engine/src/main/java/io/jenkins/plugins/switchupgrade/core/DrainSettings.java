package io.jenkins.plugins.switchupgrade.core;

import io.jenkins.plugins.switchupgrade.metrics.PromQl;

import java.time.Duration;

/**
 * Whether a round drains each switch before its disruptive command, and how it proves that traffic moved: the
 * PromQL of each switch's traffic in bytes per second (one series per switch), the share of its traffic before
 * the drain that it may still carry, and how long the traffic may take to move.
 */
public record DrainSettings(boolean enabled, String trafficQuery, double threshold, Duration within) {
    /** node-exporter's byte counters of the fabric ports ({@code swp*}), sent and received, per switch. */
    public static final String DEFAULT_TRAFFIC_QUERY = "sum by (instance) ("
            + "irate(node_network_transmit_bytes_total{instance=~\"${switches}\",device=~\"swp.*\"}[2m])"
            + " + irate(node_network_receive_bytes_total{instance=~\"${switches}\",device=~\"swp.*\"}[2m]))";

    public DrainSettings {
        trafficQuery = trafficQuery == null || trafficQuery.isBlank() ? DEFAULT_TRAFFIC_QUERY : trafficQuery;
        if (!trafficQuery.contains("${switches}")) {
            throw new IllegalArgumentException("the drain traffic query must select the switches with "
                    + "instance=~\"${switches}\"; it was: " + trafficQuery);
        }
        PromQl.requireQuotedPlaceholders("drainTraffic", trafficQuery);
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("the drain threshold is the share of its traffic a drained switch may "
                    + "still carry, between 0 and 1 (exclusive), e.g. 0.1; it was " + threshold);
        }
        within = within == null ? Duration.ofSeconds(120) : within;
        if (within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("the drain bound must be positive, was " + within);
        }
    }

    /** No drain: the seed's way, the disruptive command right after validation. */
    public static DrainSettings off() {
        return new DrainSettings(false, null, 0.1, null);
    }

    /** Drain with the default traffic query, 10 % and 120 s. */
    public static DrainSettings on() {
        return new DrainSettings(true, null, 0.1, null);
    }
}
