package io.jenkins.plugins.switchupgrade.alerts;

import io.jenkins.plugins.switchupgrade.metrics.PromQl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Which alerts a disrupted switch's silences mute: one or more silences, each a set of Alertmanager matchers that
 * must all match, written like {@code instance=~"{switch}(:\d+)?"} or {@code alertname="BGPPeerDown",peer="{switch}"}.
 * {@code {switch}} stands for the switch name, inserted literally (regex-escaped in {@code =~} matchers), and every
 * silence must tie itself to the switch, so that no configuration can mute the alerts of the whole fleet.
 */
public final class SilenceMatchers {
    /** The placeholder replaced by the switch name. */
    public static final String SWITCH = "{switch}";
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    // names that a silence tied to "leaf-r1-p1-pod1" must not mute: a longer name, a name ending in it
    private static final String SAMPLE = "leaf-r1-p1-pod1";
    private static final List<String> NEIGHBOURS = List.of(SAMPLE + "0", SAMPLE + "-b", "x" + SAMPLE, "");

    private final List<MatcherSet> silences;

    /** One Alertmanager matcher with {@code {switch}} in its value: {@code =}, {@code !=}, {@code =~}, {@code !~}. */
    public record Matcher(String label, String value, boolean isRegex, boolean isEqual) {
        public Matcher {
            if (label == null || !LABEL_NAME.matcher(label).matches()) {
                throw new IllegalArgumentException("'" + label + "' is not a Prometheus label name "
                        + "([a-zA-Z_][a-zA-Z0-9_]*); a silence matcher reads like instance=~\"{switch}(:\\d+)?\"");
            }
            if (value == null) {
                throw new IllegalArgumentException("the silence matcher on label " + label + " needs a value");
            }
        }

        /** The value for {@code switchName}: literal in {@code =}/{@code !=}, regex-escaped in {@code =~}/{@code !~}. */
        public String valueFor(String switchName) {
            return value.replace(SWITCH, isRegex ? PromQl.regexLiteral(switchName) : switchName);
        }

        boolean namesTheSwitch() {
            return isEqual && value.contains(SWITCH);
        }

        /** The matcher as Alertmanager's v2 API takes it, for {@code switchName}. */
        public Map<String, Object> toApi(String switchName) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", label);
            m.put("value", valueFor(switchName));
            m.put("isRegex", isRegex);
            m.put("isEqual", isEqual);
            return m;
        }

        @Override
        public String toString() {
            String op = isEqual ? (isRegex ? "=~" : "=") : (isRegex ? "!~" : "!=");
            return label + op + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }

    /** The matchers of one silence; Alertmanager mutes an alert only when all of them match. */
    public record MatcherSet(List<Matcher> matchers) {
        public MatcherSet {
            matchers = List.copyOf(matchers);
            if (matchers.isEmpty()) {
                throw new IllegalArgumentException("a silence needs at least one matcher");
            }
        }

        @Override
        public String toString() {
            return matchers.stream().map(Matcher::toString).collect(Collectors.joining(","));
        }
    }

    private SilenceMatchers(List<MatcherSet> silences) {
        if (silences.isEmpty()) {
            throw new IllegalArgumentException("no silence matchers given; the default is instance=\"{switch}\"");
        }
        for (MatcherSet set : silences) {
            requireTiedToTheSwitch(set);
        }
        this.silences = List.copyOf(silences);
    }

    /** One silence, {@code instance="<switch>"}: what the engine did before matchers were configurable. */
    public static SilenceMatchers defaults() {
        return byLabel("instance");
    }

    /** One silence whose single matcher is {@code label="<switch>"}. */
    public static SilenceMatchers byLabel(String label) {
        return new SilenceMatchers(List.of(new MatcherSet(List.of(new Matcher(label, SWITCH, false, true)))));
    }

    /** The silences of these sets of matchers. */
    public static SilenceMatchers of(List<MatcherSet> silences) {
        return new SilenceMatchers(silences);
    }

    /**
     * Reads one silence per line (blank lines and {@code #} comments are skipped), each line one or more matchers
     * separated by commas, optionally in braces: {@code {alertname="BGPPeerDown", peer="{switch}"}}.
     */
    public static SilenceMatchers parse(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : (text == null ? "" : text).split("\\R")) {
            if (!line.isBlank() && !line.trim().startsWith("#")) {
                lines.add(line);
            }
        }
        return parse(lines);
    }

    /** Reads one silence per entry, as {@link #parse(String)} reads a line (e.g. repeated {@code --silence-matcher}). */
    public static SilenceMatchers parse(List<String> silences) {
        List<MatcherSet> sets = new ArrayList<>();
        for (String silence : silences) {
            sets.add(parseSet(silence));
        }
        return new SilenceMatchers(sets);
    }

    public List<MatcherSet> silences() {
        return silences;
    }

    /** The text {@link #parse(String)} reads back: one silence per line. */
    public String toText() {
        return silences.stream().map(MatcherSet::toString).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return silences.stream().map(s -> "{" + s + "}").collect(Collectors.joining(" "));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SilenceMatchers other && other.silences.equals(silences);
    }

    @Override
    public int hashCode() {
        return silences.hashCode();
    }

    private static void requireTiedToTheSwitch(MatcherSet set) {
        List<Matcher> naming = set.matchers().stream().filter(Matcher::namesTheSwitch).toList();
        if (naming.isEmpty()) {
            throw new IllegalArgumentException("the silence {" + set + "} does not name the switch: it would mute the "
                    + "alerts of every switch; give one matcher with = or =~ and " + SWITCH + " in its value, e.g. "
                    + "instance=~\"" + SWITCH + "(:\\d+)?\"");
        }
        for (Matcher m : set.matchers()) {
            if (!m.isRegex()) {
                continue;
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile(m.valueFor(SAMPLE));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("the silence matcher " + m + " is not a valid regular expression ("
                        + e.getDescription() + "); write it like instance=~\"" + SWITCH + "(:\\d+)?\"");
            }
            if (!m.namesTheSwitch()) {
                continue;
            }
            for (String other : NEIGHBOURS) {
                // Alertmanager anchors regex matchers, as matches() does
                if (pattern.matcher(other).matches()) {
                    throw new IllegalArgumentException("the silence matcher " + m + " would also mute alerts of '"
                            + (other.isEmpty() ? "(no " + m.label() + " label)" : other.replace(SAMPLE, "<switch>"))
                            + "' besides those of the switch; write what may follow the name explicitly, e.g. "
                            + m.label() + "=~\"" + SWITCH + "(:\\d+)?\"");
                }
            }
        }
    }

    private static MatcherSet parseSet(String text) {
        String s = text == null ? "" : text.trim();
        if (s.startsWith("{") && s.endsWith("}")) {
            s = s.substring(1, s.length() - 1).trim();
        }
        List<Matcher> matchers = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            String label = s.substring(start, i);
            i = skipSpaces(s, i);
            String op = s.startsWith("=~", i) ? "=~" : s.startsWith("!~", i) ? "!~" : s.startsWith("!=", i) ? "!="
                    : s.startsWith("=", i) ? "=" : null;
            if (label.isEmpty() || op == null) {
                throw syntax(text, "expected a label and =, !=, =~ or !~ at position " + (i + 1));
            }
            i = skipSpaces(s, i + op.length());
            if (i >= s.length() || s.charAt(i) != '"') {
                throw syntax(text, "the value of " + label + " must be in double quotes");
            }
            StringBuilder value = new StringBuilder();
            i++;
            boolean closed = false;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    char next = s.charAt(i + 1);
                    // \" and \\ are escapes; any other backslash (\d, \.) belongs to the regular expression
                    value.append(next == '"' || next == '\\' ? String.valueOf(next) : "\\" + next);
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    closed = true;
                    i++;
                    break;
                }
                value.append(c);
                i++;
            }
            if (!closed) {
                throw syntax(text, "the value of " + label + " has no closing double quote");
            }
            matchers.add(new Matcher(label, value.toString(), op.contains("~"), !op.startsWith("!")));
            i = skipSpaces(s, i);
            if (i < s.length()) {
                if (s.charAt(i) != ',') {
                    throw syntax(text, "expected ',' between matchers at position " + (i + 1));
                }
                i = skipSpaces(s, i + 1);
            }
        }
        if (matchers.isEmpty()) {
            throw syntax(text, "no matcher");
        }
        return new MatcherSet(matchers);
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static IllegalArgumentException syntax(String text, String problem) {
        return new IllegalArgumentException("silence matchers '" + text + "': " + problem + "; write them like "
                + "instance=~\"" + SWITCH + "(:\\d+)?\" or alertname=\"BGPPeerDown\",peer=\"" + SWITCH + "\"");
    }
}
