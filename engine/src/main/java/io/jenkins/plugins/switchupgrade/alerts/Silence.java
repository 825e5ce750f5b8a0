package io.jenkins.plugins.switchupgrade.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * A silence that mutes one switch's alerts while it is disrupted: its Alertmanager ID, the single literal matcher
 * ({@code label="switch"}) and its time window. A silence from a disabled silencer has no ID and mutes nothing.
 */
public record Silence(String id, String switchName, String label, Instant startsAt, Instant endsAt,
                      String createdBy, String comment) {

    public Silence {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(switchName, "switchName");
        Objects.requireNonNull(label, "label");
    }

    /** True when silencing was switched off explicitly and this silence exists nowhere. */
    public boolean isDisabled() {
        return id.isEmpty();
    }
}
