package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.campaign.RoundReport;
import io.jenkins.plugins.switchupgrade.campaign.SwitchResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --metrics-file}: a round's own metrics in the Prometheus text format, for the node exporter's textfile
 * collector. The file keeps the series of other datacenters and roles it already holds (one file can serve every
 * round of a host) and the last success of this one when the round had none; it is replaced atomically, so the
 * collector never reads half a file.
 */
final class RoundMetrics {
    static final String SWITCHES = "switch_upgrade_switches";
    static final String REMAINING = "switch_upgrade_remaining";
    static final String STATUS = "switch_upgrade_round_status";
    static final String STARTED = "switch_upgrade_round_start_timestamp_seconds";
    static final String ENDED = "switch_upgrade_round_end_timestamp_seconds";
    static final String LAST_SUCCESS = "switch_upgrade_last_success_timestamp_seconds";
    private static final Map<String, String> HELP = new LinkedHashMap<>();

    static {
        HELP.put(SWITCHES, "Switches of the last round by outcome (upgraded, failed, skipped, not-reached).");
        HELP.put(REMAINING, "Switches still on the round's from-version when the round ended.");
        HELP.put(STATUS, "1 for the status of the last round (completed, aborted, nothing-to-do).");
        HELP.put(STARTED, "When the last round started, in seconds since the epoch.");
        HELP.put(ENDED, "When the last round ended, in seconds since the epoch.");
        HELP.put(LAST_SUCCESS, "When a switch was last upgraded successfully, in seconds since the epoch.");
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)\\s*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample of the file. */
    record Series(String name, Map<String, String> labels, double value) {
        Series {
            labels = Map.copyOf(labels);
        }

        boolean of(String datacenter, String role) {
            return datacenter.equals(labels.get("datacenter")) && role.equals(labels.get("role"));
        }
    }

    private RoundMetrics() {
    }

    /** The series of {@code report}, {@code remaining} switches still on the from-version (null: unknown). */
    static List<Series> of(RoundReport report, Integer remaining) {
        List<Series> series = new ArrayList<>();
        for (SwitchResult.Outcome outcome : SwitchResult.Outcome.values()) {
            series.add(new Series(SWITCHES, labels(report, "outcome", outcome.wireName()), report.count(outcome)));
        }
        if (remaining != null) {
            series.add(new Series(REMAINING, labels(report, "from_version", report.fromVersion()), remaining));
        }
        for (RoundReport.Status status : RoundReport.Status.values()) {
            series.add(new Series(STATUS, labels(report, "status", status.wireName()),
                    status == report.status() ? 1 : 0));
        }
        series.add(new Series(STARTED, labels(report, null, null), seconds(report.startedAt())));
        series.add(new Series(ENDED, labels(report, null, null), seconds(report.endedAt())));
        lastSuccess(report).ifPresent(at -> series.add(new Series(LAST_SUCCESS, labels(report, null, null),
                seconds(at))));
        return series;
    }

    /** Writes {@code report}'s series into {@code file}, keeping what the file holds for other rounds. */
    static void write(Path file, RoundReport report, Integer remaining) {
        List<Series> previous = Files.exists(file) ? read(file) : List.of();
        List<Series> all = new ArrayList<>();
        for (Series s : previous) {
            if (!s.of(report.datacenter(), report.role())) {
                all.add(s);
            }
        }
        List<Series> ours = of(report, remaining);
        all.addAll(ours);
        if (ours.stream().noneMatch(s -> s.name().equals(LAST_SUCCESS))) {
            previous.stream().filter(s -> s.name().equals(LAST_SUCCESS) && s.of(report.datacenter(), report.role()))
                    .forEach(all::add);
        }
        writeAtomically(file, render(all));
    }

    /** The text format: HELP and TYPE once per metric, then its samples. */
    static String render(List<Series> series) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> metric : HELP.entrySet()) {
            List<Series> samples = series.stream().filter(s -> s.name().equals(metric.getKey())).toList();
            if (samples.isEmpty()) {
                continue;
            }
            text.append("# HELP ").append(metric.getKey()).append(' ').append(metric.getValue()).append('\n');
            text.append("# TYPE ").append(metric.getKey()).append(" gauge\n");
            for (Series s : samples) {
                text.append(s.name()).append('{');
                List<String> pairs = new ArrayList<>();
                s.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(e -> pairs.add(e.getKey() + "=\"" + escape(e.getValue()) + "\""));
                text.append(String.join(",", pairs)).append("} ").append(number(s.value())).append('\n');
            }
        }
        return text.toString();
    }

    /** The samples of a file this class wrote; other lines (comments, unknown metrics) are left out. */
    static List<Series> read(Path file) {
        List<Series> series = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher m = SAMPLE.matcher(line);
                if (line.startsWith("#") || !m.matches() || !HELP.containsKey(m.group(1))) {
                    continue;
                }
                Map<String, String> labels = new LinkedHashMap<>();
                Matcher l = LABEL.matcher(m.group(3) == null ? "" : m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), unescape(l.group(2)));
                }
                try {
                    series.add(new Series(m.group(1), labels, Double.parseDouble(m.group(4))));
                } catch (NumberFormatException e) {
                    // a value that is no number is not ours to keep
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the metrics file " + file + ": " + e.getMessage(), e);
        }
        return series;
    }

    private static Optional<Instant> lastSuccess(RoundReport report) {
        return report.switches().stream().filter(s -> s.outcome() == SwitchResult.Outcome.UPGRADED
                && s.endedAt() != null).map(SwitchResult::endedAt).max(Instant::compareTo);
    }

    private static Map<String, String> labels(RoundReport report, String key, String value) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("datacenter", report.datacenter());
        labels.put("role", report.role());
        if (key != null) {
            labels.put(key, value);
        }
        return labels;
    }

    private static double seconds(Instant at) {
        return at.toEpochMilli() / 1000.0;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String unescape(String value) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                text.append(next == 'n' ? '\n' : next);
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static void writeAtomically(Path file, String text) {
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            // the textfile collector reads only *.prom files, so the temporary file beside it is never read
            Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics file " + file + ": " + e.getMessage(), e);
        }
    }
}
