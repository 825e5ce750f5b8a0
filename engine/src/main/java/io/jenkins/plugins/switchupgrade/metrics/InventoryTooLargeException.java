package io.jenkins.plugins.switchupgrade.metrics;

/** The inventory query returned more switches than the profile's bound; the query is refused as too wide. */
public final class InventoryTooLargeException extends IllegalStateException {
    public InventoryTooLargeException(String message) {
        super(message);
    }
}
