package io.jenkins.plugins.switchupgrade.campaign;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.jenkins.plugins.switchupgrade.drivers.SwitchConfiguration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A switch's configuration before the disruption and after its return, flattened to keys (NVUE JSON paths such as
 * {@code [1].set.interface.swp1.link.mtu}, or {@code file: line} for configuration files) and compared; keys the
 * site declares expected to change (timestamps, serials, the release in NVUE's header) are ignored.
 */
public final class ConfigEvidence {
    /** Keys that change with every re-provisioning and mean nothing: NVUE's header and anything time- or serial-like. */
    public static final List<String> DEFAULT_IGNORED = List.of("^\\[\\d+\\]\\.header\\..*",
            "(?i).*(timestamp|last[-_ ]?changed|serial[-_ ]?number|uptime).*");

    private final List<Pattern> ignored;

    public ConfigEvidence(List<String> ignoredKeys) {
        List<Pattern> patterns = new ArrayList<>();
        for (String regex : ignoredKeys == null ? DEFAULT_IGNORED : ignoredKeys) {
            try {
                patterns.add(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("the ignored configuration key '" + regex + "' is not a regular "
                        + "expression: " + e.getDescription(), e);
            }
        }
        this.ignored = List.copyOf(patterns);
    }

    /** One difference: the key, its value before and after (null: absent). */
    public record Difference(String key, String before, String after) {
        @Override
        public String toString() {
            return before == null ? "added " + key + " = " + after : after == null ? "removed " + key
                    : key + ": " + before + " -> " + after;
        }
    }

    /** The configuration as flat keys and values. */
    public static Map<String, String> flatten(SwitchConfiguration read) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Map.Entry<String, String> source : read.sources().entrySet()) {
            if (read.format().equals("nvue-json")) {
                try {
                    flattenJson("", JsonParser.parseString(source.getValue()), keys);
                } catch (JsonParseException e) {
                    keys.put(source.getKey(), "not JSON: " + e.getMessage());
                }
            } else {
                Map<String, Integer> counts = new LinkedHashMap<>();
                for (String line : source.getValue().lines().map(String::strip).toList()) {
                    if (!line.isEmpty() && !line.startsWith("#") && !line.equals("!")) {
                        // a line is its own key: configuration files are sets of statements, order aside
                        counts.merge(source.getKey() + ": " + line, 1, Integer::sum);
                    }
                }
                counts.forEach((key, count) -> keys.put(key, count == 1 ? "present" : "present x" + count));
            }
        }
        return keys;
    }

    private static void flattenJson(String path, JsonElement element, Map<String, String> keys) {
        if (element.isJsonObject()) {
            if (element.getAsJsonObject().isEmpty()) {
                keys.put(path, "{}");
            }
            element.getAsJsonObject().entrySet().forEach(e -> flattenJson(path.isEmpty() ? e.getKey()
                    : path + "." + e.getKey(), e.getValue(), keys));
        } else if (element.isJsonArray()) {
            for (int i = 0; i < element.getAsJsonArray().size(); i++) {
                flattenJson(path + "[" + i + "]", element.getAsJsonArray().get(i), keys);
            }
        } else {
            keys.put(path, element.isJsonNull() ? "null" : element.getAsString());
        }
    }

    /** The differences between before and after, except on ignored keys, in key order. */
    public List<Difference> compare(Map<String, String> before, Map<String, String> after) {
        List<Difference> differences = new ArrayList<>();
        TreeSet<String> all = new TreeSet<>(before.keySet());
        all.addAll(after.keySet());
        for (String key : all) {
            if (ignored.stream().anyMatch(p -> p.matcher(key).matches())) {
                continue;
            }
            String b = before.get(key);
            String a = after.get(key);
            if (b == null ? a != null : !b.equals(a)) {
                differences.add(new Difference(key, b, a));
            }
        }
        return differences;
    }

    /** The ignored key patterns, as given. */
    public List<String> ignoredKeys() {
        return ignored.stream().map(Pattern::pattern).toList();
    }
}
