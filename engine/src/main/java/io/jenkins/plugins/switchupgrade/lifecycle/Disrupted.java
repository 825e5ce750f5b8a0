package io.jenkins.plugins.switchupgrade.lifecycle;

import io.jenkins.plugins.switchupgrade.alerts.Silence;
import io.jenkins.plugins.switchupgrade.await.AwaitState;
import io.jenkins.plugins.switchupgrade.drivers.DriverResult;
import io.jenkins.plugins.switchupgrade.drivers.PreCheckResult;
import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver;
import io.jenkins.plugins.switchupgrade.fleet.Switch;

import java.util.Objects;

/**
 * A switch whose disruptive command went out through the safe disruption: its silence (to expire later), what the
 * driver's pre-check found, the driver's typed result, and the ticket the next function (the wait, the diff, a
 * resume) takes.
 */
public record Disrupted(Switch target, Silence silence, PreCheckResult preCheck, DriverResult result, Ticket ticket,
                        boolean drained) {
    public Disrupted {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(silence, "silence");
        Objects.requireNonNull(preCheck, "preCheck");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(ticket, "ticket");
    }

    /** The commands sent and answered. */
    public SwitchDriver.Disruption disruption() {
        return result.disruption();
    }

    /** The state the wait for the switch begins from, taken right before the command. */
    public AwaitState awaitState() {
        return ticket.await();
    }

    /** This disruption, with the switch drained before it (its traffic was proven moved to its siblings). */
    public Disrupted withDrained(boolean wasDrained) {
        return new Disrupted(target, silence, preCheck, result, ticket, wasDrained);
    }
}
