package io.jenkins.plugins.switchupgrade.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages of {@code docs/plugin/} as the test's input: their fenced blocks (the Configuration as Code YAML, the
 * Jenkinsfiles) byte for byte, and the example column of the freestyle page's field table, so that what the
 * pages show is what runs.
 */
final class DocumentedSources {

    private final Path docs;

    DocumentedSources(Path docs) {
        this.docs = docs;
    }

    /** The pages where the build says they are ({@code switchupgrade.docs}), else {@code ../docs/plugin}. */
    static DocumentedSources ofThisProject() {
        String configured = System.getProperty("switchupgrade.docs");
        Path docs = configured != null ? Path.of(configured) : Path.of("..", "docs", "plugin");
        return new DocumentedSources(docs.toAbsolutePath().normalize());
    }

    String page(String name) {
        Path file = docs.resolve(name);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the documentation page " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first fenced block of {@code language} on the page, without its fences; fails when there is none. */
    String firstBlock(String pageName, String language) {
        Matcher block = Pattern.compile("```" + Pattern.quote(language) + "\n(.*?)```\n", Pattern.DOTALL)
                .matcher(page(pageName));
        if (!block.find()) {
            throw new AssertionError("docs/plugin/" + pageName + " has no ```" + language + " block; the end-to-end "
                    + "test runs what that page shows, so the page must show it");
        }
        return block.group(1);
    }

    /** The Configuration as Code YAML of {@code configuration.md}. */
    String configurationYaml() {
        return firstBlock("configuration.md", "yaml");
    }

    /** The Story A Jenkinsfile of {@code jenkinsfile-story-a.md}. */
    String storyAJenkinsfile() {
        return firstBlock("jenkinsfile-story-a.md", "groovy");
    }

    /** The Story B Jenkinsfile of {@code jenkinsfile-story-b.md}. */
    String storyBJenkinsfile() {
        return firstBlock("jenkinsfile-story-b.md", "groovy");
    }

    /**
     * The rows of the freestyle page's field table: field name (without "(advanced)") to its example column, with
     * the backquotes kept, e.g. {@code "Switches per build" -> "`1`"}.
     */
    Map<String, String> freestyleFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\s*\\|\\s*([^|]+?)\\s*\\|\\s*([^|]*?)\\s*\\|\\s*([^|]*?)\\s*\\|\\s*$")
                .matcher(page("freestyle.md"));
        while (row.find()) {
            String field = row.group(1).replace("(advanced)", "").trim();
            if (!field.equals("Field") && !field.startsWith("---")) {
                fields.put(field, row.group(2));
            }
        }
        if (fields.isEmpty()) {
            throw new AssertionError("docs/plugin/freestyle.md has no field table (| Field | Example | Meaning |)");
        }
        return fields;
    }

    /** The backquoted values of one example cell, in order: {@code "`60` min, `120` s"} gives 60 and 120. */
    static List<String> quoted(String cell) {
        List<String> values = new ArrayList<>();
        Matcher value = Pattern.compile("`([^`]*)`").matcher(cell);
        while (value.find()) {
            values.add(value.group(1));
        }
        return values;
    }

    /** The one backquoted value of the named field's example; fails when the page changed its shape. */
    String freestyleExample(String field, int index) {
        String cell = freestyleFields().get(field);
        if (cell == null) {
            throw new AssertionError("docs/plugin/freestyle.md has no field '" + field + "' in its table; fields: "
                    + freestyleFields().keySet());
        }
        List<String> values = quoted(cell);
        if (values.size() <= index) {
            throw new AssertionError("docs/plugin/freestyle.md: field '" + field + "' shows " + values
                    + ", not at least " + (index + 1) + " example value(s)");
        }
        return values.get(index);
    }

    /** The refusal message the freestyle page shows for a job without the lockable resource, line by line. */
    List<String> freestyleRefusal() {
        String block = firstBlock("freestyle.md", "");
        List<String> lines = new ArrayList<>();
        for (String line : block.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.trim());
            }
        }
        return lines;
    }

    /**
     * The YAML with the values of the named keys replaced: {@code key: value} lines (also list items,
     * {@code - key: value}) keep their indentation, a block scalar's lines go with its key. Every key must occur
     * exactly once, so that a page that renamed or dropped one fails here instead of running unreplaced.
     */
    static String replaceValues(String yaml, Map<String, String> values) {
        List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        Pattern keyLine = Pattern.compile("^(\\s*(?:-\\s+)?)([A-Za-z][A-Za-z0-9]*):(\\s*)(.*)$");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = keyLine.matcher(line);
            if (!m.matches() || !values.containsKey(m.group(2))) {
                out.add(line);
                continue;
            }
            String key = m.group(2);
            seen.merge(key, 1, Integer::sum);
            out.add(m.group(1) + key + ": " + values.get(key));
            if (m.group(4).matches("[|>][-+]?")) {
                int indent = indentOf(line);
                while (i + 1 < lines.size() && (lines.get(i + 1).isBlank() ? i + 2 < lines.size()
                        && indentOf(lines.get(i + 2)) > indent : indentOf(lines.get(i + 1)) > indent)) {
                    i++;
                }
            }
        }
        for (String key : values.keySet()) {
            int count = seen.getOrDefault(key, 0);
            if (count != 1) {
                throw new AssertionError("the YAML has the key '" + key + "' " + count + " times, expected once; "
                        + "the end-to-end test puts the lab's value there");
            }
        }
        return String.join("\n", out);
    }

    private static int indentOf(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }
}
