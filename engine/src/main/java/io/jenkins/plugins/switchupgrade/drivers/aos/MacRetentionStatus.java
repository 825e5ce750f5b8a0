package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;
import io.jenkins.plugins.switchupgrade.drivers.ConsoleText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code show mac-retention status} reports: whether MAC retention is enabled, the MAC in the
 * master's EEPROM, the MAC the stack currently uses, and where that MAC comes from.
 *
 * @param adminEnabled   {@code Admin State : Enabled}
 * @param trapEnabled    {@code Trap admin state}, the duplicate-MAC trap, when printed
 * @param eepromMac      {@code EEPROM MAC address}, lower case
 * @param currentMac     {@code Current MAC address}, lower case
 * @param source         {@code MAC address source}
 * @param topologyStatus {@code Topology Status}, e.g. {@code Ring Present}, when printed
 */
public record MacRetentionStatus(boolean adminEnabled, Optional<Boolean> trapEnabled, String eepromMac,
        String currentMac, Source source, Optional<String> topologyStatus) {

    static final String COMMAND = "show mac-retention status";

    private static final Pattern FIELD = Pattern.compile("^\\s*([A-Za-z][A-Za-z ]*?)\\s*:\\s*(.*?)\\s*,?\\s*$");
    private static final Pattern MAC = Pattern.compile("(?i)^(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}$");

    /** Where the stack's MAC address comes from. */
    public enum Source {
        /** The stack keeps a MAC learned earlier, typically from a former master. */
        RETAINED,
        /** The stack uses the MAC in the current master's EEPROM. */
        EEPROM,
        /** A source this parser does not know. */
        OTHER;

        static Source of(String text) {
            String t = text.toLowerCase(Locale.ROOT);
            if (t.startsWith("retain")) {
                return RETAINED;
            }
            return t.startsWith("eeprom") ? EEPROM : OTHER;
        }
    }

    public MacRetentionStatus {
        Objects.requireNonNull(trapEnabled, "trapEnabled");
        Objects.requireNonNull(eepromMac, "eepromMac");
        Objects.requireNonNull(currentMac, "currentMac");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(topologyStatus, "topologyStatus");
    }

    /**
     * Parses the output of {@code show mac-retention status}; fields may end with a comma as AOS prints
     * them, and unknown fields are ignored.
     *
     * @throws CliOutputException when a required field (admin state, both MACs, source) is missing or unreadable
     */
    public static MacRetentionStatus parse(String output) {
        List<String> lines = ConsoleText.lines(output);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("ERROR")) {
                throw new CliOutputException(COMMAND, "the MAC retention fields", ConsoleText.quote(trimmed),
                        "This release may not have the command (AOS 8 virtual chassis always keep their MAC); "
                                + "check the release with `show microcode`.");
            }
            Matcher m = FIELD.matcher(line);
            if (m.matches()) {
                fields.putIfAbsent(m.group(1).replaceAll("\\s+", " ").toLowerCase(Locale.ROOT), m.group(2));
            }
        }
        List<String> missing = new ArrayList<>();
        String admin = required(fields, "admin state", missing);
        String eeprom = required(fields, "eeprom mac address", missing);
        String current = required(fields, "current mac address", missing);
        String source = required(fields, "mac address source", missing);
        if (!missing.isEmpty()) {
            throw new CliOutputException(COMMAND,
                    "the fields Admin State, EEPROM MAC address, Current MAC address and MAC address source",
                    lines.isEmpty() ? "no output at all" : "no " + String.join(", no ", missing),
                    "The output looks truncated; run `show mac-retention status` again.");
        }
        return new MacRetentionStatus(enabled(admin, "Admin State"),
                Optional.ofNullable(fields.get("trap admin state")).map(v -> enabled(v, "Trap admin state")),
                mac(eeprom, "EEPROM MAC address"), mac(current, "Current MAC address"), Source.of(source),
                Optional.ofNullable(fields.get("topology status")).filter(s -> !s.isEmpty()));
    }

    private static String required(Map<String, String> fields, String name, List<String> missing) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            missing.add("'" + name + "'");
        }
        return value;
    }

    private static boolean enabled(String value, String field) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.startsWith("enable")) {
            return true;
        }
        if (v.startsWith("disable")) {
            return false;
        }
        throw new CliOutputException(COMMAND, field + " Enabled or Disabled", "'" + value + "'",
                "The output looks garbled; run `show mac-retention status` again.");
    }

    private static String mac(String value, String field) {
        if (!MAC.matcher(value).matches()) {
            throw new CliOutputException(COMMAND, field + " like e8:e7:32:69:2e:9c", "'" + value + "'",
                    "The output looks truncated or garbled; run `show mac-retention status` again.");
        }
        return value.toLowerCase(Locale.ROOT).replace('-', ':');
    }

    /** True when the stack uses a MAC other than the one in its current master's EEPROM. */
    public boolean usesForeignMac() {
        return !eepromMac.equals(currentMac);
    }
}
