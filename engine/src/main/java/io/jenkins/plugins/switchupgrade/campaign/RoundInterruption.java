package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.core.SwitchMemory;

import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.ledger.InFlight;
import io.jenkins.plugins.switchupgrade.ledger.Ledger;
import io.jenkins.plugins.switchupgrade.ledger.LedgerState;
import io.jenkins.plugins.switchupgrade.core.StepContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A round stopped from outside (SIGINT, SIGTERM, an aborted build): every switch this process has in flight is
 * recorded {@code interrupted} in the audit trail and the ledger (so it stays in flight and the next round blocks or
 * resumes it), the report is written, and the console says what state each switch is in and what became of its
 * silence. The silence is kept: the switch may be down, and its alerts must not page people for a reboot.
 */
final class RoundInterruption {
    private final StepContext context;
    private final AuditTrail audit;
    private volatile boolean interrupted;
    private RoundOptions options;
    private Instant startedAt;
    private List<SwitchResult> results;
    private RoundReport report;

    RoundInterruption(StepContext context, AuditTrail audit) {
        this.context = context;
        this.audit = audit;
    }

    synchronized void begin(RoundOptions roundOptions, Instant roundStartedAt, List<SwitchResult> roundResults) {
        this.options = roundOptions;
        this.startedAt = roundStartedAt;
        this.results = roundResults;
    }

    boolean interrupted() {
        return interrupted;
    }

    /** The report the interruption wrote, or null. */
    synchronized RoundReport report() {
        return report;
    }

    synchronized void interrupt(String why) {
        if (interrupted) {
            return;
        }
        interrupted = true;
        // an interrupted thread cannot lock or write files (their channels close): record first, then restore it
        boolean wasInterrupted = Thread.interrupted();
        try {
            record(why);
        } finally {
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void record(String why) {
        if (options == null) {
            context.console().log("Interrupted (" + why + ") before the round started; nothing was touched");
            return;
        }
        List<SwitchResult> all = new ArrayList<>(results);
        List<String> told = new ArrayList<>();
        for (LedgerState.SwitchState s : mine()) {
            String name = s.switchName();
            InFlight was = s.inFlight().orElseThrow();
            String state = was.address().isEmpty() ? "in an unknown state"
                    : context.exporterAwait().isPortOpen(was.address())
                    ? "answering on port " + context.awaitSettings().port() + " (not yet rebooted, or back already)"
                    : "down (port " + context.awaitSettings().port() + " closed)";
            String silence = !was.hasSilence() ? "it has no silence (silencing is off)"
                    : "its silence " + was.silenceId() + " stays active until " + was.silenceEndsAt() + " so that "
                    + "its alerts do not page while it reboots; to expire it now: "
                    + context.silencer().map(a -> a.expireCommand(was.silenceId())).orElse("expire it in Alertmanager");
            String goOn = context.ledger().map(l -> "the ledger keeps it in flight: the next round blocks until it "
                    + "is completed (" + l.remedies().resume(l.datacenter()) + ") or acknowledged ("
                    + l.remedies().acknowledge(l.datacenter(), name) + ")").orElse("");
            String line = name + " was sent its upgrade to " + was.toVersion() + " at " + s.claim().time() + " and is "
                    + state + "; " + silence + "; " + goOn;
            context.console().log("INTERRUPTED (" + why + "): " + line);
            SwitchMemory.interrupted(context, name, why + "; the switch was " + state);
            try {
                audit.record(AuditKind.INTERRUPTED, name, why + "; the switch was " + state, Map.of("silenceId",
                        was.silenceId(), "silenceEndsAt", String.valueOf(was.silenceEndsAt())));
            } catch (RuntimeException e) {
                context.console().log("WARNING: the interruption of " + name + " could not be audited: "
                        + e.getMessage());
            }
            all.removeIf(r -> r.name().equals(name));
            all.add(new SwitchResult(name, was.rack(), List.of(), was.fromVersion(), was.toVersion(),
                    SwitchResult.Outcome.INTERRUPTED, "interrupted (" + why + ") while in flight: " + state + "; "
                    + silence, was.pre(), null, null, s.claim().time(),
                    context.clock().instant()));
            told.add(name);
        }
        String reason = "interrupted (" + why + ")" + (told.isEmpty() ? "; no switch was in flight"
                : "; in flight: " + String.join(", ", told));
        try {
            audit.record(AuditKind.ROUND_FINISHED, "", RoundReport.Status.INTERRUPTED.wireName() + ": " + reason);
        } catch (RuntimeException e) {
            context.console().log("WARNING: the end of the round could not be recorded: " + e.getMessage());
        }
        report = new RoundReport(RoundReport.Status.INTERRUPTED, options.datacenter(),
                options.role().label(), options.fromVersion(), options.toVersion(), startedAt,
                context.clock().instant(), all, reason, 0);
        try {
            context.artifacts().save("report.json", Json.pretty(report.toMap()));
            context.artifacts().save("report.html", ReportPage.render(report, audit.events(), ReportLinks.of(context)));
        } catch (RuntimeException e) {
            context.console().log("WARNING: the report could not be written: " + e.getMessage());
        }
        context.console().log("Round interrupted: " + reason);
    }

    /** An interruption of the round's thread (an aborted build), whatever exception it surfaced as. */
    static boolean stoppedFromOutside(Throwable e) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.jenkins.plugins.switchupgrade.await.AwaitException a && a.cancelled() || t instanceof InterruptedException
                    || t instanceof java.nio.channels.ClosedByInterruptException
                    || t instanceof java.io.InterruptedIOException && !(t instanceof java.net.SocketTimeoutException)) {
                return true;
            }
        }
        return false;
    }

    private List<LedgerState.SwitchState> mine() {
        if (context.ledger().isEmpty()) {
            return List.of();
        }
        try {
            return context.ledger().get().replay().inFlight().stream()
                    .filter(s -> s.claim() != null && s.claim().process().equals(Ledger.thisProcess())).toList();
        } catch (RuntimeException e) {
            context.console().log("WARNING: the ledger could not be read to find the switches in flight: "
                    + e.getMessage());
            return List.of();
        }
    }
}
