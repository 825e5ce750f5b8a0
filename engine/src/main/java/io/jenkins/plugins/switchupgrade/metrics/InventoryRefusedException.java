package io.jenkins.plugins.switchupgrade.metrics;

/**
 * Prometheus answered with rows the engine refuses to act on: a switch name with control characters or longer than
 * 253 characters, a row of another data center, or two series for one switch and one metric. The message says
 * which row and what to fix; nothing was touched.
 */
public final class InventoryRefusedException extends IllegalStateException {
    public InventoryRefusedException(String message) {
        super(message);
    }
}
