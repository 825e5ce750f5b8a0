package io.jenkins.plugins.switchupgrade.lab.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The device texts: what real switches print, one file per command and variant, under {@code fixtures/<platform>/}
 * beside this package (each README names its source). The drivers' parsers are tested on them and the lab's switch
 * CLIs answer with them, filling in their own values (addresses, releases, states) in the same layout.
 */
public final class DeviceTexts {

    private static final String ROOT = "/io/jenkins/plugins/switchupgrade/lab/fixtures/";
    private static final Pattern FIELD = Pattern.compile("^(\\s*)([A-Za-z][A-Za-z/ ]*?)(\\s*:\\s*)(.*?)(,?)\\s*$");

    private DeviceTexts() {
    }

    /** The text of {@code fixtures/<platform>/<name>}, as stored (line ends included). */
    public static String read(String platform, String name) {
        String path = ROOT + platform + "/" + name;
        try (InputStream in = DeviceTexts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("No device text " + path + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of a text, LF or CR LF ended. */
    static List<String> lines(String text) {
        return List.of(text.replace("\r\n", "\n").split("\n", -1));
    }

    /**
     * The text with the values of its {@code Name : value,} lines replaced by {@code values} (by name, case as
     * printed), keeping the layout and the trailing commas; a name mapped to null drops its line.
     */
    static String withFields(String text, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        List<String> lines = lines(text);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = FIELD.matcher(line);
            if (m.matches() && values.containsKey(m.group(2))) {
                String value = values.get(m.group(2));
                if (value == null) {
                    continue;
                }
                line = m.group(1) + m.group(2) + m.group(3) + value + m.group(5);
            }
            out.append(line);
            if (i < lines.size() - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /**
     * A table as a device text prints it: the lines up to its dashed rule (title, header), and where each column's
     * values start in its first row, so that the lab prints rows of its own values in exactly that layout.
     */
    static final class Table {
        private final List<String> head;
        private final int[] starts;

        private Table(List<String> head, int[] starts) {
            this.head = head;
            this.starts = starts;
        }

        /** Reads the layout from a device text whose rule is made of {@code -} and {@code +} (AOS) or only {@code -}. */
        static Table of(String text) {
            List<String> lines = lines(text);
            int rule = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches("^\\s*-[-+ ]*-\\s*$")) {
                    rule = i;
                    break;
                }
            }
            if (rule < 0 || rule + 1 >= lines.size()) {
                throw new IllegalArgumentException("a device table needs a dashed rule and a row after it");
            }
            String row = lines.get(rule + 1);
            List<Integer> tokens = new ArrayList<>();
            Matcher token = Pattern.compile("\\S+").matcher(row);
            while (token.find()) {
                tokens.add(token.start());
            }
            List<Integer> starts = new ArrayList<>();
            String rules = lines.get(rule);
            if (rules.indexOf('+') >= 0) {
                // a column's value starts at the first word at or after its '+' (devices let a value touch it)
                List<Integer> bounds = new ArrayList<>(List.of(0));
                for (int i = 0; i < rules.length(); i++) {
                    if (rules.charAt(i) == '+') {
                        bounds.add(i);
                    }
                }
                for (int bound : bounds) {
                    tokens.stream().filter(t -> t >= bound).findFirst().ifPresent(starts::add);
                }
            } else {
                // no column marks: every value is separated from the next by two blanks or more
                Matcher m = Pattern.compile("(?<=^|\\s{2})\\S").matcher(row);
                while (m.find()) {
                    starts.add(m.start());
                }
            }
            return new Table(lines.subList(0, rule + 1), starts.stream().mapToInt(Integer::intValue).toArray());
        }

        /** The title and header lines and the rule, each ended by a line break. */
        String head() {
            return String.join("\n", head) + "\n";
        }

        /** One row of {@code values} placed where the device text's row puts them, ended by a line break. */
        String row(Object... values) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < values.length; i++) {
                int at = i < starts.length ? starts[i] : out.length() + 1;
                if (out.length() >= at && out.length() > 0) {
                    out.append(' ');
                }
                while (out.length() < at) {
                    out.append(' ');
                }
                out.append(values[i]);
            }
            return out.toString().stripTrailing() + "\n";
        }
    }
}
