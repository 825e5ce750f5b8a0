package io.jenkins.plugins.switchupgrade.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Derives role, pod, rack and rack position from a switch name such as the seed's {@code leaf-r32-p1-pod1}.
 * Patterns are regular expressions with the named groups {@code role}, {@code pod}, {@code rack} and
 * {@code position} (each optional); the first pattern that matches the whole name wins.
 */
public final class SwitchNaming {
    /** {@code leaf-r<rack>-p<position>-pod<pod>} and {@code spine-s<n>-pod<pod>}. */
    public static final List<String> DEFAULT_PATTERNS = List.of(
            "(?<role>leaf)-r(?<rack>\\d+)-p(?<position>[12])-pod(?<pod>\\d+)",
            "(?<role>spine)-s\\d+-pod(?<pod>\\d+)");

    /** What a name says about a switch; empty strings where the pattern has no such group. */
    public record Parts(String role, String pod, String rack, int position) {
    }

    private final List<Pattern> patterns;

    public SwitchNaming(List<String> patterns) {
        if (patterns == null || patterns.isEmpty()) {
            throw new IllegalArgumentException("switch naming needs at least one pattern, e.g. "
                    + DEFAULT_PATTERNS.get(0));
        }
        List<Pattern> compiled = new ArrayList<>();
        for (String pattern : patterns) {
            try {
                compiled.add(Pattern.compile(pattern));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("switch naming pattern '" + pattern + "' is not a valid regular "
                        + "expression: " + e.getDescription(), e);
            }
        }
        this.patterns = List.copyOf(compiled);
    }

    public static SwitchNaming defaults() {
        return new SwitchNaming(DEFAULT_PATTERNS);
    }

    public List<String> patterns() {
        return patterns.stream().map(Pattern::pattern).toList();
    }

    /** The parts of a name, or empty when no pattern matches it. */
    public Optional<Parts> parse(String name) {
        for (Pattern pattern : patterns) {
            Matcher matcher = pattern.matcher(name);
            if (matcher.matches()) {
                String position = group(matcher, "position");
                return Optional.of(new Parts(group(matcher, "role"), group(matcher, "pod"), group(matcher, "rack"),
                        position(position)));
            }
        }
        return Optional.empty();
    }

    /** A rack position as a number: 1 or 2, or 0 (unknown) for text that is not a small number. */
    public static int position(String text) {
        // a loop, not String.matches: that compiles a pattern per call, once per inventory row
        if (text == null || text.isEmpty() || text.length() > 3) {
            return 0;
        }
        int position = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            position = position * 10 + (c - '0');
        }
        return position;
    }

    private static String group(Matcher matcher, String group) {
        try {
            String value = matcher.group(group);
            return value == null ? "" : value;
        } catch (IllegalArgumentException noSuchGroup) {
            return "";
        }
    }
}
