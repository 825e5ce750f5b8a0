package io.jenkins.plugins.switchupgrade.metrics;

/**
 * One metric of a snapshot: its name (as logged and archived), its PromQL template (an instant vector with one
 * series per switch, selected with {@code instance=~"${switches}"}), and how it is compared with the sibling
 * before and with itself after the upgrade.
 */
public record MetricDefinition(String name, String query, SiblingRule siblingRule, DiffRule diffRule) {
    public MetricDefinition {
        if (name == null || !name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw new IllegalArgumentException("metric name '" + name + "' must be a plain identifier such as "
                    + "bgp_peer_status");
        }
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("metric '" + name + "' needs a PromQL query");
        }
        if (!query.contains("${switches}")) {
            throw new IllegalArgumentException("metric '" + name + "' query must select the switches with "
                    + "instance=~\"${switches}\" so that one request covers them all; it was: " + query);
        }
        PromQl.requireQuotedPlaceholders(name, query);
        if (siblingRule == null) {
            // a metric nobody said how to compare is compared the safe way, never ignored
            siblingRule = SiblingRule.notMore();
        }
        if (diffRule == null) {
            diffRule = DiffRule.equal();
        }
    }
}
