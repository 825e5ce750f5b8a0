package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.core.PostValidation;
import io.jenkins.plugins.switchupgrade.core.SafeDisruption;
import io.jenkins.plugins.switchupgrade.core.SwitchMemory;

import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.await.AwaitException;
import io.jenkins.plugins.switchupgrade.await.AwaitState;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.diff.DiffReport;
import io.jenkins.plugins.switchupgrade.ledger.InFlight;
import io.jenkins.plugins.switchupgrade.ledger.LedgerState;
import io.jenkins.plugins.switchupgrade.core.StepContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Completes the switches an earlier round left in flight ({@code run --resume}): a switch is completed only when its
 * state can be established from what the ledger recorded: it went down and came back (its boot time changed, or its
 * port closes and opens now), Prometheus has a fresh sample of it, and the diff against its recorded pre snapshot
 * passes on the target version. Anything less leaves it in flight, and the round stops.
 */
final class InFlightResume {
    /** What resuming gave: a result per switch in flight, and why the round must stop (null: it may go on). */
    record Outcome(List<SwitchResult> results, String abortReason) {
    }

    private final StepContext context;
    private final AuditTrail audit;

    InFlightResume(StepContext context, AuditTrail audit) {
        this.context = context;
        this.audit = audit;
    }

    Outcome complete(List<LedgerState.SwitchState> inFlight, RoundOptions options) {
        List<SwitchResult> results = new ArrayList<>();
        for (LedgerState.SwitchState state : inFlight) {
            Instant at = context.clock().instant();
            String name = state.switchName();
            InFlight was = state.inFlight().orElse(null);
            String cannot = was == null ? "the ledger has no claim of it"
                    : was.pre() == null ? "the ledger has no pre snapshot of it to compare with"
                    : was.address().isEmpty() ? "the ledger has no address of it"
                    : was.toVersion().isEmpty() ? "the ledger does not say which version it was upgraded to" : null;
            if (cannot != null) {
                return stop(results, name, state, was, at, "cannot be completed: " + cannot);
            }
            audit.record(AuditKind.RESUMED, name, "completing the upgrade to " + was.toVersion() + " sent at "
                    + state.claim().time() + " by " + state.claim().actor() + " (process " + state.claim().process()
                    + ")", Map.of("silenceId", was.silenceId(), "address", was.address()));
            context.console().log("Resuming " + name + ": upgrade to " + was.toVersion() + " sent at "
                    + state.claim().time() + "; checking that it rebooted, is back and matches its pre snapshot");
            ExporterAwait await = context.exporterAwait();
            AwaitState fresh = await.begin(name, was.address());
            // the boot time recorded before the command is what proves a reboot that already ended
            AwaitState from = new AwaitState(AwaitState.Phase.WAIT_DOWN, fresh.startedAt(), fresh.downDeadline(),
                    fresh.upDeadline(), null, null, null, null, was.bootTimeBefore(), null, null, was.address());
            AwaitState back;
            try {
                back = await.await(name, from);
            } catch (AwaitException e) {
                return stop(results, name, state, was, at, "its state could not be established: " + e.getMessage());
            }
            SafeDisruption.recordBack(context, name, back);
            DiffReport diff = new PostValidation(context).settle(name, was.pre(), was.toVersion(),
                    options.settleWithin());
            if (!diff.passed()) {
                String why = "post-upgrade validation failed (completing the upgrade left in flight): "
                        + String.join("; ", diff.reasons());
                conclude(name, false, why, was);
                audit.record(AuditKind.OUTCOME, name, "failed: " + why);
                results.add(result(name, state, was, SwitchResult.Outcome.FAILED, why, diff, at));
                return new Outcome(results, name + " failed: " + why);
            }
            String why = "completed after the round that sent it stopped: post equals pre; runs " + diff.postVersion();
            String expiry = conclude(name, true, why, was);
            audit.record(AuditKind.OUTCOME, name, expiry == null ? "upgraded to " + diff.postVersion()
                    : "failed: " + expiry);
            results.add(result(name, state, was, expiry == null ? SwitchResult.Outcome.UPGRADED
                    : SwitchResult.Outcome.FAILED, expiry == null ? why : "upgraded, but " + expiry, diff, at));
            if (expiry != null) {
                return new Outcome(results, name + ": " + expiry);
            }
        }
        return new Outcome(results, null);
    }

    private Outcome stop(List<SwitchResult> results, String name, LedgerState.SwitchState state, InFlight was,
                         Instant at, String problem) {
        String why = name + " is still in flight and " + problem + "; it stays blocked: look at it, then "
                + "acknowledge it (or run with --resume again once it is back)";
        context.console().log("BLOCKED: " + why);
        if (was != null) {
            // nobody completes it now: its alerts must reach people
            expire(was, name, "not completed: " + problem);
        }
        results.add(result(name, state, was, SwitchResult.Outcome.FAILED, why, null, at));
        return new Outcome(results, why);
    }

    /** The shared conclusion (diff audit, ledger outcome, silence expiry); returns why the expiry failed, or null. */
    private String conclude(String name, boolean passed, String why, InFlight was) {
        try {
            new PostValidation(context).conclude(name, passed, why, why, was.silenceId());
            return null;
        } catch (RuntimeException e) {
            context.console().log("WARNING: " + e.getMessage());
            return e.getMessage();
        }
    }

    /** Expires the switch's recorded silence; returns why it could not be, or null. */
    private String expire(InFlight was, String name, String why) {
        try {
            SafeDisruption.expire(context, was.silenceId(), name, why);
            return null;
        } catch (RuntimeException e) {
            context.console().log("WARNING: " + e.getMessage());
            return e.getMessage();
        }
    }

    private SwitchResult result(String name, LedgerState.SwitchState state, InFlight was, SwitchResult.Outcome outcome,
                                String why, DiffReport diff, Instant at) {
        return new SwitchResult(name, was == null ? "" : was.rack(), List.of(), was == null ? "" : was.fromVersion(),
                was == null ? "" : was.toVersion(), outcome, why, was == null ? null : was.pre(),
                diff == null ? null : diff.post(), diff, at,
                context.clock().instant());
    }
}
