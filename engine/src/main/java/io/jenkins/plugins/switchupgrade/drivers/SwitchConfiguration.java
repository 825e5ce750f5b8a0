package io.jenkins.plugins.switchupgrade.drivers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A switch's configuration as read for evidence: its format ({@code nvue-json}, {@code files}, {@code aos-files})
 * and each source (a command or a file) with its text, in reading order.
 */
public record SwitchConfiguration(String format, Map<String, String> sources) {
    public SwitchConfiguration {
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }
}
