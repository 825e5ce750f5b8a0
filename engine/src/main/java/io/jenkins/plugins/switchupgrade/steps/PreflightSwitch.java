package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.core.StepContext;
import io.jenkins.plugins.switchupgrade.drivers.Preflight;
import io.jenkins.plugins.switchupgrade.drivers.PreflightResult;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;

import java.util.Objects;
import java.util.function.Function;

/**
 * The facade of the Pipeline step {@code preflightSwitch}: finds the switch in Prometheus and runs its platform's
 * read-only preflight over SSH ({@link Preflight}); nothing is silenced, recorded or changed.
 */
public final class PreflightSwitch {
    private final StepContext context;
    private final Function<Switch, SshTarget> sshTargets;
    private final Preflight preflight;

    /** With the context's SSH targets. */
    public PreflightSwitch(StepContext context) {
        this(context, context.sshTargets().orElseThrow(() -> new IllegalArgumentException("preflightSwitch reads "
                + "the switch over SSH and needs an SSH login (user, key, known_hosts); nothing was sent")));
    }

    /** With SSH targets of the caller's (a read-only step gets its login without the lock of a disruptive one). */
    public PreflightSwitch(StepContext context, Function<Switch, SshTarget> sshTargets) {
        this(context, sshTargets, new Preflight());
    }

    PreflightSwitch(StepContext context, Function<Switch, SshTarget> sshTargets, Preflight preflight) {
        this.context = Objects.requireNonNull(context, "context");
        this.sshTargets = Objects.requireNonNull(sshTargets, "sshTargets");
        this.preflight = Objects.requireNonNull(preflight, "preflight");
    }

    /** Reads the switch named {@code target} and says what it found; a switch Prometheus does not know is refused. */
    public PreflightResult run(String target) {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("preflightSwitch needs target, the switch to read; nothing was sent");
        }
        Switch found = context.fleetReader().locate(target).orElseThrow(() -> new IllegalArgumentException(
                "Prometheus at " + context.prometheus().url() + " does not know switch '" + target + "'; nothing "
                        + "was sent"));
        context.console().log(found.name() + ": preflight of a " + found.platform() + " switch at " + found.address()
                + " (read-only)");
        PreflightResult result = preflight.check(found.platform(), sshTargets.apply(found));
        context.console().log(found.name() + ": " + result.verdict().wireName());
        result.findings().forEach(f -> context.console().log(found.name() + ":   " + f));
        result.warnings().forEach(w -> context.console().log(found.name() + ": WARNING: " + w));
        return result;
    }
}
