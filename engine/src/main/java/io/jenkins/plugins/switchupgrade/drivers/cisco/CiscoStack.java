package io.jenkins.plugins.switchupgrade.drivers.cisco;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;

import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.drivers.SwitchLink;
import io.jenkins.plugins.switchupgrade.ports.Console;
import io.jenkins.plugins.switchupgrade.ssh.ExecResult;
import io.jenkins.plugins.switchupgrade.ssh.SshException;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;

import java.util.stream.Collectors;

/**
 * The stack-MAC pre-check of a Cisco Catalyst stack over SSH: {@code show switch} must list every member
 * {@code Ready} and {@code Mac persistency wait time: Indefinite} ({@code stack-mac persistent timer 0}), so that a
 * failover of the active switch does not move the stack's MAC. Read-only: the fix is the operator's to apply.
 */
public final class CiscoStack {
    public static final String PLATFORM = "cisco";
    public static final String SHOW_SWITCH = SwitchStack.COMMAND;

    private final SwitchLink link;

    /** Reads the stack over SSH. */
    public CiscoStack() {
        this(SwitchLink.ssh());
    }

    /** Reads the stack through {@code link} (flow tests replay a transcript through it). */
    public CiscoStack(SwitchLink link) {
        this.link = java.util.Objects.requireNonNull(link, "link");
    }

    /** Reads {@code show switch}. */
    public SwitchStack readStack(SshTarget target) throws DriverException {
        String name = target.name();
        try (SwitchLink.Session session = link.open(target)) {
            ExecResult result = session.exec(SHOW_SWITCH);
            return SwitchStack.parse(result.stdout());
        } catch (SshException e) {
            throw DriverException.notTouched(name, "Reading '" + SHOW_SWITCH + "' from " + name + " failed; nothing was "
                    + "sent. " + e.getMessage(), e);
        } catch (CliOutputException e) {
            throw DriverException.notTouched(name, name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Passes when every member is Ready and the stack keeps its MAC indefinitely; otherwise throws with the reason,
     * the fix ({@value StackMacCheck#FIX_COMMAND}) and nothing sent.
     */
    public StackMacCheck preCheck(SshTarget target, Console console) throws DriverException {
        String name = target.name();
        SwitchStack stack = readStack(target);
        if (!stack.slots().isEmpty()) {
            console.log(name + ": " + stack.slots().stream().map(StackMember::describe).collect(Collectors.joining(", "))
                    + ": switch numbers without a switch (MAC 0000.0000.0000), not members");
        }
        if (!stack.notReady().isEmpty()) {
            throw DriverException.notTouched(name, name + ": expected every stack member Ready, but saw "
                    + stack.notReady().stream().map(StackMember::describe).collect(Collectors.joining(", "))
                    + ". Nothing was sent; bring the member back (or out of the stack) first.", null);
        }
        StackMacCheck check = StackMacCheck.evaluate(stack);
        check.warnings().forEach(w -> console.log(name + ": WARNING: " + w));
        if (!check.passed()) {
            throw DriverException.notTouched(name, name + ": stack MAC pre-check failed: " + check.reason()
                    + " Nothing was changed or sent.", null);
        }
        console.log(name + ": " + check.reason());
        return check;
    }

    @Override
    public String toString() {
        return "CiscoStack stack-MAC pre-check ('" + SHOW_SWITCH + "')";
    }
}
