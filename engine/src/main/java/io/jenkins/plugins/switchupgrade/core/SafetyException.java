package io.jenkins.plugins.switchupgrade.core;

/**
 * A disruptive action was refused or could not be completed safely. {@link #nothingSent()} tells whether the switch
 * was left untouched (no disruptive command went out).
 */
public final class SafetyException extends RuntimeException {
    private final boolean nothingSent;

    public SafetyException(String message, boolean nothingSent, Throwable cause) {
        super(message, cause);
        this.nothingSent = nothingSent;
    }

    public boolean nothingSent() {
        return nothingSent;
    }
}
