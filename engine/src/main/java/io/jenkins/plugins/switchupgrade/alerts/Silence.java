package io.jenkins.plugins.switchupgrade.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * The silences that mute one switch's alerts while it is disrupted: their Alertmanager IDs (comma-separated in
 * {@link #id()} when the matchers make several silences), the label of the first matcher and the time window. A
 * silence from a disabled silencer has no ID and mutes nothing.
 */
public record Silence(String id, String switchName, String label, Instant startsAt, Instant endsAt,
                      String createdBy, String comment) {

    public Silence {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(switchName, "switchName");
        Objects.requireNonNull(label, "label");
    }

    /** The Alertmanager ID of each silence, e.g. for links to {@code <alertmanager>/#/silences/<id>}. */
    public java.util.List<String> ids() {
        return id.isEmpty() ? java.util.List.of() : java.util.List.of(id.split(","));
    }

    /** True when silencing was switched off explicitly and this silence exists nowhere. */
    public boolean isDisabled() {
        return id.isEmpty();
    }
}
