package io.jenkins.plugins.switchupgrade.lifecycle;

import io.jenkins.plugins.switchupgrade.await.AwaitState;

import java.util.Objects;

/** A disrupted switch that went down and came back, and that Prometheus scraped after it came back. */
public record Back(Ticket ticket, AwaitState state) {
    public Back {
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(state, "state");
        if (state.phase() != AwaitState.Phase.BACK) {
            throw new IllegalArgumentException(ticket.switchName() + " is not back: its wait is in phase "
                    + state.phase());
        }
    }

    public String switchName() {
        return ticket.switchName();
    }
}
