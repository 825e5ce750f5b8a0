package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.ListedSilence;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code switch-upgrade run} against the lab: the live gates, the skip bound and the checks of local input that
 * stop a round before anything is silenced, each proven from the exit code, the report and the command record.
 */
class GatesCliTest {
    private static final String SECRET = "Pa55-w0rd-x";
    private static Fabric fabric;
    @TempDir
    Path reportDir;
    @TempDir
    static Path keys;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(3).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(1000))
                .convergeTime(Duration.ofMillis(300)).build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    @AfterEach
    void expireSilences() {
        AlertSilencer silencer = AlertSilencer.builder(fabric.alertmanager().url()).build();
        silencer.activeSilences().forEach(s -> silencer.expire(s.id()));
    }

    private LabRun round(List<String> extra) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(LabRun.baseFlags(fabric, reportDir));
        args.addAll(List.of("--position", "1", "--max-switches", "1", "--seed", "5"));
        args.addAll(extra);
        return LabRun.run(fabric, reportDir, args);
    }

    private static List<ListedSilence> activeSilences() {
        return AlertSilencer.builder(fabric.alertmanager().url()).build().activeSilences();
    }

    /** Nothing reached any switch: no command at all was recorded during the run, and nothing was silenced. */
    private static void assertUntouched(LabRun run) {
        assertTrue(run.commands().isEmpty(), "no switch was asked anything\n" + run.log());
        assertEquals(List.of(), activeSilences(), run.log());
    }

    private static void assertNoStackTrace(LabRun run) {
        assertFalse(run.err.contains("\tat ") || run.out.contains("\tat "), "no stack trace\n" + run.log());
        assertFalse(run.err.contains("Exception"), "no Java exception name\n" + run.log());
    }

    @Test
    void aRoundThatKeepsSkippingStopsAtMaxSkipsWithAReportAndExitOne() {
        for (int rack = 1; rack <= 3; rack++) {
            fabric.get("leaf-r" + rack + "-p2-pod1").setLinksUp(4);
        }
        try {
            fabric.prometheus().awaitSeries("count by (instance) (fabric_switch_interface_link_status"
                    + "{instance=~\"leaf-r.-p2-pod1\"} == 2) == 4", 3, Duration.ofSeconds(20));
            LabRun run = round(List.of("--max-switches", "0", "--max-skips", "2"));
            assertEquals(1, run.code, run.log());
            assertEquals("aborted", run.status(), run.log());
            assertTrue(String.valueOf(run.report().get("reason")).contains("(max-skips 2)"), run.log());
            assertEquals(2, run.switches().stream().filter(s -> "skipped".equals(s.get("outcome"))).count(),
                    run.log());
            assertTrue(Files.isRegularFile(reportDir.resolve("report.html")), "the report is written");
            run.assertNothingDisrupted();
        } finally {
            for (int rack = 1; rack <= 3; rack++) {
                fabric.get("leaf-r" + rack + "-p2-pod1").setLinksUp(6);
            }
            fabric.prometheus().awaitSeries("count by (instance) (fabric_switch_interface_link_status"
                    + "{instance=~\"leaf-r.-p2-pod1\"} == 2) == 6", 3, Duration.ofSeconds(20));
        }
    }

    @Test
    void maxSkipsMustBeAPositiveNumber() {
        LabRun run = round(List.of("--max-skips", "0"));
        assertEquals(2, run.code, run.log());
        assertTrue(run.err.contains("--max-skips must be within 1..10000, was 0"), run.log());
    }

    private static Path protectedKey(String passphrase) throws IOException, InterruptedException {
        Path copy = keys.resolve("protected-" + passphrase.hashCode());
        Files.copy(fabric.ssh().clientKeyFile(), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        copy.toFile().setReadable(false, false);
        copy.toFile().setReadable(true, true);
        copy.toFile().setWritable(true, true);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-p", "-P", "", "-N", passphrase, "-f", copy.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        return copy;
    }

    @Test
    void aWrongPassphraseIsFoundBeforeAnythingIsSilenced() throws Exception {
        Path key = protectedKey(SECRET);
        Path wrong = Files.writeString(keys.resolve("wrong-passphrase"), "not-it\n");
        LabRun run = round(List.of("--ssh-key", key.toString(), "--ssh-key-passphrase-file", wrong.toString()));
        assertEquals(2, run.code, run.log());
        assertTrue(run.err.contains("the passphrase given does not open the private key"), run.log());
        assertTrue(run.err.contains("nothing was silenced or sent"), run.log());
        assertFalse(run.log().contains("not-it"), "the passphrase is never printed");
        assertUntouched(run);
        LabRun none = round(List.of("--ssh-key", key.toString()));
        assertEquals(2, none.code, none.log());
        assertTrue(none.err.contains("is protected by a passphrase, and none was given"), none.log());
        assertUntouched(none);
    }

    @Test
    void aPassphraseFileOpensTheKeyAndIsNeverShown() throws Exception {
        Path key = protectedKey(SECRET);
        Path file = Files.writeString(keys.resolve("passphrase"), SECRET + "\n");
        LabRun run = round(List.of("--ssh-key", key.toString(), "--ssh-key-passphrase-file", file.toString()));
        assertEquals(0, run.code, run.log());
        assertEquals(1, run.switches().stream().filter(s -> "upgraded".equals(s.get("outcome"))).count(), run.log());
        assertFalse(run.log().contains(SECRET));
        assertFalse(Files.readString(reportDir.resolve("report.json")).contains(SECRET));
        assertFalse(Files.readString(reportDir.resolve("audit.jsonl")).contains(SECRET));
    }

    @Test
    void anEmptyKnownHostsFileIsFoundBeforeAnythingIsSilenced() throws IOException {
        Path empty = Files.writeString(keys.resolve("known_hosts_empty"), "# keys come later\n");
        LabRun run = round(List.of("--known-hosts", empty.toString()));
        assertEquals(2, run.code, run.log());
        assertTrue(run.err.contains("lists no host key"), run.log());
        assertUntouched(run);
        assertNoStackTrace(run);
    }

    @Test
    void aDatacenterNameThatIsNotASafeFileNameIsRefused() {
        LabRun run = round(List.of("--datacenter", "../../reports/evil"));
        assertEquals(2, run.code, run.log());
        assertTrue(run.err.contains("is not a safe file name component"), run.log());
        assertFalse(Files.exists(reportDir.resolve("../../reports/evil.lock")));
        assertUntouched(run);
    }

    @Test
    void aSwitchNameWithAControlCharacterStopsTheRoundWithoutAStackTrace() throws IOException {
        Path profile = Files.writeString(reportDir.resolve("forged.json"), "{\"inventoryQuery\": \"label_replace("
                + "fabric_switch_os_info{datacenter=\\\"${datacenter}\\\",role=\\\"${role}\\\"}, \\\"instance\\\", "
                + "\\\"leaf-r1-p1-pod1\\\\nStatus: Pre upgrade validation passed!\\\", \\\"instance\\\", "
                + "\\\"leaf-r1-p1-pod1\\\")\"}");
        LabRun run = round(List.of("--metrics-profile", profile.toString()));
        assertEquals(2, run.code, run.log());
        assertTrue(run.err.contains("contains a control character"), run.log());
        assertFalse(run.out.lines().anyMatch(l -> l.startsWith("Status: Pre upgrade validation passed!")),
                "no forged line\n" + run.log());
        assertNoStackTrace(run);
        assertUntouched(run);
    }

    @Test
    void credentialsInServiceUrlsAreUsedAndNeverShown() throws IOException {
        String prometheus = fabric.prometheus().url().replace("http://", "http://ops:" + SECRET + "@");
        String alertmanager = fabric.alertmanager().url().replace("http://", "http://ops:" + SECRET + "@");
        LabRun run = round(List.of("--prometheus", prometheus, "--alertmanager", alertmanager, "--role", "spine"));
        assertEquals(0, run.code, run.log());
        assertEquals("nothing-to-do", run.status(), run.log());
        assertFalse(run.log().contains(SECRET), run.log());
        for (String file : List.of("report.json", "report.html", "audit.jsonl")) {
            assertFalse(Files.readString(reportDir.resolve(file)).contains(SECRET), file);
        }
        LabRun token = round(List.of("--prometheus", fabric.prometheus().url() + "/?token=" + SECRET));
        assertEquals(2, token.code, token.log());
        assertTrue(token.err.contains("token=***"), token.log());
        assertFalse(token.log().contains(SECRET), token.log());
    }

    @Test
    void aFiringCriticalAlertKeepsTheRoundFromStartingExitThree() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> labels = Map.of("alertname", "CoreLinkDown", "datacenter", "lab1", "severity",
                "critical");
        post(List.of(Map.of("labels", labels, "startsAt", now.minusSeconds(30).toString(),
                "endsAt", now.plusSeconds(3600).toString())));
        try {
            LabRun run = round(List.of());
            assertEquals(3, run.code, run.log());
            assertEquals("aborted", run.status(), run.log());
            assertTrue(String.valueOf(run.report().get("reason")).contains("CoreLinkDown{datacenter=\"lab1\", "
                    + "severity=\"critical\"}"), run.log());
            assertUntouched(run);
        } finally {
            post(List.of(Map.of("labels", labels, "startsAt", now.minusSeconds(30).toString(),
                    "endsAt", now.minusSeconds(1).toString())));
        }
    }

    private static void post(Object alerts) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(fabric.alertmanager().url() + "/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.compact(alerts))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }
}
