package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.audit.AuditEvent;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A round's timeline read from its audit trail: one bar per switch, split into the phases validate, disruption
 * sent, down, up and settle, each placed when it happened (the {@code at} the wait measured), not when it was
 * recorded. Switches upgraded side by side (parallel racks) have bars that overlap in time.
 */
public final class Timeline {
    private final List<Bar> bars;

    /** The phases of one switch's upgrade, in order. */
    public enum Phase {
        /** From its election to the verdict of the sibling check. */
        VALIDATE("validate"),
        /** From the disruptive command (after the silence) until the switch was seen going down. */
        DISRUPTION_SENT("disruption sent"),
        /** Its exporter port was closed (or its boot time not yet new). */
        DOWN("down"),
        /** Its port was open again, until Prometheus had scraped it afresh. */
        UP("up"),
        /** Back and scraped; BGP and links settling until the post-validation verdict. */
        SETTLE("settle");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        /** The words shown to people, e.g. {@code disruption sent}. */
        public String label() {
            return label;
        }

        /** The CSS class, e.g. {@code disruption-sent}. */
        public String cssName() {
            return label.replace(' ', '-');
        }
    }

    /** One phase of one switch, from {@code from} to {@code to}. */
    public record Segment(Phase phase, Instant from, Instant to) {
        public Duration duration() {
            return Duration.between(from, to);
        }
    }

    /**
     * One switch's bar: its first and last moment, its phases, and what its outcome event said ({@code upgraded},
     * {@code failed} or empty while it had none).
     */
    public record Bar(String switchName, Instant from, Instant to, List<Segment> segments, String outcome) {
        public Bar {
            segments = List.copyOf(segments);
        }

        public Optional<Segment> segment(Phase phase) {
            return segments.stream().filter(s -> s.phase() == phase).findFirst();
        }

        /** True when a disruptive command was recorded for the switch. */
        public boolean disrupted() {
            return segment(Phase.DISRUPTION_SENT).isPresent();
        }
    }

    private Timeline(List<Bar> bars) {
        this.bars = List.copyOf(bars);
    }

    /** The timeline of every switch the events name, bars in the order their switches were elected. */
    public static Timeline of(List<AuditEvent> events) {
        Map<String, List<AuditEvent>> bySwitch = new LinkedHashMap<>();
        for (AuditEvent e : events) {
            if (e.switchName().isEmpty()) {
                continue;
            }
            List<AuditEvent> own = bySwitch.computeIfAbsent(e.switchName(), k -> new ArrayList<>());
            // a switch elected again (a later round in the same trail) starts a new bar
            if (e.kind() == AuditKind.CANDIDATE_SELECTED) {
                own.clear();
            }
            own.add(e);
        }
        List<Bar> bars = new ArrayList<>();
        bySwitch.forEach((name, own) -> bars.add(bar(name, own)));
        bars.sort(Comparator.comparing(Bar::from));
        return new Timeline(bars);
    }

    /** This timeline with only the bars of {@code names}. */
    public Timeline only(Collection<String> names) {
        return new Timeline(bars.stream().filter(b -> names.contains(b.switchName())).toList());
    }

    public List<Bar> bars() {
        return bars;
    }

    public Optional<Bar> bar(String switchName) {
        return bars.stream().filter(b -> b.switchName().equals(switchName)).findFirst();
    }

    public Optional<Instant> start() {
        return bars.stream().map(Bar::from).min(Comparator.naturalOrder());
    }

    public Optional<Instant> end() {
        return bars.stream().map(Bar::to).max(Comparator.naturalOrder());
    }

    private static Bar bar(String name, List<AuditEvent> own) {
        Instant selected = null;
        Instant verdict = null;
        Instant sent = null;
        Instant down = null;
        Instant up = null;
        Instant fresh = null;
        Instant diff = null;
        Instant end = null;
        String outcome = "";
        for (AuditEvent e : own) {
            Instant at = e.time();
            switch (e.kind()) {
                case CANDIDATE_SELECTED -> selected = first(selected, at);
                case VALIDATION_PASSED, VALIDATION_FAILED -> verdict = first(verdict, at);
                case REPROVISION_SENT, DISRUPTION_SENT -> sent = first(sent, at);
                case SWITCH_DOWN -> down = first(down, happened(e, "at"));
                case SWITCH_UP -> {
                    up = first(up, happened(e, "at"));
                    fresh = first(fresh, happened(e, "freshSampleAt"));
                }
                case DIFF_PASSED, DIFF_FAILED -> diff = at;
                case OUTCOME -> {
                    end = at;
                    outcome = e.reason().startsWith("failed") ? "failed" : "upgraded";
                }
                default -> {
                    // silences, configuration changes: inside the phases above
                }
            }
        }
        Instant from = selected != null ? selected : own.get(0).time();
        Instant to = end != null ? end : own.get(own.size() - 1).time();
        if (diff != null && diff.isAfter(to)) {
            to = diff;
        }
        List<Segment> segments = new ArrayList<>();
        add(segments, Phase.VALIDATE, from, verdict != null ? verdict : sent != null ? sent : to);
        if (sent != null) {
            Instant wentDown = down != null ? down : up != null ? up : to;
            add(segments, Phase.DISRUPTION_SENT, sent, wentDown);
            if (down != null) {
                add(segments, Phase.DOWN, down, up != null ? up : to);
            }
            if (up != null) {
                Instant scraped = fresh != null ? fresh : up;
                add(segments, Phase.UP, up, scraped);
                add(segments, Phase.SETTLE, scraped, diff != null ? diff : to);
            }
        }
        return new Bar(name, from, to, segments, outcome);
    }

    private static void add(List<Segment> segments, Phase phase, Instant from, Instant to) {
        segments.add(new Segment(phase, from, to.isBefore(from) ? from : to));
    }

    private static Instant first(Instant current, Instant candidate) {
        return current != null ? current : candidate;
    }

    /** When the event's detail says it happened; the record's time when it does not say. */
    static Instant happened(AuditEvent e, String key) {
        Object value = e.details().get(key);
        if (value instanceof String text && !text.isBlank() && !text.equals("null")) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException ignored) {
                // not a time: the record's own time is the best there is
            }
        }
        return e.time();
    }
}
