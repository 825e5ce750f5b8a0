package io.jenkins.plugins.switchupgrade.metrics;


import java.util.List;
import java.util.regex.Pattern;

/**
 * Which live gates are checked before a disruption and with which queries: the data center's switches down
 * ({@code up == 0}) or unhealthy, an active silence of this tool for another switch of the data center, and firing
 * alerts matching {@code alertFilter} (Alertmanager matchers; {@code ${datacenter}} is filled in). Every gate is on
 * by default; a site switches one off only explicitly, in the metrics profile's {@code gates} section.
 */
public record GateSettings(boolean fleetHealth, boolean foreignSilences, boolean alerts, String fleetQuery,
                           String downQuery, String unhealthyQuery, List<String> alertFilter) {
    public static final String DEFAULT_FLEET_QUERY = "fabric_switch_os_info{datacenter=\"${datacenter}\"}";
    public static final String DEFAULT_DOWN_QUERY = "up{datacenter=\"${datacenter}\"} == 0";
    public static final String DEFAULT_UNHEALTHY_QUERY =
            "fabric_switch_health_global_status{datacenter=\"${datacenter}\"} != 0";
    public static final List<String> DEFAULT_ALERT_FILTER = List.of("datacenter=\"${datacenter}\"",
            "severity=\"critical\"");
    private static final Pattern MATCHER = Pattern.compile(
            "[a-zA-Z_][a-zA-Z0-9_]*\\s*(=|!=|=~|!~)\\s*\"(?:[^\"\\\\]|\\\\.)*\"");

    public GateSettings {
        fleetQuery = query("gates.fleetQuery", fleetQuery, DEFAULT_FLEET_QUERY);
        downQuery = query("gates.downQuery", downQuery, DEFAULT_DOWN_QUERY);
        unhealthyQuery = query("gates.unhealthyQuery", unhealthyQuery, DEFAULT_UNHEALTHY_QUERY);
        alertFilter = alertFilter == null ? DEFAULT_ALERT_FILTER : List.copyOf(alertFilter);
        if (alerts && alertFilter.isEmpty()) {
            throw new IllegalArgumentException("gates.alertFilter is empty: it would match every alert of every data "
                    + "center; give matchers such as severity=\"critical\", or switch the alert gate off with "
                    + "\"alerts\": false");
        }
        for (String matcher : alertFilter) {
            if (matcher == null || !MATCHER.matcher(matcher.trim()).matches()) {
                throw new IllegalArgumentException("gates.alertFilter entry '" + matcher + "' is not an Alertmanager "
                        + "matcher like severity=\"critical\" (label, one of = != =~ !~, a double-quoted value)");
            }
        }
    }

    /** Whether any query or the alert filter still selects the data center by the default label {@code datacenter}. */
    public boolean usesDefaultDatacenterLabel() {
        return fleetQuery.equals(DEFAULT_FLEET_QUERY) || downQuery.equals(DEFAULT_DOWN_QUERY)
                || unhealthyQuery.equals(DEFAULT_UNHEALTHY_QUERY) || alertFilter.equals(DEFAULT_ALERT_FILTER);
    }

    /** Every gate on, with the seed's metrics and the default alert filter. */
    public static GateSettings defaults() {
        return new GateSettings(true, true, true, null, null, null, null);
    }

    private static String query(String name, String value, String fallback) {
        String query = value == null ? fallback : value;
        if (query.isBlank()) {
            throw new IllegalArgumentException("the metrics profile's " + name + " is empty; leave it out for the "
                    + "default: " + fallback);
        }
        if (!query.contains("\"${datacenter}\"")) {
            throw new IllegalArgumentException("the metrics profile's " + name + " must select one data center with "
                    + "datacenter=\"${datacenter}\" (or your data center label), so that it never judges by another "
                    + "data center's switches; it was: " + query);
        }
        PromQl.requireQuotedPlaceholders(name, query);
        return query;
    }
}
