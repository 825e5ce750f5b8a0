package io.jenkins.plugins.switchupgrade.alerts;

import java.util.Locale;

/** Where an Alertmanager silence stands: not yet started, muting alerts now, or over. */
public enum SilenceState {
    PENDING, ACTIVE, EXPIRED;

    /** The word Alertmanager's v2 API uses in {@code status.state}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SilenceState fromApi(String state) {
        for (SilenceState candidate : values()) {
            if (candidate.apiName().equals(state)) {
                return candidate;
            }
        }
        return null;
    }
}
