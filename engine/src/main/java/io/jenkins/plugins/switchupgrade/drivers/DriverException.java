package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver.Exchange;

import java.util.List;
import java.util.Objects;

/**
 * A driver could not do what it was asked; the message names the switch, what was expected, what was seen and
 * what to do, and {@link #touch()} says whether a disruptive command was sent and whether the switch may be
 * rebooting, so that the caller knows whether to wait for it and keep its alerts silenced.
 */
public final class DriverException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String switchName;
    private final Touch touch;
    private final boolean unreachable;
    private final transient List<Exchange> exchanges;

    private DriverException(String switchName, String message, Touch touch, boolean unreachable,
                            List<Exchange> exchanges, Throwable cause) {
        super(message, cause);
        this.switchName = switchName;
        this.touch = Objects.requireNonNull(touch, "touch");
        this.unreachable = unreachable;
        this.exchanges = List.copyOf(exchanges);
    }

    /** A failure before anything disruptive was sent: a refused pre-check, unreadable output, a wrong version. */
    public static DriverException notTouched(String switchName, String message, Throwable cause) {
        return new DriverException(switchName, message, Touch.NOT_TOUCHED, false, List.of(), cause);
    }

    /** A failure before anything disruptive was sent, with the read-outs and staging commands sent so far. */
    public static DriverException notTouched(String switchName, String message, List<Exchange> exchanges,
                                             Throwable cause) {
        return new DriverException(switchName, message, Touch.NOT_TOUCHED, false, exchanges, cause);
    }

    /** The switch could not be reached (no connection, no prompt); nothing at all was sent. */
    public static DriverException unreachable(String switchName, String message, Throwable cause) {
        return new DriverException(switchName, message, Touch.NOT_TOUCHED, true, List.of(), cause);
    }

    /** A disruptive command reached the switch, which is still up (e.g. an install staged but no reboot). */
    public static DriverException touched(String switchName, String message, List<Exchange> exchanges,
                                          Throwable cause) {
        return new DriverException(switchName, message, Touch.TOUCHED, false, exchanges, cause);
    }

    /** A disruptive command reached the switch and it may be rebooting or down because of it. */
    public static DriverException mayBeDown(String switchName, String message, List<Exchange> exchanges,
                                            Throwable cause) {
        return new DriverException(switchName, message, Touch.MAY_BE_DOWN, false, exchanges, cause);
    }

    /** A failure whose touch is known only at run time (e.g. whether SSH delivered the command). */
    public static DriverException of(String switchName, String message, Touch touch, List<Exchange> exchanges,
                                     Throwable cause) {
        return new DriverException(switchName, message, touch, false, exchanges, cause);
    }

    public String switchName() {
        return switchName;
    }

    /** What the switch received before the failure. */
    public Touch touch() {
        return touch;
    }

    /** Whether the switch could not be reached at all (so, following an upgrade, it may still be rebooting). */
    public boolean unreachable() {
        return unreachable;
    }

    /** Whether any disruptive command (e.g. {@code onie-select}, {@code reboot}, {@code issu}) reached the switch. */
    public boolean disruptiveCommandSent() {
        return touch.touched();
    }

    /** Whether the switch may be rebooting or down because of what was sent. */
    public boolean switchMayBeDown() {
        return touch.mayBeDown();
    }

    /** What was sent and answered before the failure, in order. */
    public List<Exchange> exchanges() {
        return exchanges == null ? List.of() : exchanges;
    }
}
