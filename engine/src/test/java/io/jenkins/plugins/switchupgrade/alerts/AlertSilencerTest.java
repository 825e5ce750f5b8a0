package io.jenkins.plugins.switchupgrade.alerts;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.switchupgrade.lab.AlertmanagerServer;
import io.jenkins.plugins.switchupgrade.lab.ExternalServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The silencer against the real Alertmanager (Debian prometheus-alertmanager), and against servers that misbehave. */
class AlertSilencerTest {
    private static final HttpClient RAW = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static Path workDir;
    private static AlertmanagerServer alertmanager;
    private static AlertSilencer silencer;

    @BeforeAll
    static void startAlertmanager() throws IOException {
        workDir = Files.createTempDirectory("alert-silencer-test");
        alertmanager = new AlertmanagerServer(workDir.resolve("alertmanager"));
        alertmanager.start(Duration.ofSeconds(30));
        silencer = AlertSilencer.builder(alertmanager.url()).build();
    }

    @AfterAll
    static void stopAlertmanager() throws IOException {
        if (alertmanager != null) {
            alertmanager.stop();
        }
        delete(workDir);
    }

    @Test
    void silenceIsActiveAndMatchesOnlyThatSwitch() {
        String alert = fireAlerts("leaf-r32-p1-pod1", "leaf-r32-p2-pod1", "leaf-r32-p1-pod10");

        Silence silence = silencer.silence("leaf-r32-p1-pod1", Duration.ofMinutes(30), "upgrade-dc1 #42",
                "upgrade-dc1 #42: re-provisioning leaf-r32-p1-pod1");

        assertFalse(silence.isDisabled());
        assertEquals(Optional.of(SilenceState.ACTIVE), silencer.state(silence.id()));
        JsonObject stored = storedSilence(silence.id());
        assertEquals("upgrade-dc1 #42", stored.get("createdBy").getAsString());
        assertEquals("upgrade-dc1 #42: re-provisioning leaf-r32-p1-pod1", stored.get("comment").getAsString());
        assertEquals(List.of(Map.of("name", "instance", "value", "leaf-r32-p1-pod1", "isRegex", false,
                "isEqual", true)), matchers(stored));
        assertEquals(Map.of("leaf-r32-p1-pod1", true, "leaf-r32-p2-pod1", false, "leaf-r32-p1-pod10", false),
                silencedByInstance(alert, silence.id(), 3));
        silencer.expire(silence);
    }

    @Test
    void expireMakesTheSilenceExpiredAndTheAlertLoudAgain() {
        String alert = fireAlerts("leaf-r40-p1-pod1");
        Silence silence = silencer.silence("leaf-r40-p1-pod1", Duration.ofHours(1), "upgrade-dc1 #43", "failed");
        assertEquals(Map.of("leaf-r40-p1-pod1", true), silencedByInstance(alert, silence.id(), 1));

        silencer.expire(silence.id());

        assertEquals(Optional.of(SilenceState.EXPIRED), silencer.state(silence.id()));
        assertEquals(Map.of("leaf-r40-p1-pod1", false), silencedByInstance(alert, silence.id(), 1));
    }

    @Test
    void expiringAnUnknownOrAlreadyExpiredSilenceIsFine() {
        String unknown = UUID.randomUUID().toString();
        silencer.expire(unknown);
        assertEquals(Optional.empty(), silencer.state(unknown));

        Silence silence = silencer.silence("leaf-r41-p1-pod1", Duration.ofMinutes(5), "upgrade-dc1 #44", "done");
        silencer.expire(silence);
        silencer.expire(silence);
        assertEquals(Optional.of(SilenceState.EXPIRED), silencer.state(silence.id()));
    }

    @Test
    void aNameWithQuotesAndRegexCharactersStaysOneLiteralMatcher() {
        String evil = "leaf\".*\"}|.+{instance=~\".*";
        String alert = fireAlerts(evil, "leaf-r42-p1-pod1", ".*");

        Silence silence = silencer.silence(evil, Duration.ofMinutes(10), "upgrade-dc1 #45", "literal");

        assertEquals(List.of(Map.of("name", "instance", "value", evil, "isRegex", false, "isEqual", true)),
                matchers(storedSilence(silence.id())));
        assertEquals(Map.of(evil, true, "leaf-r42-p1-pod1", false, ".*", false),
                silencedByInstance(alert, silence.id(), 3));
        silencer.expire(silence);
    }

    @Test
    void theMatcherLabelIsConfigurable() {
        AlertSilencer bySwitchLabel = AlertSilencer.builder(alertmanager.url()).label("switch").build();
        Silence silence = bySwitchLabel.silence("spine-1-pod1", Duration.ofMinutes(10), "upgrade-dc1 #46", "label");
        assertEquals("switch", silence.label());
        assertEquals(List.of(Map.of("name", "switch", "value", "spine-1-pod1", "isRegex", false, "isEqual", true)),
                matchers(storedSilence(silence.id())));
        bySwitchLabel.expire(silence);
        assertThrows(IllegalArgumentException.class, () -> AlertSilencer.builder(alertmanager.url()).label("in-stance"));
    }

    @Test
    void configuredMatchersMuteTheSwitchsHostPortAlertsAndItsNeighboursAlertsAboutIt() {
        String alertname = "SwitchTest" + UUID.randomUUID().toString().replace("-", "");
        fire(alertname, List.of(
                Map.of("instance", "leaf-r7-p1-pod1:9100"),
                Map.of("instance", "leaf-r7-p1-pod1"),
                Map.of("instance", "leaf-r7-p1-pod10:9100"),
                Map.of("instance", "leaf-r7-p2-pod1:9100"),
                Map.of("instance", "spine-1-pod1:9100", "peer", "leaf-r7-p1-pod1"),
                Map.of("instance", "spine-2-pod1:9100", "peer", "leaf-r7-p2-pod1")));
        AlertSilencer configured = AlertSilencer.builder(alertmanager.url()).matchers(SilenceMatchers.parse(
                "instance=~\"{switch}(:\\d+)?\"\npeer=\"{switch}\"")).build();

        Silence silence = configured.silence("leaf-r7-p1-pod1", Duration.ofMinutes(10), "upgrade-dc1 #52", "matchers");

        assertEquals(2, silence.ids().size(), silence.id());
        assertEquals(List.of(Map.of("name", "instance", "value", "leaf-r7-p1-pod1(:\\d+)?", "isRegex", true,
                "isEqual", true)), matchers(storedSilence(silence.ids().get(0))));
        assertEquals(List.of(Map.of("name", "peer", "value", "leaf-r7-p1-pod1", "isRegex", false, "isEqual", true)),
                matchers(storedSilence(silence.ids().get(1))));
        assertEquals(Optional.of(SilenceState.ACTIVE), configured.state(silence.id()));
        assertEquals(Map.of(
                "leaf-r7-p1-pod1:9100", true,
                "leaf-r7-p1-pod1", true,
                "leaf-r7-p1-pod10:9100", false,
                "leaf-r7-p2-pod1:9100", false,
                "spine-1-pod1:9100 peer=leaf-r7-p1-pod1", true,
                "spine-2-pod1:9100 peer=leaf-r7-p2-pod1", false), silencedBy(alertname, silence.ids(), 6));

        configured.expire(silence.id());

        assertEquals(Optional.of(SilenceState.EXPIRED), configured.state(silence.id()));
        assertEquals(Optional.of(SilenceState.EXPIRED), configured.state(silence.ids().get(1)));
    }

    @Test
    void aRegexMatcherEscapesTheSwitchNameSoItCannotWidenTheSilence() {
        String alertname = "SwitchTest" + UUID.randomUUID().toString().replace("-", "");
        fire(alertname, List.of(Map.of("instance", "leaf.r8:9100"), Map.of("instance", "leafXr8:9100")));
        AlertSilencer configured = AlertSilencer.builder(alertmanager.url())
                .matchers(SilenceMatchers.parse(List.of("instance=~\"{switch}(:[0-9]+)?\""))).build();

        Silence silence = configured.silence("leaf.r8", Duration.ofMinutes(10), "upgrade-dc1 #53", "escaped");

        assertEquals(Map.of("leaf.r8:9100", true, "leafXr8:9100", false), silencedBy(alertname, silence.ids(), 2));
        configured.expire(silence);
    }

    @Test
    void aClosedPortIsAConnectionErrorThatForbidsTheDisruption() {
        AlertSilencer nowhere = AlertSilencer.builder("http://127.0.0.1:" + ExternalServer.freePort())
                .connectTimeout(Duration.ofSeconds(1)).bearerToken("s3cret-token").build();
        AlertmanagerException e = assertThrows(AlertmanagerException.class,
                () -> nowhere.silence("leaf-r1-p1-pod1", Duration.ofMinutes(30), "upgrade-dc1 #47", "x"));
        assertTrue(e.getMessage().startsWith("cannot reach Alertmanager at http://127.0.0.1:"), e.getMessage());
        assertTrue(e.getMessage().contains("create a silence for switch leaf-r1-p1-pod1"), e.getMessage());
        assertTrue(e.getMessage().contains("no disruption may be sent"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-token"), e.getMessage());
        assertFalse(nowhere.toString().contains("s3cret-token"), nowhere.toString());
    }

    @Test
    void aStoppedAlertmanagerCannotExpireAndSaysWhatToDo() throws IOException {
        Path dir = Files.createTempDirectory("alert-silencer-stopped");
        AlertmanagerServer second = new AlertmanagerServer(dir.resolve("alertmanager"));
        try {
            second.start(Duration.ofSeconds(30));
            AlertSilencer toSecond = AlertSilencer.builder(second.url()).connectTimeout(Duration.ofSeconds(1)).build();
            Silence silence = toSecond.silence("leaf-r5-p1-pod1", Duration.ofMinutes(30), "upgrade-dc1 #48", "x");
            second.stop();
            AlertmanagerException e = assertThrows(AlertmanagerException.class, () -> toSecond.expire(silence));
            assertTrue(e.getMessage().contains("cannot reach Alertmanager at " + second.url()), e.getMessage());
            assertTrue(e.getMessage().contains("expire silence " + silence.id()), e.getMessage());
            assertTrue(e.getMessage().contains("expire it in Alertmanager's UI"), e.getMessage());
            assertThrows(AlertmanagerException.class, () -> toSecond.state(silence.id()));
        } finally {
            second.stop();
            delete(dir);
        }
    }

    @Test
    void garbageAndHttpErrorsAreNotMistakenForSilences() throws IOException {
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer login = serve(200, "<html>login page</html>", authorization);
        HttpServer forbidden = serve(403, "forbidden", authorization);
        try {
            AlertSilencer garbage = AlertSilencer.builder(url(login)).bearerToken("s3cret-token").build();
            AlertmanagerException e = assertThrows(AlertmanagerException.class,
                    () -> garbage.silence("leaf-r1-p1-pod1", Duration.ofMinutes(30), "upgrade-dc1 #49", "x"));
            assertTrue(e.getMessage().contains("<html>login page</html>"), e.getMessage());
            assertTrue(e.getMessage().contains("is the URL that of an Alertmanager"), e.getMessage());
            assertEquals("Bearer s3cret-token", authorization.get());
            assertThrows(AlertmanagerException.class, () -> garbage.state(UUID.randomUUID().toString()));

            AlertSilencer refusing = AlertSilencer.builder(url(forbidden)).bearerToken("s3cret-token").build();
            e = assertThrows(AlertmanagerException.class,
                    () -> refusing.silence("leaf-r1-p1-pod1", Duration.ofMinutes(30), "upgrade-dc1 #49", "x"));
            assertTrue(e.getMessage().contains("refused to create a silence for switch leaf-r1-p1-pod1 (HTTP 403"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("s3cret-token"), e.getMessage());
            e = assertThrows(AlertmanagerException.class, () -> refusing.expire(UUID.randomUUID().toString()));
            assertTrue(e.getMessage().contains("HTTP 403"), e.getMessage());
        } finally {
            login.stop(0);
            forbidden.stop(0);
        }
    }

    @Test
    void aDisabledSilencerCreatesAndExpiresNothing() {
        AlertSilencer off = AlertSilencer.disabled();
        Silence silence = off.silence("leaf-r1-p1-pod1", Duration.ofMinutes(30), "upgrade-dc1 #50", "off");
        assertFalse(off.isEnabled());
        assertTrue(silence.isDisabled());
        off.expire(silence);
        off.expire("anything");
        assertEquals(Optional.empty(), off.state("anything"));
        assertEquals("AlertSilencer[disabled]", off.toString());
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyRequest() {
        assertThrows(IllegalArgumentException.class, () -> AlertSilencer.builder("alertmanager:9093"));
        assertThrows(IllegalArgumentException.class,
                () -> silencer.silence(" ", Duration.ofMinutes(1), "upgrade-dc1 #51", "x"));
        assertThrows(IllegalArgumentException.class,
                () -> silencer.silence("leaf-r1-p1-pod1", Duration.ZERO, "upgrade-dc1 #51", "x"));
        assertThrows(IllegalArgumentException.class,
                () -> silencer.silence("leaf-r1-p1-pod1", Duration.ofMinutes(1), "", "x"));
        assertThrows(IllegalArgumentException.class, () -> silencer.expire("../silences"));
    }

    /** Fires one alert per instance under a fresh alert name and returns that name. */
    private static String fireAlerts(String... instances) {
        String alertname = "SwitchTest" + UUID.randomUUID().toString().replace("-", "");
        JsonArray alerts = new JsonArray();
        for (String instance : instances) {
            JsonObject labels = new JsonObject();
            labels.addProperty("alertname", alertname);
            labels.addProperty("instance", instance);
            JsonObject alert = new JsonObject();
            alert.add("labels", labels);
            alerts.add(alert);
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(alertmanager.url() + "/api/v2/alerts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(alerts.toString())));
        assertEquals(200, response.statusCode(), response.body());
        return alertname;
    }

    /** Fires one alert per label set, each with {@code alertname}. */
    private static void fire(String alertname, List<Map<String, String>> labelSets) {
        JsonArray alerts = new JsonArray();
        for (Map<String, String> labelSet : labelSets) {
            JsonObject labels = new JsonObject();
            labels.addProperty("alertname", alertname);
            labelSet.forEach(labels::addProperty);
            JsonObject alert = new JsonObject();
            alert.add("labels", labels);
            alerts.add(alert);
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(alertmanager.url() + "/api/v2/alerts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(alerts.toString())));
        assertEquals(200, response.statusCode(), response.body());
    }

    /**
     * Whether each alert named {@code alertname} (keyed "instance" or "instance peer=peer") is muted by one of
     * {@code silenceIds}, once Alertmanager shows all {@code expected} of them as processed.
     */
    private static Map<String, Boolean> silencedBy(String alertname, List<String> silenceIds, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, Boolean> seen = Map.of();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(alertmanager.url()
                    + "/api/v2/alerts?filter=" + java.net.URLEncoder.encode("alertname=\"" + alertname + "\"",
                    StandardCharsets.UTF_8))).GET());
            Map<String, Boolean> now = new java.util.TreeMap<>();
            boolean processed = true;
            for (JsonElement element : JsonParser.parseString(response.body()).getAsJsonArray()) {
                JsonObject alert = element.getAsJsonObject();
                JsonObject status = alert.getAsJsonObject("status");
                processed &= !"unprocessed".equals(status.get("state").getAsString());
                boolean silenced = false;
                for (JsonElement id : status.getAsJsonArray("silencedBy")) {
                    silenced |= silenceIds.contains(id.getAsString());
                }
                JsonObject labels = alert.getAsJsonObject("labels");
                now.put(labels.get("instance").getAsString()
                        + (labels.has("peer") ? " peer=" + labels.get("peer").getAsString() : ""), silenced);
            }
            seen = now;
            if (now.size() == expected && processed) {
                return now;
            }
            sleep(100);
        }
        throw new AssertionError("Alertmanager did not show " + expected + " processed alerts named " + alertname
                + " within 10 s; saw " + seen);
    }

    /** Whether each of the alert's instances is silenced by {@code silenceId}, once Alertmanager shows them all. */
    private static Map<String, Boolean> silencedByInstance(String alertname, String silenceId, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, Boolean> seen = Map.of();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(alertmanager.url()
                    + "/api/v2/alerts?filter=" + java.net.URLEncoder.encode("alertname=\"" + alertname + "\"",
                    StandardCharsets.UTF_8))).GET());
            Map<String, Boolean> now = new java.util.TreeMap<>();
            for (JsonElement element : JsonParser.parseString(response.body()).getAsJsonArray()) {
                JsonObject alert = element.getAsJsonObject();
                boolean silenced = false;
                for (JsonElement id : alert.getAsJsonObject("status").getAsJsonArray("silencedBy")) {
                    silenced |= id.getAsString().equals(silenceId);
                }
                now.put(alert.getAsJsonObject("labels").get("instance").getAsString(), silenced);
            }
            seen = now;
            if (now.size() == expected) {
                return now;
            }
            sleep(100);
        }
        throw new AssertionError("Alertmanager did not show " + expected + " alerts named " + alertname
                + " within 10 s; saw " + seen);
    }

    private static JsonObject storedSilence(String id) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(alertmanager.url()
                + "/api/v2/silences")).GET());
        for (JsonElement element : JsonParser.parseString(response.body()).getAsJsonArray()) {
            if (element.getAsJsonObject().get("id").getAsString().equals(id)) {
                return element.getAsJsonObject();
            }
        }
        throw new AssertionError("silence " + id + " is not in GET /api/v2/silences: " + response.body());
    }

    private static List<Map<String, Object>> matchers(JsonObject silence) {
        return silence.getAsJsonArray("matchers").asList().stream().map(JsonElement::getAsJsonObject)
                .map(m -> Map.<String, Object>of("name", m.get("name").getAsString(), "value",
                        m.get("value").getAsString(), "isRegex", m.get("isRegex").getAsBoolean(), "isEqual",
                        m.get("isEqual").getAsBoolean()))
                .toList();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return RAW.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static HttpServer serve(int status, String body, AtomicReference<String> authorization) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
