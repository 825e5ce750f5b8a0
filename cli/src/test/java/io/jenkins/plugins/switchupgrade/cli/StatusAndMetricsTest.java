package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against the lab's real Prometheus: what plan and run say when nothing matches, their JSON output, the round's
 * metrics file (checked by promtool and parsed here), and {@code status} before and after a round.
 */
class StatusAndMetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)\\} (\\S+)$");
    private static Fabric fabric;
    @TempDir
    Path dir;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(3).spines(2).alertmanager(true).rebootTime(Duration.ofMillis(1000))
                .convergeTime(Duration.ofMillis(300)).build().start();
    }

    @AfterAll
    static void stopFabric() {
        if (fabric != null) {
            fabric.close();
        }
    }

    /** The lab's own count of the switches of {@code role} running {@code version}. */
    private static long labCount(String role, String version) {
        return fabric.switches().stream().filter(s -> s.role().equals(role))
                .filter(s -> fabric.get(s.name()).version().equals(version)).count();
    }

    private static long labCountNot(String version) {
        return fabric.switches().stream().filter(s -> !fabric.get(s.name()).version().equals(version)).count();
    }

    private LabRun run(Path reportDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(LabRun.baseFlags(fabric, reportDir));
        args.addAll(List.of(extra));
        return LabRun.run(fabric, reportDir, args);
    }

    private String[] cli(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), Map.of(), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void aTypoInTheFromVersionSaysWhatWasSeenAndCanFailTheJob() {
        String seen = "leaf: 5.9.1 x" + labCount("leaf", "5.9.1");
        LabRun typo = run(dir, "--from-version", "5.9.l");
        assertEquals(0, typo.code, typo.log());
        assertEquals("nothing-to-do", typo.status(), typo.log());
        assertTrue(typo.out.contains("Seen in lab1: " + seen), typo.log());
        assertTrue(typo.out.contains("spine: 5.9.1 x" + labCount("spine", "5.9.1")), typo.log());
        LabRun failing = run(dir, "--from-version", "5.9.l", "--fail-if-nothing-to-do");
        assertEquals(1, failing.code, failing.log());
        failing.assertNothingDisrupted();

        String[] plan = cli("plan", "--prometheus", fabric.prometheus().url(), "--datacenter", "lab1", "--role", "leaf",
                "--from-version", "5.9.l", "--report-dir", dir.toString());
        assertEquals("0", plan[0], plan[1] + plan[2]);
        assertTrue(plan[1].contains("Nothing to do") && plan[1].contains("Seen in lab1: " + seen), plan[1]);
        plan = cli("plan", "--prometheus", fabric.prometheus().url(), "--datacenter", "lab1", "--role", "leaf",
                "--from-version", "5.9.l", "--report-dir", dir.toString(), "--fail-if-nothing-to-do");
        assertEquals("1", plan[0], plan[1] + plan[2]);
    }

    @Test
    void planAsJsonIsOneDocumentOnStdout() {
        String[] plan = cli("plan", "--prometheus", fabric.prometheus().url(), "--datacenter", "lab1", "--role",
                "spine", "--from-version", "5.9.l", "--report-dir", dir.toString(), "--output", "json");
        assertEquals("0", plan[0], plan[1] + plan[2]);
        Map<String, Object> json = Json.parseObject(plan[1], "plan --output json");
        @SuppressWarnings("unchecked")
        Map<String, Object> pick = (Map<String, Object>) json.get("pick");
        assertEquals(true, pick.get("nothingToDo"), plan[1]);
        @SuppressWarnings("unchecked")
        Map<String, Object> versions = (Map<String, Object>) json.get("versions");
        assertEquals(Map.of("5.9.1", labCount("spine", "5.9.1")), numbers(versions.get("spine")), plan[1]);
        assertTrue(plan[2].contains("Nothing to do"), "the progress goes to stderr: " + plan[2]);
    }

    @Test
    void aRoundWritesItsMetricsAndStatusMeasuresItsPace() throws Exception {
        Path before = dir.resolve("no-round-yet");
        Map<String, Object> status = status(before, "--to-version", "5.10.0");
        long left = labCountNot("5.10.0");
        assertEquals(left, ((Number) map(status.get("left")).get("switches")).longValue(), status.toString());
        assertEquals(15 * 60.0, ((Number) status.get("secondsPerSwitch")).doubleValue(), status.toString());
        assertEquals(left * 15 * 60, ((Number) status.get("secondsLeft")).longValue(), status.toString());

        Path reportDir = dir.resolve("round");
        Path metrics = dir.resolve("textfile").resolve("switch-upgrade.prom");
        LabRun round = run(reportDir, "--max-switches", "2", "--output", "json", "--metrics-file", metrics.toString());
        assertEquals(0, round.code, round.log());
        // --output json: the report on stdout, the progress on stderr
        Map<String, Object> json = Json.parseObject(round.out, "run --output json");
        assertEquals(round.report(), json);
        assertEquals(2L, ((Number) json.get("upgraded")).longValue(), round.log());
        assertTrue(round.err.contains("[2/2] "), round.log());

        promtoolAccepts(metrics);
        Map<String, Double> samples = samples(metrics);
        assertEquals(2.0, samples.get("switch_upgrade_switches{datacenter=lab1,outcome=upgraded,role=leaf}"),
                samples.toString());
        assertEquals(0.0, samples.get("switch_upgrade_switches{datacenter=lab1,outcome=failed,role=leaf}"));
        assertEquals((double) labCount("leaf", "5.9.1"),
                samples.get("switch_upgrade_remaining{datacenter=lab1,from_version=5.9.1,role=leaf}"), samples.toString());
        assertEquals(1.0, samples.get("switch_upgrade_round_status{datacenter=lab1,role=leaf,status=completed}"));
        assertEquals(epoch(json.get("startedAt")),
                samples.get("switch_upgrade_round_start_timestamp_seconds{datacenter=lab1,role=leaf}"), 0.001);
        assertEquals(epoch(json.get("endedAt")),
                samples.get("switch_upgrade_round_end_timestamp_seconds{datacenter=lab1,role=leaf}"), 0.001);
        double lastSuccess = samples.get("switch_upgrade_last_success_timestamp_seconds{datacenter=lab1,role=leaf}");
        assertTrue(lastSuccess > epoch(json.get("startedAt")) && lastSuccess <= epoch(json.get("endedAt")),
                samples.toString());
        assertEquals(List.of(), leftovers(metrics.getParent()), "only the .prom file stays beside it");

        // a spine round that upgrades nothing adds its own series and keeps the leaves' and their last success
        LabRun spines = run(dir.resolve("spines"), "--role", "spine", "--exclude", "spine-s1-pod1",
                "--exclude", "spine-s2-pod1", "--metrics-file", metrics.toString());
        assertEquals(0, spines.code, spines.log());
        promtoolAccepts(metrics);
        Map<String, Double> after = samples(metrics);
        assertEquals(1.0, after.get("switch_upgrade_round_status{datacenter=lab1,role=spine,status=nothing-to-do}"));
        assertEquals(2.0, after.get("switch_upgrade_switches{datacenter=lab1,outcome=upgraded,role=leaf}"));
        assertEquals(lastSuccess, after.get("switch_upgrade_last_success_timestamp_seconds{datacenter=lab1,role=leaf}"));
        assertFalse(after.containsKey("switch_upgrade_last_success_timestamp_seconds{datacenter=lab1,role=spine}"));

        // status now measures the pace from the round's report and counts what is left
        Map<String, Object> measured = status(reportDir, "--to-version", "5.10.0");
        Map<String, Object> report = round.report();
        double perSwitch = Duration.between(Instant.parse((String) report.get("startedAt")),
                Instant.parse((String) report.get("endedAt"))).toMillis() / 1000.0 / 2;
        assertEquals(perSwitch, ((Number) measured.get("secondsPerSwitch")).doubleValue(), 0.01, measured.toString());
        long leftNow = labCountNot("5.10.0");
        assertEquals(left - 2, leftNow);
        assertEquals(leftNow, ((Number) map(measured.get("left")).get("switches")).longValue(), measured.toString());
        assertEquals((long) (leftNow * perSwitch), ((Number) measured.get("secondsLeft")).longValue(), 1.0);
        // the text form: versions by role and rack, what is left, and the pace's source
        String[] text = cli("status", "--prometheus", fabric.prometheus().url(), "--datacenter", "lab1",
                "--report-dir", reportDir.toString());
        assertEquals("0", text[0], text[1] + text[2]);
        assertTrue(text[1].contains("leaf: 5.9.1 x" + labCount("leaf", "5.9.1") + ", 5.10.0 x2"), text[1]);
        for (LabSwitch s : fabric.switches()) {
            assertTrue(text[1].contains(s.name() + " " + fabric.get(s.name()).version()), s.name() + "\n" + text[1]);
        }
        assertTrue(text[1].contains("pod 1 rack 1: "), text[1]);
        assertTrue(text[1].contains("Left: " + leftNow + " switch(es) not on 5.10.0, the newest version seen"), text[1]);
        assertTrue(text[1].contains("measured over the 2 switch(es)"), text[1]);
    }

    private Map<String, Object> status(Path reportDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("status", "--prometheus", fabric.prometheus().url(),
                "--datacenter", "lab1", "--report-dir", reportDir.toString(), "--output", "json"));
        args.addAll(List.of(extra));
        String[] result = cli(args.toArray(String[]::new));
        assertEquals("0", result[0], result[1] + result[2]);
        return Json.parseObject(result[1], "status --output json");
    }

    private static void promtoolAccepts(Path metrics) throws IOException, InterruptedException {
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true)
                .redirectInput(metrics.toFile()).start();
        String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, promtool.exitValue(), said + "\n" + Files.readString(metrics));
    }

    /** Every sample of a text-format file, keyed {@code name{label=value,...}} with the labels in name order. */
    private static Map<String, Double> samples(Path file) throws IOException {
        Map<String, Double> samples = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line: " + line);
            List<String> labels = new ArrayList<>();
            for (String pair : m.group(2).split(",")) {
                String[] kv = pair.split("=", 2);
                assertTrue(kv[1].startsWith("\"") && kv[1].endsWith("\""), line);
                labels.add(kv[0] + "=" + kv[1].substring(1, kv[1].length() - 1));
            }
            labels.sort(String::compareTo);
            assertNotNull(samples.put(m.group(1) + "{" + String.join(",", labels) + "}", Double.parseDouble(m.group(3)))
                    == null ? "" : null, "duplicate series: " + line);
        }
        return samples;
    }

    private static List<String> leftovers(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".prom")).toList();
        }
    }

    private static double epoch(Object iso) {
        return Instant.parse((String) iso).toEpochMilli() / 1000.0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, Long> numbers(Object value) {
        Map<String, Long> numbers = new HashMap<>();
        map(value).forEach((k, v) -> numbers.put(k, ((Number) v).longValue()));
        return numbers;
    }
}
