package io.jenkins.plugins.switchupgrade.drivers.aos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the ISSU pre-check of a virtual chassis found: every chassis and its state, the running release, the image
 * directory, and the stack-MAC-retention verdict, including whether the fix was applied because the user asked.
 *
 * @param macRetentionFixed true when {@code mac-retention status enable} was sent (and recorded) by the pre-check
 */
public record IssuPreCheck(String switchName, VirtualChassisTopology topology, Release running,
        Release expected, ImageDirectory imageDirectory, MacRetentionCheck macRetention, boolean macRetentionFixed) {

    public IssuPreCheck {
        Objects.requireNonNull(switchName, "switchName");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(running, "running");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(imageDirectory, "imageDirectory");
        Objects.requireNonNull(macRetention, "macRetention");
    }

    /** A plain map for step results and artifacts. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("switch", switchName);
        map.put("running", running.toString());
        map.put("expected", expected.toString());
        map.put("master", topology.master().map(ChassisMember::chassisId).orElse(null));
        map.put("chassis", topology.members().stream().map(m -> Map.of("id", m.chassisId(), "role", m.roleText(),
                "status", m.status(), "mac", m.macAddress())).toList());
        map.put("imageDirectory", "/flash/" + imageDirectory.directory());
        map.put("imageFiles", List.copyOf(imageDirectory.files()));
        map.put("macRetention", macRetentionMap(macRetention, macRetentionFixed));
        return map;
    }

    static Map<String, Object> macRetentionMap(MacRetentionCheck check, boolean fixed) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("passed", check.passed());
        map.put("fixed", fixed);
        map.put("reason", check.reason());
        check.status().ifPresent(s -> {
            map.put("adminEnabled", s.adminEnabled());
            map.put("eepromMac", s.eepromMac());
            map.put("currentMac", s.currentMac());
            map.put("source", s.source().name().toLowerCase(java.util.Locale.ROOT));
        });
        map.put("warnings", check.warnings());
        map.put("releaseCommand", check.releaseCommand());
        map.put("duplicateMacCaveat", check.duplicateMacCaveat());
        return map;
    }
}
