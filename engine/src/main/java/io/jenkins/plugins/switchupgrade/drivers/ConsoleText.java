package io.jenkins.plugins.switchupgrade.drivers;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns what an interactive switch session (AOS, IOS) printed into plain lines: terminal escape sequences,
 * backspaces, carriage returns and pager marks are removed, so parsers see what a person reads.
 */
public final class ConsoleText {

    private static final Pattern CSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]");
    private static final Pattern OSC = Pattern.compile("\u001B\\][^\u0007\u001B]*(\u0007|\u001B\\\\)");
    private static final Pattern TWO_CHAR_ESCAPE = Pattern.compile("\u001B[@-Z\\\\-_]");
    private static final Pattern PAGER = Pattern.compile("-+\\s*More\\s*-+", Pattern.CASE_INSENSITIVE);
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\n|\r");

    private ConsoleText() {
    }

    /** The lines of {@code raw}, cleaned, right-trimmed; never null. */
    public static List<String> lines(String raw) {
        List<String> lines = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return lines;
        }
        String text = withoutEscapes(raw);
        for (String line : LINE_BREAK.split(text, -1)) {
            lines.add(clean(line));
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** One line without escape sequences, control characters and trailing blanks. */
    public static String line(String raw) {
        return raw == null ? "" : clean(withoutEscapes(raw).replace('\r', ' ').replace('\n', ' '));
    }

    private static String withoutEscapes(String raw) {
        String text = OSC.matcher(raw).replaceAll("");
        text = CSI.matcher(text).replaceAll("");
        return TWO_CHAR_ESCAPE.matcher(text).replaceAll("");
    }

    private static String clean(String line) {
        StringBuilder out = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\b') {
                if (out.length() > 0) {
                    out.setLength(out.length() - 1);
                }
            } else if (c == '\t') {
                out.append(' ');
            } else if (c >= ' ' && c != '\u007F') {
                out.append(c);
            }
        }
        String cleaned = PAGER.matcher(out).replaceAll("");
        return cleaned.stripTrailing();
    }

    /** Shortens a line for an error message. */
    public static String quote(String line) {
        String shown = line.length() > 120 ? line.substring(0, 117) + "..." : line;
        return "'" + shown + "'";
    }
}
