package io.jenkins.plugins.switchupgrade.drivers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the read-only preflight found on one switch: its verdict, what was read (one sentence each) and the warnings.
 */
public record PreflightResult(String switchName, String platform, Verdict verdict, List<String> findings,
                              List<String> warnings) {

    /** How the preflight of a switch ended. */
    public enum Verdict {
        /** Everything read is as an upgrade needs it. */
        PASSED,
        /** Something read forbids the upgrade as it is (a chassis not Running, MAC retention off, BGP down...). */
        FAILED,
        /** The switch could not be reached over SSH. */
        UNREACHABLE,
        /** The platform has no preflight; nothing was sent. */
        NO_CHECK;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public PreflightResult {
        Objects.requireNonNull(switchName, "switchName");
        Objects.requireNonNull(verdict, "verdict");
        findings = List.copyOf(findings);
        warnings = List.copyOf(warnings);
    }

    /** Whether the switch is known ready; a platform without a preflight is not (failing closed). */
    public boolean ok() {
        return verdict == Verdict.PASSED;
    }

    /** A plain map for JSON output and Pipeline results. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("switch", switchName);
        map.put("platform", platform);
        map.put("verdict", verdict.wireName());
        map.put("passed", verdict == Verdict.PASSED);
        map.put("findings", findings);
        map.put("warnings", warnings);
        return map;
    }
}
