package io.jenkins.plugins.switchupgrade.gates;

/** The live gates a disruption must pass, in the order they are checked. */
public enum Gate {
    /** The host at the switch's address answers with the switch's own name. */
    IDENTITY,
    /** Prometheus and Alertmanager could be read at that moment. */
    READABLE,
    /** No switch of the data center is down ({@code up == 0}). */
    FLEET_DOWN,
    /** No switch of the data center reports itself unhealthy. */
    FLEET_UNHEALTHY,
    /** No other active silence of this tool for the data center: no other switch is in flight. */
    FOREIGN_SILENCE,
    /** No firing alert matches the site's filter. */
    FIRING_ALERTS,
    /** The candidate and its sibling, read again, still pass the sibling rule. */
    FRESH_VALIDATION;

    /** e.g. {@code fleet-down}, as in audit details. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
