package io.jenkins.plugins.switchupgrade.await;

/** A switch did not go down, did not come back, or Prometheus saw no fresh sample of it within the limits. */
public final class AwaitException extends RuntimeException {
    private final AwaitState state;

    public AwaitException(String message, AwaitState state) {
        super(message);
        this.state = state;
    }

    /** Where the wait stopped, for the audit trail and the report. */
    public AwaitState state() {
        return state;
    }
}
