package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.audit.AuditEvent;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.WebhookDelivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Audit events written by hand, at chosen times, as a round records them. */
final class RoundEvents {
    private final Instant t0;
    private final List<AuditEvent> events = new ArrayList<>();

    RoundEvents(Instant t0) {
        this.t0 = t0;
    }

    /** An event recorded {@code recordedAfter} seconds after t0. */
    RoundEvents add(double recordedAfter, String switchName, AuditKind kind, String reason, Map<String, ?> details) {
        Instant at = t0.plusMillis((long) (recordedAfter * 1000));
        events.add(new AuditEvent(events.size() + 1, UUID.randomUUID().toString(), at, switchName, "test #1", kind,
                reason, Map.copyOf(details), WebhookDelivery.NOT_CONFIGURED, ""));
        return this;
    }

    RoundEvents add(double recordedAfter, String switchName, AuditKind kind, String reason) {
        return add(recordedAfter, switchName, kind, reason, Map.of());
    }

    /** A switch upgraded from {@code start}: down at start+10, up at start+40, scraped at start+45, done at +70. */
    RoundEvents upgraded(double start, String name) {
        add(start, name, AuditKind.CANDIDATE_SELECTED, "picked at random");
        add(start + 2, name, AuditKind.VALIDATION_PASSED, "ok");
        add(start + 3, name, AuditKind.SILENCE_CREATED, "silenced", Map.of("silenceId",
                "6999f4c7-8056-4390-b030-b907bb1c647b"));
        add(start + 4, name, AuditKind.REPROVISION_SENT, "upgrade");
        // down and up are recorded together, once the wait is over; "at" says when each happened
        add(start + 46, name, AuditKind.SWITCH_DOWN, "port 9100 closed", Map.of("at", at(start + 10)));
        add(start + 46, name, AuditKind.SWITCH_UP, "port 9100 open", Map.of("at", at(start + 40),
                "freshSampleAt", at(start + 45)));
        add(start + 69, name, AuditKind.DIFF_PASSED, "post equals pre");
        add(start + 69.5, name, AuditKind.SILENCE_EXPIRED, "done", Map.of("silenceId",
                "6999f4c7-8056-4390-b030-b907bb1c647b"));
        add(start + 70, name, AuditKind.OUTCOME, "upgraded to 5.10.0");
        return this;
    }

    String at(double after) {
        return t0.plusMillis((long) (after * 1000)).toString();
    }

    List<AuditEvent> events() {
        return List.copyOf(events);
    }
}
