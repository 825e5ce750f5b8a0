package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;
import io.jenkins.plugins.switchupgrade.drivers.MacRetentionVerdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict of the stack-MAC-retention pre-check on an AOS virtual chassis or stack: passed or not,
 * why, the command that fixes it, and the duplicate-MAC caveat that comes with retention.
 */
public final class MacRetentionCheck extends MacRetentionVerdict {

    /** Turns MAC retention on; the stack keeps its MAC when the master fails. */
    public static final String FIX_COMMAND = "mac-retention status enable";

    /** Hands the stack the MAC of its current master, e.g. after the former master was re-used elsewhere. */
    public static final String RELEASE_COMMAND = "mac-retention release";

    static final String RISK = "When the master fails, the stack takes the MAC address of the next master: "
            + "the Spanning Tree bridge ID changes (priority + MAC) and STP recalculates, LACP aggregates bound "
            + "to the old system MAC break, the IP interfaces (the hosts' default gateway) answer with a new MAC, "
            + "and routing protocols suffer. Reported reconvergence without retention: minutes; with it: about "
            + "a second.";

    static final String DUPLICATE_MAC_CAVEAT = "With retention the stack keeps a MAC that belongs to one of "
            + "its chassis. If that chassis is removed and installed elsewhere, two devices carry the same MAC "
            + "and traffic is lost. Before re-using a former master, in a maintenance window, run `"
            + RELEASE_COMMAND + "` on the stack so that it takes its current master's MAC (STP and LACP "
            + "reconverge once, but planned).";

    private final MacRetentionStatus status;

    private MacRetentionCheck(boolean passed, String reason, String fixCommand, MacRetentionStatus status,
            List<String> warnings) {
        super(passed, reason, fixCommand, RELEASE_COMMAND, DUPLICATE_MAC_CAVEAT, warnings);
        this.status = status;
    }

    /**
     * Decides from the running release and the output of {@code show mac-retention status}: on AOS 8
     * and later the check passes whatever the output says, because a virtual chassis keeps one virtual
     * MAC; on earlier releases the output must show {@code Admin State : Enabled}.
     *
     * @throws CliOutputException on releases before AOS 8 when the output cannot be read
     */
    public static MacRetentionCheck evaluate(Release running, String showMacRetentionStatusOutput) {
        Objects.requireNonNull(running, "running");
        if (running.isAos8OrLater()) {
            MacRetentionStatus status;
            try {
                status = MacRetentionStatus.parse(showMacRetentionStatusOutput);
            } catch (CliOutputException notShown) {
                status = null;
            }
            return alwaysOn(running, status);
        }
        return evaluate(MacRetentionStatus.parse(showMacRetentionStatusOutput));
    }

    /** The AOS 8 verdict: passed, because the virtual chassis MAC never follows the master. */
    public static MacRetentionCheck alwaysOn(Release running) {
        return alwaysOn(running, null);
    }

    private static MacRetentionCheck alwaysOn(Release running, MacRetentionStatus status) {
        return new MacRetentionCheck(true, "AOS " + running + " virtual chassis: MAC retention is always on. "
                + "The chassis use one virtual MAC derived from the chassis group, so the MAC does not follow "
                + "the master and nothing needs enabling.", null, status, List.of());
    }

    /** Decides from a parsed status: passed exactly when the admin state is enabled. */
    public static MacRetentionCheck evaluate(MacRetentionStatus status) {
        Objects.requireNonNull(status, "status");
        List<String> warnings = new ArrayList<>();
        if (status.usesForeignMac()) {
            warnings.add("The stack uses MAC " + status.currentMac() + " (source " + status.source()
                    + "), not its master's EEPROM MAC " + status.eepromMac() + ". If the chassis that owns "
                    + status.currentMac() + " has left the stack for good, plan `" + RELEASE_COMMAND
                    + "` in a maintenance window to avoid a duplicate MAC.");
        }
        if (status.adminEnabled()) {
            return new MacRetentionCheck(true, "MAC retention is enabled (Admin State : Enabled, MAC address "
                    + "source : " + status.source() + ", current MAC " + status.currentMac() + "): the stack "
                    + "keeps its MAC when the master fails over.", null, status, warnings);
        }
        return new MacRetentionCheck(false, "MAC retention is disabled (Admin State : Disabled), so the "
                + "stack's MAC " + status.currentMac() + " would change at the failover an upgrade causes. " + RISK
                + " Fix: run `" + FIX_COMMAND + "` and save with `write memory flash-synchro`, or let the upgrade "
                + "apply it (the explicit fix option, recorded in the audit trail).", FIX_COMMAND, status, warnings);
    }

    /** The parsed status, when the switch printed one. */
    public Optional<MacRetentionStatus> status() {
        return Optional.ofNullable(status);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MacRetentionCheck)) {
            return false;
        }
        MacRetentionCheck c = (MacRetentionCheck) o;
        return sameVerdict(c) && Objects.equals(status, c.status);
    }

    @Override
    public int hashCode() {
        return 31 * verdictHash() + Objects.hashCode(status);
    }

    @Override
    public String toString() {
        return (passed() ? "MAC retention check passed: " : "MAC retention check failed: ") + reason();
    }
}
