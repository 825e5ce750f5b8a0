package io.jenkins.plugins.switchupgrade.ledger;

import io.jenkins.plugins.switchupgrade.json.Json;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One line of a data center's ledger: what happened to a switch ({@code kind}), when, on whose behalf, from which
 * process, and, for a claim, what was about to be sent ({@link InFlight}).
 */
public record LedgerEntry(long sequence, String id, Instant time, String datacenter, String switchName, Kind kind,
                          String actor, String process, String reason, InFlight inFlight) implements Serializable {
    /** What an entry says about its switch; the wire name is the kebab-case name (e.g. {@code disruption-claimed}). */
    public enum Kind {
        /** Written before the disruptive command: the switch is in flight until an outcome follows. */
        DISRUPTION_CLAIMED,
        /** The claim was given back before anything disruptive went out (e.g. the audit webhook refused). */
        RELEASED,
        /** The switch was upgraded and passed its post-validation. */
        UPGRADED,
        /** The switch failed; every later disruption of the data center waits for an acknowledgement. */
        FAILED,
        /** The process was stopped while the switch was in flight; it stays in flight. */
        INTERRUPTED,
        /** A person looked at the switch and lets the data center go on. */
        ACKNOWLEDGED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The kind with this wire name; the error lists the known ones. */
        public static Kind fromWireName(String wire) {
            for (Kind kind : values()) {
                if (kind.wireName().equals(wire)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("'" + wire + "' is not a ledger entry kind; known: "
                    + String.join(", ", java.util.Arrays.stream(values()).map(Kind::wireName).toList()));
        }
    }

    public LedgerEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        datacenter = datacenter == null ? "" : datacenter;
        switchName = switchName == null ? "" : switchName;
        actor = actor == null ? "" : actor;
        process = process == null ? "" : process;
        reason = reason == null ? "" : reason;
        if (kind == Kind.DISRUPTION_CLAIMED && inFlight == null) {
            throw new IllegalArgumentException("a claim of " + switchName + " must say what is in flight");
        }
    }

    /** The JSON line of the ledger file. */
    public String toJsonLine() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seq", sequence);
        json.put("id", id);
        json.put("time", time.toString());
        json.put("datacenter", datacenter);
        json.put("switch", switchName);
        json.put("kind", kind.wireName());
        json.put("actor", actor);
        json.put("process", process);
        json.put("reason", reason);
        if (inFlight != null) {
            json.put("inFlight", inFlight.toMap());
        }
        return Json.compact(json);
    }

    /** Reads a line written by {@link #toJsonLine()}; the error says which field is wrong. */
    static LedgerEntry fromJsonLine(String line) {
        Map<String, Object> json = Json.parseObject(line, "the ledger line");
        Object inFlight = json.get("inFlight");
        return new LedgerEntry(number(json, "seq"), text(json, "id", true), Instant.parse(text(json, "time", true)),
                text(json, "datacenter", false), text(json, "switch", false),
                Kind.fromWireName(text(json, "kind", true)), text(json, "actor", false), text(json, "process", false),
                text(json, "reason", false), inFlight instanceof Map<?, ?> map ? InFlight.fromMap(map) : null);
    }

    private static long number(Map<String, Object> json, String field) {
        if (!(json.get(field) instanceof Number n)) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a number");
        }
        return n.longValue();
    }

    static String text(Map<?, ?> json, String field, boolean required) {
        Object value = json.get(field);
        if (value == null) {
            if (required) {
                throw new IllegalArgumentException("field '" + field + "' is missing");
            }
            return "";
        }
        return String.valueOf(value);
    }
}
