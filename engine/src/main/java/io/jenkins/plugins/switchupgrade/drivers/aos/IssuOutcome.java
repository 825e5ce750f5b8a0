package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver.Disruption;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an ISSU of a virtual chassis went, followed to its end: the releases before and after, which chassis was
 * master before and after, the order in which the slaves rebooted, every VCISSU phase with its time, how often the
 * driver had to reconnect, and the commands sent.
 */
public record IssuOutcome(String switchName, String imageDirectory, Release releaseBefore, Release releaseAfter,
        int masterBefore, int masterAfter, List<Integer> slaveOrder, List<PhaseEvent> phases,
        Instant sessionDroppedAt, int reconnects, Instant startedAt, Instant endedAt, Disruption disruption) {

    /** One VCISSU phase as the master's console reported it. */
    public record PhaseEvent(Instant at, IssuPhase phase, Integer chassis, String text) {
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("at", at.toString());
            map.put("phase", phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            map.put("chassis", chassis);
            map.put("text", text);
            return map;
        }
    }

    public IssuOutcome {
        Objects.requireNonNull(switchName, "switchName");
        slaveOrder = List.copyOf(slaveOrder);
        phases = List.copyOf(phases);
    }

    public Duration duration() {
        return Duration.between(startedAt, endedAt);
    }

    /** A plain map for step results and artifacts. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("switch", switchName);
        map.put("imageDirectory", "/flash/" + imageDirectory);
        map.put("releaseBefore", releaseBefore.toString());
        map.put("releaseAfter", releaseAfter.toString());
        map.put("masterBefore", masterBefore);
        map.put("masterAfter", masterAfter);
        map.put("slaveOrder", slaveOrder);
        map.put("phases", phases.stream().map(PhaseEvent::toMap).toList());
        map.put("sessionDroppedAt", sessionDroppedAt == null ? null : sessionDroppedAt.toString());
        map.put("reconnects", reconnects);
        map.put("startedAt", startedAt.toString());
        map.put("endedAt", endedAt.toString());
        map.put("seconds", duration().toMillis() / 1000.0);
        map.put("commands", disruption.commands());
        return map;
    }
}
