package io.jenkins.plugins.switchupgrade.campaign;

import java.util.List;

/**
 * Whether a round saves each switch's configuration before the disruption and proves it restored after the
 * return, and which configuration keys (regular expressions) may differ.
 */
public record ConfigCheck(boolean enabled, List<String> ignoredKeys) {
    public ConfigCheck {
        ignoredKeys = ignoredKeys == null || ignoredKeys.isEmpty() ? ConfigEvidence.DEFAULT_IGNORED
                : List.copyOf(ignoredKeys);
        new ConfigEvidence(ignoredKeys); // refuses a pattern that does not compile, before anything is touched
    }

    /** One pattern per non-blank line, as the Jenkins configuration holds them; none: the defaults. */
    public static ConfigCheck parseLines(boolean enabled, String lines) {
        return new ConfigCheck(enabled, lines == null ? null
                : lines.lines().map(String::trim).filter(l -> !l.isEmpty()).toList());
    }

    public static ConfigCheck off() {
        return new ConfigCheck(false, null);
    }

    public static ConfigCheck on() {
        return new ConfigCheck(true, null);
    }
}
