package io.jenkins.plugins.switchupgrade.core;

import io.jenkins.plugins.switchupgrade.alerts.Silence;
import io.jenkins.plugins.switchupgrade.await.AwaitState;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.ledger.InFlight;
import io.jenkins.plugins.switchupgrade.ledger.Ledger;
import io.jenkins.plugins.switchupgrade.ledger.LedgerEntry;
import io.jenkins.plugins.switchupgrade.ledger.LedgerState;
import io.jenkins.plugins.switchupgrade.lifecycle.Ticket;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import io.jenkins.plugins.switchupgrade.core.StepContext;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What the disruptive code tells the data center's ledger (when the host keeps one): the claim before the command,
 * and the switch's outcome after it. Writing an outcome never hides the outcome itself: a ledger that cannot be
 * written is reported on the console, and the switch then stays in flight, which blocks the next round.
 */
public final class SwitchMemory {
    /**
     * What the caller knows beyond the switch: the pre snapshot the switch must match afterwards, the version it is
     * upgraded to, how many switches of the data center may be in flight at once (racks in parallel), where the
     * report goes, and whether the caller is being stopped (then nothing more is claimed).
     */
    public record Plan(Snapshot pre, String toVersion, int maxInFlight, String reportDir, BooleanSupplier stopping) {
        /** A single disruption (a Pipeline step): one switch of the data center at a time. */
        public static final Plan SINGLE = new Plan(null, "", 1, "", () -> false);

        public Plan {
            stopping = stopping == null ? () -> false : stopping;
            toVersion = toVersion == null ? "" : toVersion;
            reportDir = reportDir == null ? "" : reportDir;
            maxInFlight = Math.max(1, maxInFlight);
        }
    }

    private SwitchMemory() {
    }

    /** Refuses, before anything is silenced, a disruption the ledger would not let be claimed. */
    /** Refuses (throws) when the data center's ledger would not let {@code target} go now; records nothing. */
    public static void check(StepContext context, Switch target, Plan plan, String why) {
        if (plan.stopping().getAsBoolean()) {
            throw new IllegalStateException("the round is being stopped");
        }
        if (context.ledger().isPresent()) {
            context.ledger().get().check(new Ledger.Claim(target.name(), inFlight(target, null, "", null, plan),
                    plan.maxInFlight(), context.actor(), Ledger.thisProcess(), why));
        }
    }

    private static InFlight inFlight(Switch target, Silence silence, String alertmanager, AwaitState awaitState,
                                     Plan plan) {
        boolean silenced = silence != null && !silence.isDisabled();
        return new InFlight(target.rack(), target.address(), target.platform(), target.version(), plan.toVersion(),
                silenced ? silence.id() : "", silenced ? silence.endsAt() : null, alertmanager,
                awaitState == null ? null : awaitState.bootTimeBefore(), plan.pre(), plan.reportDir());
    }

    /** Claims the switch in the ledger right before its disruptive command; refused claims throw. */
    static void claim(StepContext context, Switch target, Silence silence, String alertmanager, AwaitState awaitState,
                      Plan plan, String why) {
        if (context.ledger().isEmpty()) {
            return;
        }
        context.ledger().get().claim(new Ledger.Claim(target.name(), inFlight(target, silence, alertmanager,
                awaitState, plan), plan.maxInFlight(), context.actor(),
                Ledger.thisProcess(), why), plan.stopping());
    }

    /** The claim is given back: nothing disruptive went out. */
    static void released(StepContext context, String name, String why) {
        write(context, LedgerEntry.Kind.RELEASED, name, why);
    }

    /** The switch is upgraded and verified. */
    public static void upgraded(StepContext context, String name, String why) {
        write(context, LedgerEntry.Kind.UPGRADED, name, why);
    }

    /** The switch failed: the data center waits for a person's acknowledgement. */
    public static void failed(StepContext context, String name, String why) {
        write(context, LedgerEntry.Kind.FAILED, name, why);
    }

    /**
     * A Pipeline step's outcome of a switch this data center has in flight (diffMetrics, awaitExporter): upgraded
     * when {@code passed}, failed otherwise. A switch that is not in flight is left alone (a read-only diff).
     */
    public static void settled(StepContext context, String name, boolean passed, String why) {
        if (context.ledger().isEmpty()) {
            return;
        }
        boolean inFlight;
        try {
            inFlight = context.ledger().get().replay().of(name)
                    .map(s -> s.status() == io.jenkins.plugins.switchupgrade.ledger.LedgerState.Status.IN_FLIGHT)
                    .orElse(false);
        } catch (RuntimeException e) {
            context.console().log("WARNING: the ledger could not be read: " + e.getMessage());
            return;
        }
        if (inFlight) {
            write(context, passed ? LedgerEntry.Kind.UPGRADED : LedgerEntry.Kind.FAILED, name, why);
        }
    }

    /**
     * The ticket of a switch the data center's ledger holds in flight, as its claim recorded it (the silence, the
     * address, the version before): what a host that lost the switch's ticket (a restart, a stopped step) goes on
     * with. Empty without a ledger or a claim in flight.
     */
    public static Optional<Ticket> ticket(StepContext context, String name) {
        if (context.ledger().isEmpty()) {
            return Optional.empty();
        }
        Ledger ledger = context.ledger().get();
        return ledger.replay().of(name).filter(s -> s.status() == LedgerState.Status.IN_FLIGHT)
                .flatMap(LedgerState.SwitchState::inFlight)
                .map(was -> new Ticket(name, ledger.datacenter(), was.platform(), was.address(), was.silenceId(), null,
                        was.fromVersion(), List.of()));
    }

    /** The process stops while the switch is in flight; it stays in flight. */
    public static void interrupted(StepContext context, String name, String why) {
        write(context, LedgerEntry.Kind.INTERRUPTED, name, why);
    }

    private static void write(StepContext context, LedgerEntry.Kind kind, String name, String why) {
        if (context.ledger().isEmpty()) {
            return;
        }
        Ledger ledger = context.ledger().get();
        try {
            ledger.record(kind, name, context.actor(), why);
        } catch (RuntimeException e) {
            context.console().log("WARNING: the ledger of " + ledger.datacenter() + " did not take " + kind.wireName()
                    + " of " + name + ": " + e.getMessage() + "; " + name + " stays in flight there, so the next round "
                    + "blocks until it is acknowledged");
        }
    }
}
