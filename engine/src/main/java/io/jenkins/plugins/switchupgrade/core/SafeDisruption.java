package io.jenkins.plugins.switchupgrade.core;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.AlertmanagerException;
import io.jenkins.plugins.switchupgrade.alerts.Silence;
import io.jenkins.plugins.switchupgrade.audit.AuditException;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.await.AwaitException;
import io.jenkins.plugins.switchupgrade.await.AwaitState;
import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.drivers.DriverResult;
import io.jenkins.plugins.switchupgrade.drivers.PreCheckResult;
import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.gates.Gate;
import io.jenkins.plugins.switchupgrade.gates.GateRefusal;
import io.jenkins.plugins.switchupgrade.gates.GateVerdict;
import io.jenkins.plugins.switchupgrade.gates.IdentityCheck;
import io.jenkins.plugins.switchupgrade.gates.LiveGates;
import io.jenkins.plugins.switchupgrade.lifecycle.Back;
import io.jenkins.plugins.switchupgrade.lifecycle.Disrupted;
import io.jenkins.plugins.switchupgrade.lifecycle.Ticket;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import io.jenkins.plugins.switchupgrade.core.StepContext;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The only way the engine disrupts a switch. Nothing disruptive is sent unless the fleet lock is held, the
 * pre-validation passed, the silence exists (or silencing is switched off explicitly) and the audit trail (with
 * its webhook, when configured) accepted the event announcing the command. A failure after the command expires the
 * silence at once, so the switch's alerts reach people.
 */
public final class SafeDisruption {
    private final StepContext context;
    private final Duration silenceFor;
    private SwitchMemory.Plan plan = SwitchMemory.Plan.SINGLE;
    private final Set<String> alongside;
    /** What the last {@link #start} disrupted with, so that the wait after it needs no lookup again. */
    private volatile DisruptionContext parts;

    public SafeDisruption(StepContext context, Duration silenceFor) {
        this(context, silenceFor, Set.of());
    }

    /**
     * A disruption that runs alongside {@code alongside}, the other switches the round has in flight (parallel
     * racks): their silences and their being down do not close this switch's gates. The set is read when the gates
     * are, not copied here: with rolling slots, a switch started after this one is in flight by then too.
     */
    public SafeDisruption(StepContext context, Duration silenceFor, Set<String> alongside) {
        this.context = context;
        this.silenceFor = silenceFor;
        this.alongside = java.util.Collections.unmodifiableSet(alongside);
    }

    /** What the ledger's claim records and allows (pre snapshot, target version, switches in flight at once). */
    public SafeDisruption plan(SwitchMemory.Plan plan) {
        this.plan = plan == null ? SwitchMemory.Plan.SINGLE : plan;
        return this;
    }

    /** Checks every precondition, silences, records and sends the disruptive commands of the switch's platform. */
    public Disrupted start(Switch target, boolean validationPassed, String why) {
        String name = target.name();
        if (!context.lock().isHeld()) {
            throw refused(name, "the fleet lock " + context.lock().name() + " is not held; upgrades run one at a "
                    + "time under the lock (in Jenkins: lock('" + context.lock().name() + "') { ... })");
        }
        if (!validationPassed) {
            throw refused(name, "its pre-upgrade validation did not pass; run validateSibling and act only on a pass");
        }
        DisruptionContext parts = DisruptionContext.of(context, target);
        this.parts = parts;
        SwitchDriver driver = parts.driver();
        SshTarget ssh = parts.ssh();
        AuditTrail audit = parts.audit();
        AlertSilencer silencer = parts.silencer();

        requireIdentity(driver, ssh, target, audit);
        try {
            // the data center's memory first: a failed or busy data center is not even silenced
            SwitchMemory.check(context, target, plan, why);
        } catch (RuntimeException e) {
            throw refused(name, e.getMessage());
        }
        PreCheckResult preCheck;
        try {
            preCheck = driver.preCheck(ssh, context.console());
        } catch (DriverException e) {
            throw SafetyException.nothingSent(name + " was not touched: its pre-check failed: " + e.getMessage(), e);
        }
        Silence silence;
        boolean claimed = false;
        try {
            silence = silencer.silence(name, silenceFor, context.actor(), AlertSilencer.COMMENT_PREFIX + " " + why
                    + " (" + name + ", datacenter " + target.datacenter() + ", " + context.actor() + ")");
        } catch (AlertmanagerException e) {
            throw SafetyException.nothingSent(name + " was not touched: its alerts could not be silenced: "
                    + e.getMessage(), e);
        }
        try {
            if (silence.isDisabled()) {
                audit.record(AuditKind.SILENCE_SKIPPED, name, "silencing is switched off for this run");
            } else {
                audit.record(AuditKind.SILENCE_CREATED, name, "alerts of " + name + " silenced for "
                        + silenceFor.toMinutes() + " min", Map.of("silenceId", silence.id(), "alertmanager", silencer.url()));
            }
            AwaitState awaitState = context.exporterAwait().begin(name, target.address());
            if (!context.lock().isHeld()) {
                throw refused(name, "the fleet lock " + context.lock().name() + " was lost before the command");
            }
            SwitchMemory.claim(context, target, silence, silencer.url(), awaitState, plan, why);
            claimed = true;
            audit.record(driver.disruptionKind(), name, why, Map.of("platform", driver.platform(),
                    "driver", driver.toString(),
                    "address", target.address()));
            requireGatesOpen(target, silence, audit);
            // each driver announces what it sends ("Sending ... to Re-provisioning, command is ...") itself
            DriverResult result = driver.disrupt(ssh, context.console());
            SwitchDriver.Disruption disruption = result.disruption();
            return new Disrupted(target, silence, preCheck, result, new Ticket(name, target.datacenter(),
                    target.platform(), target.address(), silence.isDisabled() ? "" : silence.id(), awaitState,
                    disruption.versionBefore(), disruption.commands()), false);
        } catch (AuditException e) {
            if (claimed) {
                SwitchMemory.released(context, name, "nothing sent: the audit trail refused the event");
            }
            expireQuietly(silence, name, "the audit trail refused an event");
            throw SafetyException.nothingSent(name + " was not touched: the audit trail did not accept the event "
                    + "before the disruptive command: " + e.getMessage(), e);
        } catch (DriverException e) {
            expireQuietly(silence, name, "the driver failed");
            throw SafetyException.driverFailed(name + ": " + e.getMessage(), e.touch(), e);
        } catch (RuntimeException e) {
            if (claimed) {
                SwitchMemory.released(context, name, "nothing sent: " + e.getMessage());
            }
            expireQuietly(silence, name, "the disruption did not start");
            if (e instanceof SafetyException s) {
                throw s;
            }
            throw SafetyException.nothingSent(name + " was not touched: " + e.getMessage(), e);
        }
    }

    /**
     * Waits for the switch to be back, recording down and up; on failure the silence is expired at once. A driver
     * that followed the upgrade to its end (ISSU) has already seen the switch back: its up is recorded, no wait.
     */
    public Back awaitBack(Disrupted started) {
        String name = started.target().name();
        DisruptionContext used = parts != null && parts.target().name().equals(name) ? parts
                : DisruptionContext.of(context, started.target());
        AuditTrail audit = used.audit();
        // the driver's typed result says whether it followed the upgrade to its end
        if (started.result().followedToTheEnd()) {
            audit.record(AuditKind.SWITCH_UP, name, "the driver followed the upgrade to its end");
            AwaitState followed = started.awaitState();
            return new Back(started.ticket(), new AwaitState(AwaitState.Phase.BACK, followed.startedAt(),
                    followed.downDeadline(), followed.upDeadline(), followed.freshDeadline(), followed.downAt(),
                    "the driver followed the upgrade to its end", followed.upAt(), followed.bootTimeBefore(),
                    followed.bootTimeAfter(), followed.freshSampleAt(), followed.address()));
        }
        try {
            AwaitState back = context.exporterAwait().await(name, started.awaitState());
            recordBack(context, name, back);
            return new Back(started.ticket().withAwait(back), back);
        } catch (AwaitException e) {
            if (e.state().downAt() != null) {
                audit.record(AuditKind.SWITCH_DOWN, name, e.state().downEvidence());
            }
            if (!e.cancelled()) {
                // a wait stopped from outside (an aborted build) keeps the silence: the switch may be down
                expire(started.silence(), name, "the switch is not back: " + e.getMessage());
            }
            throw e;
        }
    }

    /** Records in the audit trail (when there is one) that the switch went down and came back; one place for both. */
    public static void recordBack(StepContext context, String name, AwaitState back) {
        context.audit().ifPresent(audit -> {
            audit.record(AuditKind.SWITCH_DOWN, name, back.downEvidence(), Map.of("at", String.valueOf(back.downAt())));
            audit.record(AuditKind.SWITCH_UP, name, "port " + context.awaitSettings().port() + " open and scraped by "
                    + "Prometheus", Map.of("at", String.valueOf(back.upAt()), "freshSampleAt",
                    String.valueOf(back.freshSampleAt())));
        });
    }

    /** Expires a silence and records it; Alertmanager answering that it is gone counts as expired. */
    public void expire(Silence silence, String name, String why) {
        if (silence == null || silence.isDisabled()) {
            return;
        }
        expire(context, silence.id(), name, why);
    }

    /**
     * Expires a silence known by its ID (a step handed it on) and records it in the audit trail; no ID (silencing
     * switched off) or no silencer expires nothing.
     */
    public static void expire(StepContext context, String silenceId, String name, String why) {
        if (silenceId == null || silenceId.isBlank() || context.silencer().isEmpty()) {
            return;
        }
        SilenceExpiry.expire(context, context.silencer().get(), silenceId, name);
        context.audit().ifPresent(a -> a.record(AuditKind.SILENCE_EXPIRED, name, why, Map.of("silenceId", silenceId)));
    }

    private void expireQuietly(Silence silence, String name, String why) {
        try {
            expire(silence, name, why);
        } catch (RuntimeException e) {
            context.console().log("WARNING: could not expire the silence " + silence.id() + " of " + name + ": "
                    + e.getMessage() + "; expire it in Alertmanager by hand");
        }
    }

    /** The host at the address must be the switch Prometheus named, before anything is silenced or sent. */
    private void requireIdentity(SwitchDriver driver, SshTarget ssh, Switch target, AuditTrail audit) {
        Optional<GateRefusal> mismatch;
        try {
            mismatch = IdentityCheck.confirm(driver, ssh, target);
        } catch (DriverException e) {
            throw SafetyException.nothingSent(target.name() + " was not touched: its identity could not be confirmed: "
                    + e.getMessage(), e);
        }
        if (mismatch.isPresent()) {
            try {
                audit.record(AuditKind.GATE_REFUSED, target.name(), mismatch.get().sentence(), Map.of("gate",
                        Gate.IDENTITY.wireName(), "address", target.address(), "reached", mismatch.get().subjects()
                                .get(1)));
            } catch (AuditException e) {
                context.console().log("WARNING: the refusal could not be recorded: " + e.getMessage());
            }
            throw refused(target.name(), mismatch.get().sentence());
        }
        context.console().log(target.name() + ": the host at " + target.address() + " confirms it is " + target.name());
    }

    /** The live gates, read at this moment, must be open: else nothing is sent (the caller expires the silence). */
    private void requireGatesOpen(Switch target, Silence silence, AuditTrail audit) {
        GateVerdict verdict = context.liveGates().beforeCommand(target, silence, alongside);
        if (!verdict.open()) {
            audit.record(AuditKind.GATE_REFUSED, target.name(), "nothing was sent: " + verdict.sentence(),
                    verdict.toMap());
            throw refused(target.name(), verdict.sentence());
        }
    }

    private static SafetyException refused(String name, String why) {
        return DisruptionContext.refused(name, why);
    }
}
