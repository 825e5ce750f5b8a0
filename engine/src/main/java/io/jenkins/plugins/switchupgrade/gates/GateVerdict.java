package io.jenkins.plugins.switchupgrade.gates;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The live gates as read at one moment for one data center (and, right before a command, one switch): open when no
 * gate refused. {@code checked} says which gates were read, so that a gate switched off shows in the audit trail.
 */
public record GateVerdict(String datacenter, String target, Instant at, List<Gate> checked,
                          List<GateRefusal> refusals) {
    public GateVerdict {
        checked = List.copyOf(checked);
        refusals = List.copyOf(refusals);
        target = target == null ? "" : target;
    }

    public boolean open() {
        return refusals.isEmpty();
    }

    /** The refusals as one sentence, or "every gate is open". */
    public String sentence() {
        return open() ? "every gate is open" : refusals.stream().map(GateRefusal::sentence)
                .collect(Collectors.joining("; "));
    }

    /** Details for the audit event. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("datacenter", datacenter);
        map.put("at", at.toString());
        map.put("checked", checked.stream().map(Gate::wireName).toList());
        map.put("refused", refusals.stream().map(r -> r.gate().wireName()).toList());
        map.put("subjects", refusals.stream().flatMap(r -> r.subjects().stream()).distinct().toList());
        return map;
    }
}
