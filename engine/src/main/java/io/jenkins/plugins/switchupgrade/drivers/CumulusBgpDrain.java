package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.ssh.ExecResult;
import io.jenkins.plugins.switchupgrade.ssh.SshException;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;

/**
 * Drains a Cumulus switch before its reboot with FRR's BGP graceful shutdown (RFC 8326): its routes are announced
 * with the GRACEFUL_SHUTDOWN community and the lowest local preference, so that its peers move traffic to the
 * other paths while every session stays up; undrain removes it. FRR takes the command in global configuration
 * for all BGP instances. A re-provisioned switch comes back with the configuration ZTP and Chef give it, which
 * carries no graceful shutdown, so it returns undrained; {@link #isDrained} checks that instead of assuming it.
 */
public final class CumulusBgpDrain implements SwitchDrain {
    public static final String DRAIN = "sudo vtysh -c 'configure terminal' -c 'bgp graceful-shutdown'";
    public static final String UNDRAIN = "sudo vtysh -c 'configure terminal' -c 'no bgp graceful-shutdown'";
    public static final String RUNNING_CONFIG = "sudo vtysh -c 'show running-config'";
    private static final String STATEMENT = "bgp graceful-shutdown";

    private final SwitchLink link;

    public CumulusBgpDrain() {
        this(SwitchLink.ssh());
    }

    public CumulusBgpDrain(SwitchLink link) {
        this.link = link;
    }

    @Override
    public String description() {
        return "BGP graceful shutdown";
    }

    @Override
    public String drainCommand() {
        return DRAIN;
    }

    @Override
    public String undrainCommand() {
        return UNDRAIN;
    }

    /** Turns graceful shutdown on and confirms it from the running configuration. */
    @Override
    public void drain(SshTarget target) throws DriverException {
        send(target, DRAIN);
        if (!isDrained(target)) {
            throw DriverException.notTouched(target.name(), target.name() + ": after '" + DRAIN + "' the running "
                    + "configuration has no '" + STATEMENT + "'; expected FRR to keep it. Check that bgpd runs and "
                    + "that this FRR release takes the statement in global configuration", null);
        }
    }

    /** Turns graceful shutdown off and confirms it from the running configuration. */
    @Override
    public void undrain(SshTarget target) throws DriverException {
        send(target, UNDRAIN);
        if (isDrained(target)) {
            throw DriverException.notTouched(target.name(), target.name() + ": after '" + UNDRAIN + "' the running "
                    + "configuration still has '" + STATEMENT + "'; remove it by hand (vtysh, 'no " + STATEMENT
                    + "') so that the switch carries traffic again", null);
        }
    }

    /** Whether the running configuration has graceful shutdown on. */
    @Override
    public boolean isDrained(SshTarget target) throws DriverException {
        ExecResult result = send(target, RUNNING_CONFIG);
        return drained(result.stdout());
    }

    /** Whether a {@code show running-config} text turns graceful shutdown on (globally or under router bgp). */
    public static boolean drained(String runningConfig) {
        return runningConfig.lines().map(String::trim).anyMatch(STATEMENT::equals);
    }

    private ExecResult send(SshTarget target, String command) throws DriverException {
        try (SwitchLink.Session session = link.open(target)) {
            ExecResult result = session.exec(command);
            if (!result.succeeded()) {
                throw DriverException.notTouched(target.name(), target.name() + ": '" + command + "' exited "
                        + result.exitStatus() + ": " + result.output().trim() + "; expected exit 0. Nothing else was "
                        + "sent; check vtysh on the switch", null);
            }
            return result;
        } catch (SshException e) {
            throw DriverException.notTouched(target.name(), target.name() + ": '" + command + "' could not be sent: "
                    + e.getMessage(), e);
        }
    }
}
