package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver.Exchange;

import java.util.List;

/**
 * A driver could not do what it was asked; the message names the switch, what was expected, what was seen and
 * what to do, and the exception says whether a disruptive command was sent and whether the switch may be
 * rebooting, so that the caller knows whether to wait for it and keep its alerts silenced.
 */
public final class DriverException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String switchName;
    private final boolean disruptiveCommandSent;
    private final boolean switchMayBeDown;
    private final transient List<Exchange> exchanges;

    public DriverException(String switchName, String message, boolean disruptiveCommandSent, boolean switchMayBeDown,
                           List<Exchange> exchanges, Throwable cause) {
        super(message, cause);
        this.switchName = switchName;
        this.disruptiveCommandSent = disruptiveCommandSent;
        this.switchMayBeDown = switchMayBeDown;
        this.exchanges = List.copyOf(exchanges);
    }

    /** A failure before anything disruptive was sent. */
    public DriverException(String switchName, String message, Throwable cause) {
        this(switchName, message, false, false, List.of(), cause);
    }

    public String switchName() {
        return switchName;
    }

    /** Whether any disruptive command (e.g. {@code onie-select}, {@code reboot}, {@code issu}) reached the switch. */
    public boolean disruptiveCommandSent() {
        return disruptiveCommandSent;
    }

    /** Whether the switch may be rebooting or down because of what was sent. */
    public boolean switchMayBeDown() {
        return switchMayBeDown;
    }

    /** What was sent and answered before the failure, in order. */
    public List<Exchange> exchanges() {
        return exchanges == null ? List.of() : exchanges;
    }
}
