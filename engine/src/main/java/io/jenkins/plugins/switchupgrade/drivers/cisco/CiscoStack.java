package io.jenkins.plugins.switchupgrade.drivers.cisco;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;

import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.drivers.SwitchLink;
import io.jenkins.plugins.switchupgrade.ssh.ExecResult;
import io.jenkins.plugins.switchupgrade.ssh.SshException;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;


/**
 * Reads a Cisco Catalyst stack over SSH ({@code show switch}) for the stack-MAC check of the preflight
 * ({@link io.jenkins.plugins.switchupgrade.drivers.Preflight}): every member {@code Ready} and {@code Mac persistency
 * wait time: Indefinite} ({@code stack-mac persistent timer 0}), so that a failover of the active switch does not move
 * the stack's MAC. Read-only: the fix is the operator's to apply.
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

    @Override
    public String toString() {
        return "CiscoStack read-out ('" + SHOW_SWITCH + "')";
    }
}
