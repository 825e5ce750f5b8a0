package io.jenkins.plugins.switchupgrade.lifecycle;

import io.jenkins.plugins.switchupgrade.alerts.Silence;
import io.jenkins.plugins.switchupgrade.await.AwaitState;
import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver;
import io.jenkins.plugins.switchupgrade.fleet.Switch;

import java.util.Objects;

/**
 * A switch whose disruptive command went out through the safe disruption: its silence (to expire later), what the
 * driver sent and answered, and the ticket the next function (the wait, the diff, a resume) takes.
 */
public record Disrupted(Switch target, Silence silence, SwitchDriver.Disruption disruption, Ticket ticket,
                        boolean drained) {
    public Disrupted {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(silence, "silence");
        Objects.requireNonNull(ticket, "ticket");
    }

    /** The state the wait for the switch begins from, taken right before the command. */
    public AwaitState awaitState() {
        return ticket.await();
    }

    /** This disruption, with the switch drained before it (its traffic was proven moved to its siblings). */
    public Disrupted withDrained(boolean wasDrained) {
        return new Disrupted(target, silence, disruption, ticket, wasDrained);
    }
}
