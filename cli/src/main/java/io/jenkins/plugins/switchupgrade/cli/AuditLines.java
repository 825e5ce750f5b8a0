package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.audit.AuditEvent;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.ports.Console;

import java.io.PrintStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit trail's console in the CLI: one compact line per event ({@code audit #7 reprovision-sent
 * leaf-r1-p1-pod1: upgrade from 5.9.1 to 5.10.0}), since the progress line beside it already says when and to
 * whom; {@code --verbose} prints the full line (time, actor, details). audit.jsonl always has everything.
 */
final class AuditLines implements Console {
    private static final Pattern SEQUENCE = Pattern.compile("^AUDIT #(\\d+) ");
    private final PrintStream lines;
    private final boolean verbose;
    private volatile AuditTrail trail;

    private AuditLines(PrintStream lines, boolean verbose) {
        this.lines = lines;
        this.verbose = verbose;
    }

    static AuditLines console(PrintStream lines, boolean verbose) {
        return new AuditLines(lines, verbose);
    }

    /** The trail whose events this console prints; returns it. */
    AuditTrail bind(AuditTrail auditTrail) {
        this.trail = auditTrail;
        return auditTrail;
    }

    @Override
    public void log(String line) {
        AuditTrail bound = trail;
        Matcher m = SEQUENCE.matcher(line);
        if (verbose || bound == null || !m.find()) {
            lines.println(line);
            return;
        }
        long sequence = Long.parseLong(m.group(1));
        // the trail prints an event after adding it, under its own lock, so the event is there to be found
        List<AuditEvent> events = bound.events();
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).sequence() == sequence) {
                lines.println(compact(events.get(i)));
                return;
            }
        }
        lines.println(line);
    }

    static String compact(AuditEvent event) {
        StringBuilder line = new StringBuilder("  audit #").append(event.sequence()).append(' ')
                .append(event.kind().wireName());
        if (!event.switchName().isEmpty()) {
            line.append(' ').append(event.switchName());
        }
        line.append(": ").append(event.reason());
        if (!event.webhook().isOk()) {
            line.append(" [webhook ").append(event.webhook().wireName()).append(": ").append(event.webhookProblem())
                    .append(']');
        }
        return line.toString();
    }
}
