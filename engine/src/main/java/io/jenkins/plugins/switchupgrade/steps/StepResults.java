package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.await.AwaitState;
import io.jenkins.plugins.switchupgrade.diff.DiffReport;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.lifecycle.Disrupted;
import io.jenkins.plugins.switchupgrade.lifecycle.Ticket;
import io.jenkins.plugins.switchupgrade.selection.Pick;
import io.jenkins.plugins.switchupgrade.validation.Verdict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one codec between the steps' typed results and plain maps (Pipeline results, {@code --output json}, a ticket
 * persisted by a host): the field names are the Pipeline steps' documented result fields. Used only at the edge.
 */
public final class StepResults {
    private StepResults() {
    }

    /** pickCandidate: {@code nothingToDo, candidate, switch, siblings, remaining, fleetSize, reason}. */
    public static Map<String, Object> toMap(Pick pick) {
        return pick.toMap();
    }

    /** validateSibling: {@code passed, candidate, siblings, reasons, checks, pre}. */
    public static Map<String, Object> toMap(Verdict verdict) {
        return verdict.toMap();
    }

    /** reprovisionSwitch: {@code switch, silenceId, commands, versionBefore, drained, await} (await has the address). */
    public static Map<String, Object> toMap(Disrupted disrupted) {
        Map<String, Object> result = new LinkedHashMap<>();
        Ticket ticket = disrupted.ticket();
        result.put("switch", ticket.switchName());
        result.put("silenceId", ticket.hasSilence() ? ticket.silenceId() : null);
        result.put("commands", ticket.commands());
        result.put("versionBefore", ticket.versionBefore());
        result.put("drained", disrupted.drained());
        result.put("await", ticket.await().toMap());
        return result;
    }

    /** awaitExporter: the wait's state (with {@code address}) and {@code done}. */
    public static Map<String, Object> toMap(AwaitState state) {
        Map<String, Object> result = new LinkedHashMap<>(state.toMap());
        result.put("done", state.phase() == AwaitState.Phase.BACK);
        return result;
    }

    /** diffMetrics: {@code passed, switch, version, metrics, reasons, preTakenAt, postTakenAt}. */
    public static Map<String, Object> toMap(DiffReport diff) {
        return diff.toMap();
    }

    /** issuUpgrade: see {@link IssuUpgrade.Result#toMap()}. */
    public static Map<String, Object> toMap(IssuUpgrade.Result result) {
        return result.toMap();
    }

    /** A ticket as a plain map (what a host persists between steps and across a restart). */
    public static Map<String, Object> toMap(Ticket ticket) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("switch", ticket.switchName());
        map.put("datacenter", ticket.datacenter());
        map.put("platform", ticket.platform());
        map.put("address", ticket.address());
        map.put("silenceId", ticket.silenceId());
        map.put("await", ticket.await() == null ? null : ticket.await().toMap());
        map.put("versionBefore", ticket.versionBefore());
        map.put("commands", ticket.commands());
        return map;
    }

    /** Reads a ticket written by {@link #toMap(Ticket)}; the error names what is missing. */
    public static Ticket ticket(Map<?, ?> map) {
        Object name = map.get("switch");
        if (name == null || String.valueOf(name).isBlank()) {
            throw new IllegalArgumentException("not a ticket (no switch): " + map);
        }
        Object await = map.get("await");
        Object commands = map.get("commands");
        return new Ticket(String.valueOf(name), text(map, "datacenter"), text(map, "platform"), text(map, "address"),
                text(map, "silenceId"), await instanceof Map<?, ?> state ? AwaitState.fromMap(state) : null,
                text(map, "versionBefore"), commands instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of());
    }

    /** A ticket as JSON. */
    public static String json(Ticket ticket) {
        return Json.compact(toMap(ticket));
    }

    /** Reads a ticket from JSON written by {@link #json(Ticket)}. */
    public static Ticket ticket(String json) {
        return ticket(Json.parseObject(json, "ticket"));
    }

    private static String text(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? "" : String.valueOf(value);
    }
}
