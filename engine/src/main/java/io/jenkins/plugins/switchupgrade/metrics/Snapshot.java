package io.jenkins.plugins.switchupgrade.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One switch's metric values at one time, as Prometheus answered them; a metric Prometheus had no series for is
 * missing (not zero).
 */
public final class Snapshot implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String switchName;
    private final Instant takenAt;
    private final String version;
    private final Map<String, Double> values;

    public Snapshot(String switchName, Instant takenAt, String version, Map<String, Double> values) {
        this.switchName = switchName;
        this.takenAt = takenAt;
        this.version = version == null ? "" : version;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public String switchName() {
        return switchName;
    }

    public Instant takenAt() {
        return takenAt;
    }

    /** The OS version Prometheus reported, or empty. */
    public String version() {
        return version;
    }

    /** Metric name to value; a {@code null} value means Prometheus had no series for it. */
    public Map<String, Double> values() {
        return values;
    }

    public Double value(String metric) {
        return values.get(metric);
    }

    /** The metrics that have no value. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        values.forEach((k, v) -> {
            if (v == null) {
                missing.add(k);
            }
        });
        return missing;
    }

    /** The seed's log form: {@code {"bgp_peer_status"=>"32","interface_link_status"=>"37",...}}. */
    public String toSeedForm() {
        StringBuilder out = new StringBuilder("{");
        values.forEach((k, v) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(k).append("\"=>\"").append(v == null ? "missing" : format(v)).append('"');
        });
        return out.append('}').toString();
    }

    /** A plain map for artifacts and step results. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("switch", switchName);
        map.put("takenAt", takenAt.toString());
        map.put("version", version);
        Map<String, Object> metrics = new LinkedHashMap<>();
        values.forEach(metrics::put);
        map.put("metrics", metrics);
        return map;
    }

    /** Reads a map written by {@link #toMap()} (e.g. a Pipeline variable or pre.json). */
    public static Snapshot fromMap(Map<?, ?> map) {
        if (map == null || !(map.get("metrics") instanceof Map<?, ?> metrics) || map.get("switch") == null) {
            throw new IllegalArgumentException("a snapshot needs 'switch' and 'metrics' (as validateSibling returns "
                    + "it in pre); got " + map);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        metrics.forEach((k, v) -> values.put(String.valueOf(k), v == null ? null : toDouble(k, v)));
        Object takenAt = map.get("takenAt");
        return new Snapshot(String.valueOf(map.get("switch")),
                takenAt == null ? Instant.EPOCH : Instant.parse(String.valueOf(takenAt)),
                map.get("version") == null ? "" : String.valueOf(map.get("version")), values);
    }

    private static double toDouble(Object metric, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("snapshot metric '" + metric + "' has value '" + value
                    + "', which is not a number", e);
        }
    }

    /** 32 rather than 32.0; other values as Java prints them. */
    public static String format(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) value);
        }
        return Double.toString(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot other && other.switchName.equals(switchName) && other.takenAt.equals(takenAt)
                && other.version.equals(version) && other.values.equals(values);
    }

    @Override
    public int hashCode() {
        return switchName.hashCode() * 31 + values.hashCode();
    }

    @Override
    public String toString() {
        return switchName + ": " + toSeedForm();
    }
}
