package io.jenkins.plugins.switchupgrade.drivers;

/**
 * What a switch received from an attempt to upgrade it, so that callers decide from a typed value (never from the
 * wording of a message) whether to wait for it, keep its alerts silenced and count it as touched.
 */
public enum Touch {
    /** Nothing disruptive reached the switch; it runs as before. */
    NOT_TOUCHED,
    /** A disruptive command reached the switch, and it is still up (e.g. an install staged, an ISSU refused). */
    TOUCHED,
    /** A disruptive command reached the switch and it may be rebooting or down because of it. */
    MAY_BE_DOWN;

    /** Whether anything disruptive reached the switch. */
    public boolean touched() {
        return this != NOT_TOUCHED;
    }

    /** Whether the switch may be rebooting or down because of what was sent. */
    public boolean mayBeDown() {
        return this == MAY_BE_DOWN;
    }
}
