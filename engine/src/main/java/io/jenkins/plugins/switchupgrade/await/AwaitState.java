package io.jenkins.plugins.switchupgrade.await;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far a wait for a rebooting switch has come: the phase, its deadlines and what was seen. It is all a host
 * needs to persist to resume the wait after a restart, including the address to probe (a switch that is down has no
 * series in Prometheus to look it up in).
 */
public record AwaitState(Phase phase, Instant startedAt, Instant downDeadline, Instant upDeadline,
                         Instant freshDeadline, Instant downAt, String downEvidence, Instant upAt,
                         Double bootTimeBefore, Double bootTimeAfter, Instant freshSampleAt, String address)
        implements java.io.Serializable {
    /** The phases of a wait, in order. */
    public enum Phase { WAIT_DOWN, WAIT_UP, WAIT_FRESH, BACK }

    /** Went down at {@code at}; it must be back by {@code upBy}. */
    AwaitState down(Instant at, String evidence, Instant upBy) {
        return new AwaitState(Phase.WAIT_UP, startedAt, downDeadline, upBy, null, at, evidence, null,
                bootTimeBefore, null, null, address);
    }

    /** Port open again at {@code at}; Prometheus must have scraped it by {@code freshBy}. */
    AwaitState up(Instant at, Instant freshBy) {
        return new AwaitState(Phase.WAIT_FRESH, startedAt, downDeadline, upDeadline, freshBy, downAt,
                downEvidence, at, bootTimeBefore, null, null, address);
    }

    AwaitState back(Instant sampleAt, Double bootTime) {
        return new AwaitState(Phase.BACK, startedAt, downDeadline, upDeadline, freshDeadline, downAt, downEvidence,
                upAt, bootTimeBefore, bootTime, sampleAt, address);
    }

    /** Whether the switch is back: it went down, came up and Prometheus scraped it since. */
    public boolean isBack() {
        return phase == Phase.BACK;
    }

    /** The deadline of the phase the wait is in; none once the switch is back. */
    public Instant deadline() {
        return switch (phase) {
            case WAIT_DOWN -> downDeadline;
            case WAIT_UP -> upDeadline;
            case WAIT_FRESH -> freshDeadline;
            case BACK -> null;
        };
    }

    /** This state, probing {@code newAddress} (e.g. an address given explicitly to the step). */
    public AwaitState withAddress(String newAddress) {
        return new AwaitState(phase, startedAt, downDeadline, upDeadline, freshDeadline, downAt, downEvidence, upAt,
                bootTimeBefore, bootTimeAfter, freshSampleAt, newAddress);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("phase", phase.name());
        map.put("startedAt", text(startedAt));
        map.put("downDeadline", text(downDeadline));
        map.put("upDeadline", text(upDeadline));
        map.put("freshDeadline", text(freshDeadline));
        map.put("downAt", text(downAt));
        map.put("downEvidence", downEvidence);
        map.put("upAt", text(upAt));
        map.put("bootTimeBefore", bootTimeBefore);
        map.put("bootTimeAfter", bootTimeAfter);
        map.put("freshSampleAt", text(freshSampleAt));
        map.put("address", address);
        return map;
    }

    /** Reads a map written by {@link #toMap()}, e.g. reprovisionSwitch's result handed to awaitExporter. */
    public static AwaitState fromMap(java.util.Map<?, ?> map) {
        try {
            return new AwaitState(Phase.valueOf(String.valueOf(map.get("phase"))), instant(map, "startedAt"),
                    instant(map, "downDeadline"), instant(map, "upDeadline"), instant(map, "freshDeadline"),
                    instant(map, "downAt"), map.get("downEvidence") == null ? null : String.valueOf(map.get("downEvidence")),
                    instant(map, "upAt"), number(map, "bootTimeBefore"), number(map, "bootTimeAfter"),
                    instant(map, "freshSampleAt"), map.get("address") == null ? null
                    : String.valueOf(map.get("address")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a wait state as reprovisionSwitch returns it (await): " + map, e);
        }
    }

    private static Instant instant(java.util.Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : Instant.parse(String.valueOf(value));
    }

    private static Double number(java.util.Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value instanceof Number n ? n.doubleValue() : Double.valueOf(String.valueOf(value));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
