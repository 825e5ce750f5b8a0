package io.jenkins.plugins.switchupgrade.drivers.cisco;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;
import io.jenkins.plugins.switchupgrade.drivers.MacRetentionVerdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The verdict of the stack-MAC pre-check on a Cisco stack: passed only when {@code show switch}
 * shows {@code Mac persistency wait time: Indefinite}; says why, what fixes it, and the
 * duplicate-MAC caveat that comes with a persistent MAC.
 */
public final class StackMacCheck extends MacRetentionVerdict {

    /** Keeps the stack MAC indefinitely, whichever switch becomes active. */
    public static final String FIX_COMMAND = "stack-mac persistent timer 0";

    /** Hands the stack the MAC of its current active switch at once. */
    public static final String RELEASE_COMMAND = "no stack-mac persistent timer";

    static final String RISK = "When the active switch fails, the stack takes the MAC address of the new "
            + "active switch: the Spanning Tree bridge ID changes (priority + MAC) and STP recalculates, LACP "
            + "port-channels bound to the old system MAC break (an ASA attached to two members loses its link), "
            + "the IP interfaces (the hosts' default gateway) answer with a new MAC, and routing protocols suffer.";

    static final String DUPLICATE_MAC_CAVEAT = "A persistent stack MAC may belong to a switch that has left the "
            + "stack. If that switch is installed elsewhere, two devices carry the same MAC and traffic is lost. "
            + "Before re-using a former active switch, in a maintenance window, run `" + RELEASE_COMMAND
            + "` on the stack so that it takes its current active switch's MAC (STP and LACP reconverge once, "
            + "but planned), then `" + FIX_COMMAND + "` again.";

    private final SwitchStack stack;

    private StackMacCheck(boolean passed, String reason, String fixCommand, SwitchStack stack, List<String> warnings) {
        super(passed, reason, fixCommand, RELEASE_COMMAND, DUPLICATE_MAC_CAVEAT, warnings);
        this.stack = stack;
    }

    /**
     * Decides from the output of {@code show switch}.
     *
     * @throws CliOutputException when the output cannot be read
     */
    public static StackMacCheck evaluate(String showSwitchOutput) {
        return evaluate(SwitchStack.parse(showSwitchOutput));
    }

    /** Decides from a parsed stack: passed exactly when the MAC persistency wait time is indefinite. */
    public static StackMacCheck evaluate(SwitchStack stack) {
        Objects.requireNonNull(stack, "stack");
        List<String> warnings = new ArrayList<>();
        if (stack.usesForeignMac()) {
            warnings.add("The stack MAC " + stack.stackMac() + " belongs to no current member. If the switch that "
                    + "owns it is re-used elsewhere, run `" + RELEASE_COMMAND + "` first, in a maintenance window.");
        }
        MacPersistency persistency = stack.persistency();
        if (persistency.keepsMacIndefinitely()) {
            return new StackMacCheck(true, "Mac persistency wait time: Indefinite (stack-mac persistent timer 0): "
                    + "the stack keeps MAC " + stack.stackMac() + " when the active switch fails over.", null, stack,
                    warnings);
        }
        String seen = persistency.kind() == MacPersistency.Kind.ABSENT
                ? "show switch prints no 'Mac persistency wait time', so persistent MAC is disabled"
                : "Mac persistency wait time: " + persistency + ", so the stack MAC " + stack.stackMac()
                        + " changes " + persistency.waitMinutes().getAsInt() + " minute(s) after a failover";
        return new StackMacCheck(false, seen + ". " + RISK + " Fix: configure `" + FIX_COMMAND + "` and save "
                + "the configuration, or let the upgrade apply it (the explicit fix option, recorded in the audit "
                + "trail).", FIX_COMMAND, stack, warnings);
    }

    public SwitchStack stack() {
        return stack;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StackMacCheck)) {
            return false;
        }
        StackMacCheck c = (StackMacCheck) o;
        return sameVerdict(c) && stack.equals(c.stack);
    }

    @Override
    public int hashCode() {
        return 31 * verdictHash() + Objects.hashCode(stack);
    }

    @Override
    public String toString() {
        return (passed() ? "Stack MAC check passed: " : "Stack MAC check failed: ") + reason();
    }
}
