package io.jenkins.plugins.switchupgrade.metrics;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Fills PromQL templates with label values so that no value can widen a query: every placeholder must stand
 * inside double quotes ({@code "${switch}"}), and every value is escaped for a PromQL string; values used
 * in regular-expression matchers are escaped for RE2 first.
 */
public final class PromQl {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z]+)}");
    private static final String RE2_META = "\\.+*?()|[]{}^$";

    private PromQl() {
    }

    /** Escapes a value for a double-quoted PromQL string: backslash, quote and control characters. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * The same selector with equality matchers added, when {@code query} is one plain series selector
     * ({@code name{...}}): Prometheus then looks up only the matching series instead of filtering all of them.
     * Empty when the query is anything else (an operator, a function, two selectors).
     */
    public static java.util.Optional<String> withMatchers(String query, Map<String, String> labels) {
        String q = query.trim();
        Matcher head = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*\\{").matcher(q);
        if (!head.find() || !q.endsWith("}")) {
            return java.util.Optional.empty();
        }
        boolean quoted = false;
        char quote = 0;
        for (int i = head.end(); i < q.length(); i++) {
            char c = q.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quoted = false;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quoted = true;
                quote = c;
            } else if (c == '{' || c == '}') {
                if (c == '}' && i == q.length() - 1) {
                    break;
                }
                return java.util.Optional.empty();
            }
        }
        if (quoted) {
            return java.util.Optional.empty();
        }
        StringBuilder added = new StringBuilder();
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!label.getKey().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw new IllegalArgumentException("'" + label.getKey() + "' is not a Prometheus label name");
            }
            added.append(added.length() == 0 ? "" : ",").append(label.getKey()).append("=\"")
                    .append(quote(label.getValue())).append('"');
        }
        String inside = q.substring(head.end(), q.length() - 1).trim();
        return java.util.Optional.of(q.substring(0, head.end()) + inside + (inside.isEmpty() || inside.endsWith(",")
                ? "" : ",") + added + "}");
    }

    /**
     * An expression with labels set to values, e.g. {@code labelled("vector(1)", {version: 5.9.1})} for a
     * one-series vector to match against with {@code and on(version)}; values are escaped, {@code $} included.
     */
    public static String labelled(String expression, Map<String, String> labels) {
        String result = expression;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!label.getKey().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw new IllegalArgumentException("'" + label.getKey() + "' is not a Prometheus label name");
            }
            // label_replace expands $1 in its replacement: a literal $ is written $$
            result = "label_replace(" + result + ", \"" + label.getKey() + "\", \""
                    + quote(label.getValue().replace("$", "$$")) + "\", \"\", \"\")";
        }
        return result;
    }

    /** Escapes a literal for an RE2 regular expression (PromQL's {@code =~}). */
    public static String regexLiteral(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (RE2_META.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** A regular expression matching exactly the given names, e.g. for {@code instance=~"${switches}"}. */
    public static String alternation(Collection<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a query for no switch would match none or, worse, all; give at least one");
        }
        return names.stream().map(PromQl::regexLiteral).collect(Collectors.joining("|"));
    }

    /**
     * Checks that every placeholder of a template stands inside double quotes, so that a filled value is always a
     * string literal. The error names the template and the placeholder.
     */
    public static void requireQuotedPlaceholders(String name, String template) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            boolean quotedBefore = matcher.start() > 0 && template.charAt(matcher.start() - 1) == '"';
            boolean quotedAfter = matcher.end() < template.length() && template.charAt(matcher.end()) == '"';
            if (!quotedBefore || !quotedAfter) {
                throw new IllegalArgumentException("query '" + name + "' uses " + matcher.group()
                        + " outside double quotes; write it as a label value, e.g. instance=~\"${switches}\"");
            }
        }
    }

    /**
     * Fills a template. Values are raw; they are escaped here. {@code ${switches}} takes a regex of names made by
     * {@link #alternation}, which is string-escaped like every other value.
     */
    public static String fill(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String key = matcher.group(1);
            String value = values.get(key);
            if (value == null) {
                throw new IllegalArgumentException("query template '" + template + "' needs a value for ${" + key
                        + "}; known here: " + values.keySet());
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(quote(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
