package io.jenkins.plugins.switchupgrade.audit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.switchupgrade.lab.ExternalServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit trail's sinks: the JSON-lines file, the console, and a real HTTP webhook that accepts or refuses. */
class AuditTrailTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-14T09:26:53.589Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final List<Webhook> webhooks = new ArrayList<>();

    @AfterEach
    void stopWebhooks() {
        webhooks.forEach(Webhook::close);
    }

    @Test
    void writesOneJsonObjectPerLineInOrderAndReadsThemBack() throws IOException {
        Path file = dir.resolve("switch-upgrade/audit.jsonl");
        List<String> console = new ArrayList<>();
        AuditTrail trail = AuditTrail.builder("upgrade-dc1 #42").console(console::add).jsonLines(file).clock(CLOCK)
                .build();

        trail.record(AuditKind.ROUND_STARTED, "", "round for dc1 leaf 5.9.1 -> 5.11.0");
        trail.record(AuditKind.CANDIDATE_SELECTED, "leaf-r32-p1-pod1", "picked at random among 12",
                Map.of("candidates", 12));
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("command", "/root/run_switch_provision.sh -F");
        command.put("pre", Map.of("bgp_peer_status", 32, "interface_link_status", 37.5));
        command.put("note", null);
        trail.record(AuditKind.REPROVISION_SENT, "leaf-r32-p1-pod1", "firmware upgrade requested by the vendor",
                command);

        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        JsonObject third = JsonParser.parseString(lines.get(2)).getAsJsonObject();
        assertEquals(3, third.get("seq").getAsLong());
        assertEquals("2026-03-14T09:26:53.589Z", third.get("time").getAsString());
        assertEquals("leaf-r32-p1-pod1", third.get("switch").getAsString());
        assertEquals("upgrade-dc1 #42", third.get("actor").getAsString());
        assertEquals("reprovision-sent", third.get("event").getAsString());
        assertEquals("firmware upgrade requested by the vendor", third.get("reason").getAsString());
        assertEquals("/root/run_switch_provision.sh -F",
                third.getAsJsonObject("details").get("command").getAsString());
        assertEquals("not-configured", third.get("webhook").getAsString());
        assertEquals(List.of("round-started", "candidate-selected", "reprovision-sent"), lines.stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject().get("event").getAsString()).toList());

        List<AuditEvent> read = AuditTrail.read(file);
        assertEquals(trail.events(), read);
        assertEquals(32L, ((Map<?, ?>) read.get(2).details().get("pre")).get("bgp_peer_status"));
        assertEquals(3, console.size());
        assertEquals("AUDIT #2 2026-03-14T09:26:53.589Z candidate-selected leaf-r32-p1-pod1 by upgrade-dc1 #42: "
                + "picked at random among 12 {\"candidates\":12}", console.get(1));
    }

    @Test
    void aReopenedFileContinuesTheNumbering() {
        Path file = dir.resolve("audit.jsonl");
        AuditTrail.builder("upgrade-dc1 #42").jsonLines(file).build()
                .record(AuditKind.ROUND_STARTED, "", "first run");
        AuditTrail resumed = AuditTrail.builder("upgrade-dc1 #42").jsonLines(file).build();
        assertEquals(2, resumed.record(AuditKind.ROUND_FINISHED, "", "resumed").sequence());
        assertEquals(List.of(1L, 2L), AuditTrail.read(file).stream().map(AuditEvent::sequence).toList());
        assertEquals(1, resumed.events().size());
    }

    @Test
    void anAcceptingWebhookReceivesEachEventBeforeRecordReturns() {
        Webhook webhook = webhook(200);
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = AuditTrail.builder("upgrade-dc1 #42").jsonLines(file).clock(CLOCK)
                .webhook(webhook.url()).webhookToken("s3cret-token").build();

        trail.record(AuditKind.SILENCE_CREATED, "leaf-r32-p1-pod1", "mute during re-provisioning",
                Map.of("silenceId", "6999f4c7-8056-4390-b030-b907bb1c647b"));
        assertEquals(1, webhook.bodies.size());
        AuditEvent sent = trail.record(AuditKind.REPROVISION_SENT, "leaf-r32-p1-pod1", "vendor upgrade");
        assertEquals(2, webhook.bodies.size());

        assertEquals(WebhookDelivery.ACCEPTED, sent.webhook());
        JsonObject body = JsonParser.parseString(webhook.bodies.get(1)).getAsJsonObject();
        assertEquals("reprovision-sent", body.get("event").getAsString());
        assertEquals("leaf-r32-p1-pod1", body.get("switch").getAsString());
        assertEquals(sent.id(), body.get("id").getAsString());
        assertFalse(body.has("webhook"));
        assertEquals(List.of("Bearer s3cret-token", "Bearer s3cret-token"), webhook.authorizations);
        assertEquals(List.of("accepted", "accepted"), deliveries(file));
        assertFalse(trail.toString().contains("s3cret-token"), trail.toString());
    }

    @Test
    void aRefusingWebhookThrowsAndTheFileKeepsTheEventMarkedRefused() {
        for (int status : new int[] {500, 403}) {
            Webhook webhook = webhook(status);
            Path file = dir.resolve("audit-" + status + ".jsonl");
            List<String> console = new ArrayList<>();
            // one attempt: what a refusal leaves behind (retries have a test of their own)
            AuditTrail trail = AuditTrail.builder("upgrade-dc1 #42").console(console::add).jsonLines(file)
                    .webhook(webhook.url() + "?key=s3cret-in-query").webhookToken("s3cret-token")
                    .webhookRetries(1, Duration.ofMillis(10)).build();

            AuditException e = assertThrows(AuditException.class, () -> trail.record(AuditKind.REPROVISION_SENT,
                    "leaf-r32-p1-pod1", "vendor upgrade"));

            assertTrue(e.getMessage().startsWith("the audit webhook at " + webhook.url() + " refused event #1 "
                    + "reprovision-sent of leaf-r32-p1-pod1 (HTTP " + status), e.getMessage());
            assertTrue(e.getMessage().contains("nothing may be disrupted"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
            assertEquals(1, webhook.bodies.size());
            assertEquals(WebhookDelivery.REFUSED, e.event().webhook());
            List<AuditEvent> read = AuditTrail.read(file);
            assertEquals(1, read.size());
            assertEquals(AuditKind.REPROVISION_SENT, read.get(0).kind());
            assertEquals(WebhookDelivery.REFUSED, read.get(0).webhook());
            assertTrue(read.get(0).webhookProblem().startsWith("HTTP " + status), read.get(0).webhookProblem());
            assertEquals(read, trail.events());
            assertTrue(console.get(0).endsWith("[webhook refused: HTTP " + status + ": no]"), console.get(0));
        }
    }

    @Test
    void anUnreachableWebhookThrowsAndTheFileKeepsTheEventMarkedUnreachable() {
        Path file = dir.resolve("audit.jsonl");
        String url = "http://127.0.0.1:" + ExternalServer.freePort() + "/events";
        AuditTrail trail = AuditTrail.builder("upgrade-dc1 #42").jsonLines(file).webhook(url)
                .connectTimeout(Duration.ofSeconds(1)).build();

        AuditException e = assertThrows(AuditException.class,
                () -> trail.record(AuditKind.DISRUPTION_SENT, "vc-1-pod1", "issu from new_firm"));

        assertTrue(e.getMessage().startsWith("cannot reach the audit webhook at " + url + " to record event #1 "
                + "disruption-sent of vc-1-pod1"), e.getMessage());
        assertEquals(List.of("unreachable"), deliveries(file));
    }

    @Test
    void aWebhookThatDoesNotAnswerInTimeCountsAsUnreachable() {
        Webhook webhook = webhook(200);
        webhook.hold = new CountDownLatch(1);
        AuditTrail trail = AuditTrail.builder("upgrade-dc1 #42").jsonLines(dir.resolve("audit.jsonl"))
                .webhook(webhook.url()).webhookTimeout(Duration.ofMillis(300)).build();
        AuditException e = assertThrows(AuditException.class,
                () -> trail.record(AuditKind.REPROVISION_SENT, "leaf-r32-p1-pod1", "vendor upgrade"));
        webhook.hold.countDown();
        assertTrue(e.getMessage().contains("no answer within 300 ms"), e.getMessage());
        assertEquals(WebhookDelivery.UNREACHABLE, trail.events().get(0).webhook());
    }

    @Test
    void secretsInDetailsAreNeverWritten() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = AuditTrail.builder("upgrade-dc1 #42").jsonLines(file).build();
        AuditEvent event = trail.record(AuditKind.REPROVISION_SENT, "leaf-r32-p1-pod1", "vendor upgrade",
                Map.of("sshPassword", "hunter2", "webhookToken", "abc123", "credentialsId", "switch-ssh"));
        String written = Files.readString(file);
        assertFalse(written.contains("hunter2"), written);
        assertFalse(written.contains("abc123"), written);
        assertTrue(written.contains("\"credentialsId\":\"switch-ssh\""), written);
        assertEquals("****", event.details().get("sshPassword"));
    }

    @Test
    void aFileThatIsNotAnAuditTrailIsReportedByLine() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        AuditTrail.builder("upgrade-dc1 #42").jsonLines(file).build().record(AuditKind.OUTCOME, "leaf-r1-p1-pod1", "ok");
        Files.writeString(file, "{\"seq\":2,\"time\":\"yesterday\",\"event\":\"outcome\"}\n",
                java.nio.file.StandardOpenOption.APPEND);
        AuditException e = assertThrows(AuditException.class, () -> AuditTrail.read(file));
        assertTrue(e.getMessage().startsWith("line 2 of the audit file " + file + " is not an audit event"),
                e.getMessage());
        assertEquals(List.of(), AuditTrail.read(dir.resolve("missing.jsonl")));
    }

    @Test
    void everyLineAndWebhookBodyCarriesTheSchemaVersion() throws IOException {
        Webhook webhook = webhook(200);
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = AuditTrail.builder("upgrade-dc1 #42").jsonLines(file).webhook(webhook.url()).build();
        trail.record(AuditKind.ROUND_STARTED, "", "round");

        JsonObject line = JsonParser.parseString(Files.readAllLines(file).get(0)).getAsJsonObject();
        JsonObject body = JsonParser.parseString(webhook.bodies.get(0)).getAsJsonObject();
        assertEquals(AuditEvent.SCHEMA_VERSION, line.get("schemaVersion").getAsInt());
        assertEquals(1, body.get("schemaVersion").getAsInt());
        assertFalse(body.has("specversion"));
        assertEquals("application/json; charset=utf-8", webhook.contentTypes.get(0));
    }

    @Test
    void asCloudEventsTheLinesAndTheWebhookGetTheAttributesAndTheEventAsData() throws IOException {
        Webhook webhook = webhook(202);
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = AuditTrail.builder("upgrade-dc1 #42").jsonLines(file).clock(CLOCK)
                .webhook(webhook.url()).cloudEvents("https://jenkins.example/job/upgrade-dc1/42/").build();

        trail.record(AuditKind.ROUND_STARTED, "", "round for dc1");
        AuditEvent sent = trail.record(AuditKind.REPROVISION_SENT, "leaf-r32-p1-pod1", "vendor upgrade",
                Map.of("command", "/root/run_switch_provision.sh -F"));

        JsonObject body = JsonParser.parseString(webhook.bodies.get(1)).getAsJsonObject();
        assertEquals("application/cloudevents+json; charset=utf-8", webhook.contentTypes.get(1));
        assertEquals("1.0", body.get("specversion").getAsString());
        assertEquals("io.jenkins.plugins.switchupgrade.audit.reprovision-sent", body.get("type").getAsString());
        assertEquals("https://jenkins.example/job/upgrade-dc1/42/", body.get("source").getAsString());
        assertEquals("leaf-r32-p1-pod1", body.get("subject").getAsString());
        assertEquals(sent.id(), body.get("id").getAsString());
        assertEquals("2026-03-14T09:26:53.589Z", body.get("time").getAsString());
        assertEquals("application/json", body.get("datacontenttype").getAsString());
        JsonObject data = body.getAsJsonObject("data");
        assertEquals(1, data.get("schemaVersion").getAsInt());
        assertEquals("reprovision-sent", data.get("event").getAsString());
        assertEquals(2, data.get("seq").getAsLong());
        assertEquals("/root/run_switch_provision.sh -F", data.getAsJsonObject("details").get("command").getAsString());
        assertFalse(body.has("webhook"));
        assertFalse(JsonParser.parseString(webhook.bodies.get(0)).getAsJsonObject().has("subject"),
                "a round-level event concerns no switch");

        List<String> lines = Files.readAllLines(file);
        JsonObject line = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        assertEquals("1.0", line.get("specversion").getAsString());
        assertEquals("accepted", line.get("webhook").getAsString());
        assertEquals(data, line.getAsJsonObject("data"));
        assertEquals(trail.events(), AuditTrail.read(file));
        assertEquals(3, AuditTrail.builder("upgrade-dc1 #42").jsonLines(file).build()
                .record(AuditKind.ROUND_FINISHED, "", "resumed").sequence());
        assertThrows(IllegalArgumentException.class, () -> AuditTrail.builder("x").cloudEvents("http://a b"));
        assertThrows(IllegalArgumentException.class,
                () -> AuditTrail.builder("x").cloudEvents("https://user:pw@jenkins.example/job/x/"));
    }

    @Test
    void aRefusedCloudEventIsKeptInTheFileWithItsProblem() {
        Webhook webhook = webhook(500);
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = AuditTrail.builder("upgrade-dc1 #42").jsonLines(file).webhook(webhook.url())
                .cloudEvents("/switch-upgrade/dc1").build();
        assertThrows(AuditException.class, () -> trail.record(AuditKind.REPROVISION_SENT, "leaf-r1-p1-pod1", "x"));
        AuditEvent read = AuditTrail.read(file).get(0);
        assertEquals(WebhookDelivery.REFUSED, read.webhook());
        assertTrue(read.webhookProblem().startsWith("HTTP 500"), read.webhookProblem());
    }

    @Test
    void kindsHaveStableWireNames() {
        assertEquals("candidate-selected", AuditKind.CANDIDATE_SELECTED.wireName());
        assertEquals(AuditKind.SILENCE_EXPIRED, AuditKind.fromWireName("silence-expired"));
        assertTrue(AuditKind.REPROVISION_SENT.isDisruptive());
        assertFalse(AuditKind.SWITCH_UP.isDisruptive());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuditKind.fromWireName("rebooted"));
        assertTrue(e.getMessage().contains("reprovision-sent"), e.getMessage());
    }

    private static List<String> deliveries(Path file) {
        return AuditTrail.read(file).stream().map(e -> e.webhook().wireName()).toList();
    }

    @Test
    void aWebhookAnswering500IsRetriedWithTheEventIdAsIdempotencyKeyUntilItRecovers() throws IOException {
        java.util.Deque<Integer> statuses = new java.util.concurrent.ConcurrentLinkedDeque<>(List.of(500, 503));
        List<String> keys = Collections.synchronizedList(new ArrayList<>());
        List<Long> at = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            at.add(System.nanoTime());
            Integer status = statuses.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        server.start();
        try {
            List<String> console = new ArrayList<>();
            AuditTrail trail = AuditTrail.builder("upgrade-dc1 #42").console(console::add)
                    .jsonLines(dir.resolve("audit.jsonl"))
                    .webhook("http://127.0.0.1:" + server.getAddress().getPort() + "/changelog")
                    .webhookRetries(4, Duration.ofMillis(100)).build();
            AuditEvent event = trail.record(AuditKind.REPROVISION_SENT, "leaf-r32-p1-pod1", "vendor upgrade");

            assertEquals(WebhookDelivery.ACCEPTED, event.webhook());
            assertEquals(List.of(event.id(), event.id(), event.id()), keys);
            // a doubling pause: 100 ms, then 200 ms
            assertTrue((at.get(1) - at.get(0)) / 1_000_000 >= 90, at.toString());
            assertTrue((at.get(2) - at.get(1)) / 1_000_000 >= 190, at.toString());
            assertEquals(List.of("accepted"), deliveries(dir.resolve("audit.jsonl")));
            assertTrue(console.get(0).contains("did not take event #1 reprovision-sent of leaf-r32-p1-pod1 (HTTP 500)"
                    + "; trying again in 100 ms (attempt 2 of 4)"), console.toString());

            // a refusal no retry can change is not retried
            statuses.add(403);
            keys.clear();
            AuditException refused = assertThrows(AuditException.class,
                    () -> trail.record(AuditKind.OUTCOME, "leaf-r32-p1-pod1", "upgraded"));
            assertEquals(1, keys.size());
            assertTrue(refused.getMessage().contains("HTTP 403"), refused.getMessage());

            // a webhook that never recovers is given up after the bound, saying how often it was asked
            for (int i = 0; i < 4; i++) {
                statuses.add(500);
            }
            keys.clear();
            AuditException gaveUp = assertThrows(AuditException.class,
                    () -> trail.record(AuditKind.OUTCOME, "leaf-r32-p1-pod1", "upgraded"));
            assertEquals(4, keys.size());
            assertEquals(1, new java.util.HashSet<>(keys).size());
            assertTrue(gaveUp.getMessage().contains("(after 4 attempts)"), gaveUp.getMessage());
        } finally {
            server.stop(0);
        }
    }

    private Webhook webhook(int status) {
        Webhook webhook = new Webhook(status);
        webhooks.add(webhook);
        return webhook;
    }

    /** A change-log receiver on 127.0.0.1 that records what it was sent and answers with a fixed status. */
    private static final class Webhook implements AutoCloseable {
        final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
        final List<String> contentTypes = Collections.synchronizedList(new ArrayList<>());
        volatile CountDownLatch hold;
        private final HttpServer server;

        Webhook(int status) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
                contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                CountDownLatch latch = hold;
                if (latch != null) {
                    try {
                        latch.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] answer = (status / 100 == 2 ? "ok" : "no").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/changelog";
        }

        @Override
        public void close() {
            CountDownLatch latch = hold;
            if (latch != null) {
                latch.countDown();
            }
            server.stop(0);
        }
    }
}
