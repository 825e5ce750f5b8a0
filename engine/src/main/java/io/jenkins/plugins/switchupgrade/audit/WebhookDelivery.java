package io.jenkins.plugins.switchupgrade.audit;

import java.util.Locale;

/** What the audit webhook made of an event: accepted (HTTP 2xx), refused, unreachable, or no webhook configured. */
public enum WebhookDelivery {
    NOT_CONFIGURED, ACCEPTED, REFUSED, UNREACHABLE;

    /** The name in the JSON lines, e.g. {@code not-configured}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** True unless a configured webhook did not take the event. */
    public boolean isOk() {
        return this == NOT_CONFIGURED || this == ACCEPTED;
    }

    static WebhookDelivery fromWireName(String wireName) {
        for (WebhookDelivery delivery : values()) {
            if (delivery.wireName().equals(wireName)) {
                return delivery;
            }
        }
        throw new IllegalArgumentException("'" + wireName + "' is not a webhook delivery (accepted, refused, "
                + "unreachable, not-configured)");
    }
}
