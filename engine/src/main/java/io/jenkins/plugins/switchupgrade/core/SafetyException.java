package io.jenkins.plugins.switchupgrade.core;

import io.jenkins.plugins.switchupgrade.drivers.Touch;

/**
 * A disruptive action was refused or could not be completed safely. {@link #nothingSent()} tells whether the switch
 * was left untouched (no disruptive command went out); the factories say which it is.
 */
public final class SafetyException extends RuntimeException {
    private final boolean nothingSent;

    private SafetyException(String message, boolean nothingSent, Throwable cause) {
        super(message, cause);
        this.nothingSent = nothingSent;
    }

    /** Refused or failed before any disruptive command went out: the switch was not touched. */
    public static SafetyException nothingSent(String message) {
        return new SafetyException(message, true, null);
    }

    /** Refused or failed before any disruptive command went out, because of {@code cause}. */
    public static SafetyException nothingSent(String message, Throwable cause) {
        return new SafetyException(message, true, cause);
    }

    /** Failed after a disruptive command may have reached the switch: a person looks at it. */
    public static SafetyException afterSending(String message, Throwable cause) {
        return new SafetyException(message, false, cause);
    }

    /** A driver failed; {@code touch} is what it says reached the switch. */
    public static SafetyException driverFailed(String message, Touch touch, Throwable cause) {
        return new SafetyException(message, !touch.touched(), cause);
    }

    public boolean nothingSent() {
        return nothingSent;
    }
}
