package io.jenkins.plugins.switchupgrade.ports;

/**
 * The lock that keeps upgrades of a fleet serial: a Jenkins lockable resource in the plugin, a file lock in the
 * CLI. Disruptive actions ask {@link #isHeld()} right before they act.
 */
public interface FleetLock {
    /** The lock's name, e.g. {@code switch-upgrade-dc1}, for error messages. */
    String name();

    /** Whether the caller holds the lock now. */
    boolean isHeld();

    /** A lock that is never held, for read-only hosts. */
    static FleetLock none() {
        return new FleetLock() {
            @Override
            public String name() {
                return "(none)";
            }

            @Override
            public boolean isHeld() {
                return false;
            }
        };
    }
}
