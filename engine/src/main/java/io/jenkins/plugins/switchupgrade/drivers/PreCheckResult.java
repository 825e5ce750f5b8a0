package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.drivers.aos.IssuPreCheck;

import java.util.Objects;

/**
 * What a driver's read-only pre-check found, returned by {@link SwitchDriver#preCheck} (never kept on the driver and
 * read back), one type per platform that checks something before it is disrupted.
 */
public sealed interface PreCheckResult permits PreCheckResult.NoPreCheck, PreCheckResult.VirtualChassisReady {

    /** The platform checks nothing before its disruption (re-provisioning needs nothing but the switch's version). */
    record NoPreCheck() implements PreCheckResult {
    }

    /** Every chassis of the virtual chassis Running, the images staged, MAC retention as required. */
    record VirtualChassisReady(IssuPreCheck check) implements PreCheckResult {
        public VirtualChassisReady {
            Objects.requireNonNull(check, "check");
        }
    }
}
