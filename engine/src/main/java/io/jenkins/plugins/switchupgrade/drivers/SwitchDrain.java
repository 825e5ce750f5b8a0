package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.ssh.SshTarget;

/**
 * How a platform moves traffic off a switch before its disruption and back after it, each step confirmed from the
 * switch's running configuration; given by {@link SwitchDriver#drain()} for the platforms that have one.
 */
public interface SwitchDrain {

    /** What the drain does, for logs and audit events, e.g. {@code BGP graceful shutdown}. */
    String description();

    /** The command that drains, as recorded in the audit trail. */
    String drainCommand();

    /** The command that undrains, as recorded in the audit trail. */
    String undrainCommand();

    /** Drains the switch and confirms it. */
    void drain(SshTarget target) throws DriverException;

    /** Undrains the switch and confirms it. */
    void undrain(SshTarget target) throws DriverException;

    /** Whether the switch is drained now, read from its running configuration. */
    boolean isDrained(SshTarget target) throws DriverException;
}
