package io.jenkins.plugins.switchupgrade.campaign;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jenkins.plugins.switchupgrade.alerts.FailureAlert;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real rounds against the lab, two racks at a time: one that upgrades its switches and one whose switch loses
 * BGP peers. Their report.html files are opened in headless Chromium and checked for what a person sees; the
 * failed switch has paged people through the lab's real Alertmanager.
 */
class RoundReportInBrowserTest {
    /** A zone far from UTC, with a half-hour offset, so that local times cannot pass for UTC by chance. */
    private static final String VIEWER_ZONE = "Asia/Kolkata";
    private static final String FAILING = "leaf-r3-p1-pod1";
    private static final Path SCREENSHOTS = Path.of("target", "report-screenshots");
    private static Fabric fabric;
    private static Path dir;
    private static RoundReport success;
    private static RoundReport failure;

    @BeforeAll
    static void runTwoRounds() throws IOException {
        dir = Files.createTempDirectory("report-in-browser");
        fabric = Fabric.builder().racks(5).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(1500))
                .convergeTime(Duration.ofMillis(300)).fault(FAILING, LabFault.parse("bgp-loss")).build().start();
        success = round(dir.resolve("success"), List.of("leaf-r1-p1-pod1", "leaf-r2-p1-pod1"));
        failure = round(dir.resolve("failure"), List.of(FAILING, "leaf-r4-p1-pod1"));
    }

    @AfterAll
    static void stopFabric() throws IOException {
        if (fabric != null) {
            fabric.close();
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A round of position-1 leaves that touches only {@code only}, two racks at a time. */
    private static RoundReport round(Path reportDir, List<String> only) {
        List<String> exclude = LabRounds.allBut(fabric, only);
        StepContext context = LabRounds.context(fabric, reportDir, "browser-test #1").build();
        return new UpgradeRound(context).run(new RoundOptions(fabric.settings().datacenter(), Role.LEAF,
                fabric.settings().fromVersion(), fabric.settings().toVersion(), null, 0, 2, 7L,
                Duration.ofMinutes(10), Duration.ofSeconds(4), exclude));
    }

    @Test
    void theRoundsEndedAsTheLabWasSetUp() {
        assertEquals(RoundReport.Status.COMPLETED, success.status(), success.reason());
        assertEquals(2, success.count(SwitchResult.Outcome.UPGRADED));
        assertEquals(RoundReport.Status.ABORTED, failure.status(), failure.reason());
        assertEquals(List.of(FAILING), failure.switches().stream()
                .filter(s -> s.outcome() == SwitchResult.Outcome.FAILED).map(SwitchResult::name).toList());
    }

    @Test
    void theFailedSwitchPagedPeopleThroughAlertmanager() throws Exception {
        List<JsonObject> alerts = firingFailureAlerts(FAILING);
        assertEquals(1, alerts.size(), alerts.toString());
        JsonObject labels = alerts.get(0).getAsJsonObject("labels");
        assertEquals(FailureAlert.ALERT_NAME, labels.get("alertname").getAsString());
        assertEquals(fabric.settings().datacenter(), labels.get("datacenter").getAsString());
        assertEquals("browser-test #1", labels.get("round").getAsString());
        JsonObject annotations = alerts.get(0).getAsJsonObject("annotations");
        assertTrue(annotations.get("reason").getAsString().contains("bgp_peer_status"), annotations.toString());
        assertTrue(annotations.get("action").getAsString().contains("switch-upgrade ack --datacenter "
                + fabric.settings().datacenter() + " --switch " + FAILING), annotations.toString());
        assertEquals(List.of(), firingFailureAlerts("leaf-r4-p1-pod1"), "the switch upgraded beside it paged nobody");
    }

    @Test
    void theSuccessReportShowsParallelBarsAndLocalTimesInABrowser() throws IOException {
        HeadlessChromium chromium = HeadlessChromium.installed(dir);
        Path page = dir.resolve("success/report.html");

        HeadlessChromium.Run run = chromium.dumpDom(page, VIEWER_ZONE);
        chromium.screenshot(page, VIEWER_ZONE, SCREENSHOTS.resolve("success.png"));

        assertScriptRanWithoutError(run);
        List<double[]> bars = new ArrayList<>();
        for (String name : List.of("leaf-r1-p1-pod1", "leaf-r2-p1-pod1")) {
            String bar = element(run.dom(), "<g class=\"bar\" data-switch=\"" + name + "\"", "</g>");
            for (String phase : List.of("validate", "disruption-sent", "down", "up", "settle")) {
                assertTrue(bar.contains("data-phase=\"" + phase + "\""), name + " has no " + phase + ": " + bar);
            }
            bars.add(extent(bar));
        }
        assertTrue(bars.get(0)[0] < bars.get(1)[1] && bars.get(1)[0] < bars.get(0)[1],
                "the two racks were upgraded at the same time, so their bars overlap: " + bars.get(0)[0] + ".."
                        + bars.get(0)[1] + " and " + bars.get(1)[0] + ".." + bars.get(1)[1]);
        assertLocalTimes(run.dom());
        assertPng(SCREENSHOTS.resolve("success.png"));
    }

    @Test
    void theFailureReportPutsTheFailedSwitchFirstInABrowser() throws IOException {
        HeadlessChromium chromium = HeadlessChromium.installed(dir);
        Path page = dir.resolve("failure/report.html");

        HeadlessChromium.Run run = chromium.dumpDom(page, VIEWER_ZONE);
        chromium.screenshot(page, VIEWER_ZONE, SCREENSHOTS.resolve("failure.png"));

        assertScriptRanWithoutError(run);
        String dom = run.dom();
        int next = dom.indexOf("<section class=\"next\" id=\"failed\" data-switch=\"" + FAILING + "\">");
        assertTrue(next > 0, dom);
        assertTrue(next < dom.indexOf("<svg"), "what to do about " + FAILING + " comes before the timeline");
        String section = element(dom, "<section class=\"next\" id=\"failed\"", "</section>");
        assertTrue(section.contains("bgp_peer_status"), section);
        assertTrue(section.contains("<b>expired</b>"), "the round expired the failed switch's silence: " + section);
        assertTrue(section.contains("switch-upgrade ack --datacenter " + fabric.settings().datacenter() + " --switch "
                + FAILING + " --reason TEXT"), section);
        assertTrue(section.contains("href=\"" + fabric.alertmanager().url() + "/#/silences/"), section);
        assertTrue(section.contains("href=\"" + fabric.prometheus().url() + "/graph?g0.expr="), section);
        Matcher firstRow = Pattern.compile("<table class=\"switches\">.*?<tr data-switch=\"([^\"]+)\"", Pattern.DOTALL)
                .matcher(dom);
        assertTrue(firstRow.find(), dom);
        assertEquals(FAILING, firstRow.group(1), "the failed switch heads the table");
        assertTrue(element(dom, "<g class=\"bar\" data-switch=\"" + FAILING + "\"", "</g>")
                .contains("data-outcome=\"failed\""), dom);
        assertLocalTimes(dom);
        assertPng(SCREENSHOTS.resolve("failure.png"));
    }

    private static void assertScriptRanWithoutError(HeadlessChromium.Run run) {
        assertTrue(run.dom().contains("<html lang=\"en\" data-script=\"ok\">"),
                "the page's script marks the page only when it ran without error: "
                        + run.dom().substring(0, Math.min(300, run.dom().length())));
        assertFalse(run.log().contains("Uncaught"), "the browser saw a script error: " + run.log());
    }

    /** Every time element shows the viewer's local time, not the UTC fallback. */
    private static void assertLocalTimes(String dom) {
        Matcher times = Pattern.compile("<time datetime=\"[^\"]+\" data-epoch-ms=\"(\\d+)\"([^>]*)>([^<]*)</time>")
                .matcher(dom);
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.of(VIEWER_ZONE));
        int count = 0;
        while (times.find()) {
            count++;
            String local = clock.format(Instant.ofEpochMilli(Long.parseLong(times.group(1))));
            assertTrue(times.group(2).contains("data-local"), "not localised: " + times.group());
            assertTrue(times.group(3).contains(local), "expected " + local + " (" + VIEWER_ZONE + ") in "
                    + times.group());
            assertFalse(times.group(3).contains("UTC"), times.group());
        }
        assertTrue(count > 10, "the page shows its times in <time> elements; found " + count);
    }

    private static void assertPng(Path png) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 10_000, png + " is only " + bytes.length + " bytes");
        assertEquals(0x89, bytes[0] & 0xff);
        assertEquals("PNG", new String(bytes, 1, 3, StandardCharsets.US_ASCII));
    }

    private static String element(String dom, String start, String end) {
        int from = dom.indexOf(start);
        assertTrue(from >= 0, "no " + start + " in the page");
        return dom.substring(from, dom.indexOf(end, from));
    }

    /** The leftmost x and the rightmost x + width of a bar's segments. */
    private static double[] extent(String bar) {
        Matcher rect = Pattern.compile("x=\"([0-9.]+)\" y=\"[0-9.]+\" width=\"([0-9.]+)\"").matcher(bar);
        double left = Double.MAX_VALUE;
        double right = 0;
        while (rect.find()) {
            double x = Double.parseDouble(rect.group(1));
            left = Math.min(left, x);
            right = Math.max(right, x + Double.parseDouble(rect.group(2)));
        }
        return new double[] {left, right};
    }

    private static List<JsonObject> firingFailureAlerts(String switchName) throws Exception {
        String query = "filter=" + URLEncoder.encode("alertname=\"" + FailureAlert.ALERT_NAME + "\"",
                StandardCharsets.UTF_8) + "&filter=" + URLEncoder.encode("switch=\"" + switchName + "\"",
                StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(fabric.alertmanager().url() + "/api/v2/alerts?" + query)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonObject> alerts = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(response.body()).getAsJsonArray()) {
            alerts.add(e.getAsJsonObject());
        }
        return alerts;
    }
}
