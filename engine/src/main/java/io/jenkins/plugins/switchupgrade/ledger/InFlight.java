package io.jenkins.plugins.switchupgrade.ledger;

import io.jenkins.plugins.switchupgrade.metrics.Snapshot;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a claim records about the disruption about to be sent, so that a later round can tell people what was going
 * on and can complete it: the switch's rack and address, its platform, versions, the silence muting it, the boot time
 * before the command, the pre snapshot it must match afterwards, and where the claiming round writes its report.
 */
public record InFlight(String rack, String address, String platform, String fromVersion, String toVersion,
                       String silenceId, Instant silenceEndsAt, String alertmanager, Double bootTimeBefore,
                       Snapshot pre, String reportDir) implements Serializable {
    public InFlight {
        rack = rack == null ? "" : rack;
        address = address == null ? "" : address;
        platform = platform == null ? "" : platform;
        fromVersion = fromVersion == null ? "" : fromVersion;
        toVersion = toVersion == null ? "" : toVersion;
        silenceId = silenceId == null ? "" : silenceId;
        alertmanager = alertmanager == null ? "" : alertmanager;
        reportDir = reportDir == null ? "" : reportDir;
    }

    /** Whether a silence mutes the switch (silencing may be switched off). */
    public boolean hasSilence() {
        return !silenceId.isEmpty();
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rack", rack);
        map.put("address", address);
        map.put("platform", platform);
        map.put("fromVersion", fromVersion);
        map.put("toVersion", toVersion);
        map.put("silenceId", silenceId);
        map.put("silenceEndsAt", silenceEndsAt == null ? null : silenceEndsAt.toString());
        map.put("alertmanager", alertmanager);
        map.put("bootTimeBefore", bootTimeBefore);
        map.put("pre", pre == null ? null : pre.toMap());
        map.put("reportDir", reportDir);
        return map;
    }

    static InFlight fromMap(Map<?, ?> map) {
        Object ends = map.get("silenceEndsAt");
        Object boot = map.get("bootTimeBefore");
        Object pre = map.get("pre");
        return new InFlight(LedgerEntry.text(map, "rack", false), LedgerEntry.text(map, "address", false),
                LedgerEntry.text(map, "platform", false), LedgerEntry.text(map, "fromVersion", false),
                LedgerEntry.text(map, "toVersion", false), LedgerEntry.text(map, "silenceId", false),
                ends == null ? null : Instant.parse(String.valueOf(ends)), LedgerEntry.text(map, "alertmanager", false),
                boot instanceof Number n ? n.doubleValue() : null,
                pre instanceof Map<?, ?> snapshot ? Snapshot.fromMap(snapshot) : null,
                LedgerEntry.text(map, "reportDir", false));
    }
}
