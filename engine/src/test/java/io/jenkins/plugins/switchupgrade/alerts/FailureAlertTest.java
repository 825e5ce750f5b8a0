package io.jenkins.plugins.switchupgrade.alerts;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jenkins.plugins.switchupgrade.lab.AlertmanagerServer;
import io.jenkins.plugins.switchupgrade.lab.ExternalServer;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The failure alert against the real Alertmanager: what {@code /api/v2/alerts} shows after fire and resolve. */
class FailureAlertTest {
    private static final HttpClient RAW = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static Path workDir;
    private static AlertmanagerServer alertmanager;

    @BeforeAll
    static void startAlertmanager() throws IOException {
        workDir = Files.createTempDirectory("failure-alert-test");
        alertmanager = new AlertmanagerServer(workDir.resolve("alertmanager"));
        alertmanager.start(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopAlertmanager() throws IOException {
        if (alertmanager != null) {
            alertmanager.stop();
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(workDir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void aFiredAlertCarriesTheLabelsTeamsRouteOnAndSaysWhatToDo() {
        FailureAlert alert = FailureAlert.builder(AlertSilencer.builder(alertmanager.url()).build())
                .label("team", "network").build();

        alert.fire(new FailureAlert.Failure("dc7", "leaf-r3-p1-pod1", "upgrade-dc7 #12",
                "post-upgrade validation failed: bgp_peer_status 4 -> 2",
                "switch-upgrade ack --datacenter dc7 --switch leaf-r3-p1-pod1 --reason TEXT"));

        List<JsonObject> firing = firing("dc7", "leaf-r3-p1-pod1");
        assertEquals(1, firing.size());
        JsonObject shown = firing.get(0);
        assertEquals(Map.of("alertname", "SwitchUpgradeFailed", "datacenter", "dc7", "switch", "leaf-r3-p1-pod1",
                "round", "upgrade-dc7 #12", "team", "network"), strings(shown.getAsJsonObject("labels")));
        JsonObject annotations = shown.getAsJsonObject("annotations");
        assertEquals("post-upgrade validation failed: bgp_peer_status 4 -> 2", annotations.get("reason").getAsString());
        assertTrue(annotations.get("action").getAsString().startsWith("switch-upgrade ack --datacenter dc7"),
                annotations.toString());
        assertTrue(annotations.get("summary").getAsString().contains("leaf-r3-p1-pod1"), annotations.toString());
        assertEquals("active", shown.getAsJsonObject("status").get("state").getAsString());
        // nothing re-sends the alert, so it must not end after Alertmanager's resolve_timeout (5 min)
        assertTrue(Instant.parse(shown.get("endsAt").getAsString()).isAfter(Instant.now().plus(Duration.ofDays(6))),
                shown.toString());
    }

    @Test
    void resolvingTheRoundsAlertEndsItAndLeavesOtherSwitchesFiring() {
        FailureAlert alert = FailureAlert.of(AlertSilencer.builder(alertmanager.url()).build());
        alert.fire(new FailureAlert.Failure("dc8", "leaf-r1-p1-pod1", "upgrade-dc8 #3", "not back", "ack"));
        alert.fire(new FailureAlert.Failure("dc8", "leaf-r2-p1-pod1", "upgrade-dc8 #3", "not back", "ack"));
        assertEquals(1, firing("dc8", "leaf-r1-p1-pod1").size());

        alert.resolve("dc8", "leaf-r1-p1-pod1", "upgrade-dc8 #3");

        assertEquals(0, firing("dc8", "leaf-r1-p1-pod1").size());
        assertEquals(1, firing("dc8", "leaf-r2-p1-pod1").size());
    }

    @Test
    void acknowledgingResolvesTheSwitchsAlertsOfEveryRoundWithoutKnowingThem() {
        FailureAlert alert = FailureAlert.of(AlertSilencer.builder(alertmanager.url()).build());
        alert.fire(new FailureAlert.Failure("dc9", "leaf-r4-p1-pod1", "upgrade-dc9 #1", "diff failed", "ack"));
        alert.fire(new FailureAlert.Failure("dc9", "leaf-r4-p1-pod1", "upgrade-dc9 #2", "still blocked", "ack"));
        alert.fire(new FailureAlert.Failure("dc9", "leaf-r4-p2-pod1", "upgrade-dc9 #2", "diff failed", "ack"));
        assertEquals(2, firing("dc9", "leaf-r4-p1-pod1").size());

        int resolved = FailureAlert.of(AlertSilencer.builder(alertmanager.url()).build()).resolve("dc9",
                "leaf-r4-p1-pod1");

        assertEquals(2, resolved);
        assertEquals(0, firing("dc9", "leaf-r4-p1-pod1").size());
        assertEquals(1, firing("dc9", "leaf-r4-p2-pod1").size());
        assertEquals(0, alert.resolve("dc9", "leaf-r4-p1-pod1"));
    }

    @Test
    void anUnreachableAlertmanagerSaysNobodyWasPagedAndADisabledAlertPostsNothing() {
        FailureAlert nowhere = FailureAlert.of(AlertSilencer.builder("http://127.0.0.1:" + ExternalServer.freePort())
                .connectTimeout(Duration.ofSeconds(1)).bearerToken("s3cret-token").build());
        AlertmanagerException e = assertThrows(AlertmanagerException.class, () -> nowhere.fire(
                new FailureAlert.Failure("dc1", "leaf-r1-p1-pod1", "r", "x", "y")));
        assertTrue(e.getMessage().startsWith("cannot reach Alertmanager at http://127.0.0.1:"), e.getMessage());
        assertTrue(e.getMessage().contains("post the alert SwitchUpgradeFailed for switch leaf-r1-p1-pod1"),
                e.getMessage());
        assertTrue(e.getMessage().contains("tell the team by hand"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-token"), e.getMessage());

        FailureAlert off = FailureAlert.of(AlertSilencer.disabled());
        assertFalse(off.isEnabled());
        off.fire(new FailureAlert.Failure("dc1", "leaf-r1-p1-pod1", "r", "x", "y"));
        assertEquals(0, off.resolve("dc1", "leaf-r1-p1-pod1"));
        assertThrows(IllegalArgumentException.class, () -> FailureAlert.builder(AlertSilencer.builder(alertmanager.url())
                .build()).label("switch", "x"));
        assertThrows(IllegalArgumentException.class, () -> new FailureAlert.Failure("dc1", " ", "r", "x", "y"));
    }

    /** The alerts Alertmanager shows as not resolved for the switch. */
    private static List<JsonObject> firing(String datacenter, String switchName) {
        String query = "filter=" + URLEncoder.encode("alertname=\"SwitchUpgradeFailed\"", StandardCharsets.UTF_8)
                + "&filter=" + URLEncoder.encode("datacenter=\"" + datacenter + "\"", StandardCharsets.UTF_8)
                + "&filter=" + URLEncoder.encode("switch=\"" + switchName + "\"", StandardCharsets.UTF_8);
        try {
            HttpResponse<String> response = RAW.send(HttpRequest.newBuilder(URI.create(alertmanager.url()
                    + "/api/v2/alerts?" + query)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            List<JsonObject> alerts = new ArrayList<>();
            for (JsonElement element : JsonParser.parseString(response.body()).getAsJsonArray()) {
                alerts.add(element.getAsJsonObject());
            }
            return alerts;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> strings(JsonObject object) {
        Map<String, String> map = new TreeMap<>();
        object.entrySet().forEach(e -> map.put(e.getKey(), e.getValue().getAsString()));
        return map;
    }
}
