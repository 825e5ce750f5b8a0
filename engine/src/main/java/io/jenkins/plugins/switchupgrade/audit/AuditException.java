package io.jenkins.plugins.switchupgrade.audit;

/**
 * An audit event could not be recorded as required: the webhook refused it or was unreachable, or the JSON-lines
 * file could not be written. The caller must not go on with the action the event announced.
 */
public class AuditException extends RuntimeException {
    private final transient AuditEvent event;

    public AuditException(String message, AuditEvent event, Throwable cause) {
        super(message, cause);
        this.event = event;
    }

    /** The event as far as it was recorded (its webhook delivery says what the webhook did), or null. */
    public AuditEvent event() {
        return event;
    }
}
