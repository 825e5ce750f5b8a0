package io.jenkins.plugins.switchupgrade.await;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far a wait for a rebooting switch has come: the phase, its deadlines and what was seen. It is all a host
 * needs to persist to resume the wait after a restart.
 */
public record AwaitState(Phase phase, Instant startedAt, Instant downDeadline, Instant upDeadline,
                         Instant freshDeadline, Instant downAt, String downEvidence, Instant upAt,
                         Double bootTimeBefore, Double bootTimeAfter, Instant freshSampleAt) {
    /** The phases of a wait, in order. */
    public enum Phase { WAIT_DOWN, WAIT_UP, WAIT_FRESH, BACK }

    AwaitState down(Instant at, String evidence) {
        return new AwaitState(Phase.WAIT_UP, startedAt, downDeadline, upDeadline, freshDeadline, at, evidence, upAt,
                bootTimeBefore, bootTimeAfter, freshSampleAt);
    }

    AwaitState up(Instant at) {
        return new AwaitState(Phase.WAIT_FRESH, startedAt, downDeadline, upDeadline, freshDeadline, downAt,
                downEvidence, at, bootTimeBefore, bootTimeAfter, freshSampleAt);
    }

    AwaitState back(Instant sampleAt, Double bootTime) {
        return new AwaitState(Phase.BACK, startedAt, downDeadline, upDeadline, freshDeadline, downAt, downEvidence,
                upAt, bootTimeBefore, bootTime, sampleAt);
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
        return map;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
