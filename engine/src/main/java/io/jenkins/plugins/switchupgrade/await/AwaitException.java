package io.jenkins.plugins.switchupgrade.await;

/** A switch did not go down, did not come back, or Prometheus saw no fresh sample of it within the limits. */
public final class AwaitException extends RuntimeException {
    private final AwaitState state;
    private final boolean cancelled;

    public AwaitException(String message, AwaitState state) {
        this(message, state, false);
    }

    public AwaitException(String message, AwaitState state, boolean cancelled) {
        super(message);
        this.state = state;
        this.cancelled = cancelled;
    }

    /** The wait was interrupted (a host shutting down), not failed: the switch may still come back. */
    public boolean cancelled() {
        return cancelled;
    }

    /** Where the wait stopped, for the audit trail and the report. */
    public AwaitState state() {
        return state;
    }
}
