package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver.Disruption;
import io.jenkins.plugins.switchupgrade.drivers.aos.IssuOutcome;

import java.util.Objects;

/**
 * What a driver's disruptive call did, one type per way of upgrading, returned by {@link SwitchDriver#disrupt} (never
 * kept on the driver and read back): the caller learns from the type whether it still has to wait for the switch.
 */
public sealed interface DriverResult permits DriverResult.Reprovisioned, DriverResult.IssuCompleted {

    /** The version before and every command sent and answered, in order. */
    Disruption disruption();

    /**
     * Whether the driver followed the upgrade to its end (ISSU keeps the management address up and the driver
     * polls it until every member is back), so that the caller must not wait for the exporter port to close.
     */
    boolean followedToTheEnd();

    /** What the switch received: a returned result always means a disruptive command reached it. */
    default Touch touch() {
        return followedToTheEnd() ? Touch.TOUCHED : Touch.MAY_BE_DOWN;
    }

    /** The reboot (or the site's command) was sent; the switch goes down and comes back by itself, watched by the caller. */
    record Reprovisioned(Disruption disruption) implements DriverResult {
        public Reprovisioned {
            Objects.requireNonNull(disruption, "disruption");
        }

        @Override
        public boolean followedToTheEnd() {
            return false;
        }
    }

    /** The ISSU ran to its end: every member is back on the expected release, as the outcome records. */
    record IssuCompleted(IssuOutcome outcome) implements DriverResult {
        public IssuCompleted {
            Objects.requireNonNull(outcome, "outcome");
        }

        @Override
        public Disruption disruption() {
            return outcome.disruption();
        }

        @Override
        public boolean followedToTheEnd() {
            return true;
        }
    }
}
