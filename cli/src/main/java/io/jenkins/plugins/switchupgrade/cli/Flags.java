package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.campaign.MaintenanceWindows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks of flag values that picocli's types do not express: ranges, and required flags, which are collected and
 * reported all at once (picocli's own required check would stop at the environment defaults' door and name the
 * flags without an example).
 */
final class Flags {
    private final List<String> missing = new ArrayList<>();

    /** Notes {@code flag} as missing when {@code value} is null or blank; {@code example} shows a value. */
    Flags require(Object value, String flag, String example) {
        if (value == null || value.toString().isBlank()) {
            missing.add(flag + " is required, e.g. " + flag + " " + example);
        }
        return this;
    }

    /** Notes a missing flag whose requirement is said in {@code message}. */
    Flags requireThat(boolean present, String message) {
        if (!present) {
            missing.add(message);
        }
        return this;
    }

    /** Throws one {@link UsageException} naming every missing flag. */
    void check(String command) {
        if (missing.isEmpty()) {
            return;
        }
        if (missing.size() == 1) {
            throw new UsageException(missing.get(0) + " (see 'switch-upgrade " + command + " --help')");
        }
        throw new UsageException(missing.size() + " required flags are missing:\n  " + String.join("\n  ", missing)
                + "\n(see 'switch-upgrade " + command + " --help'; each can also come from its SWITCH_UPGRADE_* "
                + "environment variable)");
    }

    /** {@code value} itself, or a {@link UsageException} when it lies outside {@code min..max}; null stays null. */
    static Integer within(String flag, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new UsageException(flag + " must be within " + min + ".." + max + ", was " + value);
        }
        return value;
    }

    static Double within(String flag, Double value, double min, double max) {
        if (value != null && !(value >= min && value <= max)) {
            throw new UsageException(flag + " must be within " + format(min) + ".." + format(max) + ", was "
                    + format(value));
        }
        return value;
    }

    /** The {@code --window} values of {@code run} and {@code plan --campaign}; a bad one is a usage error. */
    static MaintenanceWindows windows(List<String> windows) {
        try {
            return MaintenanceWindows.parse(windows);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--window: " + e.getMessage());
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%s", value);
    }
}
