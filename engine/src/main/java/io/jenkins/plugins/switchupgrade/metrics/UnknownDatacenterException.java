package io.jenkins.plugins.switchupgrade.metrics;

/** The datacenter asked for has no switch in Prometheus at all; the message lists the known datacenters. */
public final class UnknownDatacenterException extends IllegalArgumentException {
    public UnknownDatacenterException(String message) {
        super(message);
    }
}
