package io.jenkins.plugins.switchupgrade.audit;

import java.util.Locale;

/**
 * What an audit event records, written in the JSON lines as its kebab-case name (e.g. {@code reprovision-sent}).
 * The disruptive kinds are recorded just before the command goes out; the command waits for the record.
 */
public enum AuditKind {
    ROUND_STARTED,
    CANDIDATE_SELECTED,
    VALIDATION_PASSED,
    VALIDATION_FAILED,
    /** A live gate (identity, fleet health, another silence, firing alerts, fresh validation) refused a disruption. */
    GATE_REFUSED,
    SILENCE_CREATED,
    /** Silencing is switched off explicitly, so the disruption goes ahead without a silence. */
    SILENCE_SKIPPED,
    /** A configuration change the operator asked for, such as enabling MAC retention before an ISSU. */
    CONFIG_CHANGED,
    /** The switch was drained before its disruption (Cumulus: BGP graceful shutdown). */
    DRAINED,
    /** The drain was removed: after the switch came back, or because the round stopped after the drain. */
    UNDRAINED,
    REPROVISION_SENT,
    /** Any other disruptive command, such as {@code issu from new_firm}. */
    DISRUPTION_SENT,
    SWITCH_DOWN,
    SWITCH_UP,
    DIFF_PASSED,
    DIFF_FAILED,
    SILENCE_EXPIRED,
    OUTCOME,
    ROUND_FINISHED,
    /** Alertmanager did not expire a silence after every retry; the event names the command to expire it by hand. */
    SILENCE_EXPIRY_FAILED,
    /** The process was stopped (SIGINT, SIGTERM, an aborted build) while the switch was in flight. */
    INTERRUPTED,
    /** A switch left in flight by an earlier round is being completed ({@code --resume}). */
    RESUMED,
    /** The data center's lock was left behind by a round that died; this round took it over. */
    LOCK_TAKEN_OVER;

    /** The name in the JSON lines and the webhook body, e.g. {@code silence-created}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** True for the kinds recorded right before a command that disrupts or changes a switch. */
    public boolean isDisruptive() {
        return this == REPROVISION_SENT || this == DISRUPTION_SENT || this == CONFIG_CHANGED;
    }

    /** The kind with this wire name; the error lists the known ones. */
    public static AuditKind fromWireName(String wireName) {
        for (AuditKind kind : values()) {
            if (kind.wireName().equals(wireName)) {
                return kind;
            }
        }
        StringBuilder known = new StringBuilder();
        for (AuditKind kind : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(kind.wireName());
        }
        throw new IllegalArgumentException("'" + wireName + "' is not an audit event kind; known: " + known);
    }
}
