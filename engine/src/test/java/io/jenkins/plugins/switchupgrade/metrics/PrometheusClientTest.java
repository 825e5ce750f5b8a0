package io.jenkins.plugins.switchupgrade.metrics;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.switchupgrade.lab.ExternalServer;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against the real Prometheus of a lab fabric, and against servers that misbehave on purpose. */
class PrometheusClientTest {
    private static Fabric fabric;
    private static PrometheusClient client;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(2).spines(0).build().start();
        client = PrometheusClient.builder(fabric.prometheus().url()).build();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    @Test
    void answersInstantVectorsWithLabels() {
        List<Sample> samples = client.query("fabric_switch_os_info{datacenter=\"lab1\"}");
        assertEquals(4, samples.size());
        assertTrue(samples.stream().anyMatch(s -> s.label("instance").equals("leaf-r2-p1-pod1")
                && s.label("version").equals("5.9.1") && s.value() == 1.0));
    }

    @Test
    void readsTheScrapeIntervalOnceAndCountsTheBytesItReads() {
        long before = client.requestCount();
        assertEquals(java.util.Optional.of(java.time.Duration.ofSeconds(1)), client.scrapeInterval(),
                "the lab scrapes every second");
        assertEquals(java.util.Optional.of(java.time.Duration.ofSeconds(1)), client.scrapeInterval());
        assertEquals(before + 1, client.requestCount(), "asked once per client");
        PrometheusClient.Usage usage = client.threadUsage();
        client.query("fabric_switch_os_info{datacenter=\"lab1\"}");
        PrometheusClient.Usage one = client.threadUsage().minus(usage);
        assertEquals(1, one.requests());
        assertTrue(one.bytes() > 4 * "leaf-r1-p1-pod1".length(), "the answer's bytes: " + one.bytes());
    }

    @Test
    void filtersByLabelValuesOnTheServerEvenWithDollarsAndQuotes() {
        String filtered = "fabric_switch_os_info{datacenter=\"lab1\"} and on(version) "
                + PromQl.labelled("vector(1)", Map.of("version", "5.9.1"));
        assertEquals(4, client.query(filtered).size());
        String odd = "fabric_switch_os_info{datacenter=\"lab1\"} and on(version) "
                + PromQl.labelled("vector(1)", Map.of("version", "$1\" or vector(1) #"));
        assertEquals(0, client.query(odd).size());
    }

    @Test
    void anInjectedNameMatchesNothingInsteadOfEverything() {
        String evil = "x\"} or vector(1) #";
        assertEquals(0, client.query(PromQl.fill("fabric_switch_os_info{instance=\"${switch}\"}",
                Map.of("switch", evil))).size());
        assertEquals(0, client.query(PromQl.fill("fabric_switch_os_info{instance=~\"${switches}\"}",
                Map.of("switches", PromQl.alternation(List.of(evil, ".*", "leaf.+"))))).size());
        assertEquals(0, client.query(PromQl.fill("fabric_switch_os_info{instance=\"${switch}\"}",
                Map.of("switch", "leaf-r1-p1-pod1\\\"} or vector(1) #\n{"))).size());
        assertEquals(1, client.query(PromQl.fill("fabric_switch_os_info{instance=~\"${switches}\"}",
                Map.of("switches", PromQl.alternation(List.of("leaf-r1-p1-pod1", "leaf-r1-p1"))))).size());
    }

    @Test
    void promQlErrorsCarryPrometheusText() {
        PrometheusException e = assertThrows(PrometheusException.class, () -> client.query("sum(("));
        assertTrue(e.getMessage().contains("refused query 'sum(('"), e.getMessage());
        assertTrue(e.getMessage().contains("bad_data"), e.getMessage());
    }

    @Test
    void aStoppedServerIsAConnectionError() {
        PrometheusClient nowhere = PrometheusClient.builder("http://127.0.0.1:" + ExternalServer.freePort())
                .connectTimeout(Duration.ofSeconds(1)).build();
        PrometheusException e = assertThrows(PrometheusException.class, () -> nowhere.query("up"));
        assertTrue(e.getMessage().startsWith("cannot reach Prometheus at http://127.0.0.1:"), e.getMessage());
    }

    @Test
    void garbageIsNotMistakenForAnAnswer() throws IOException {
        HttpServer server = serve("<html>login page</html>", 200, 0, new AtomicReference<>());
        try {
            PrometheusClient garbage = PrometheusClient.builder(url(server)).build();
            PrometheusException e = assertThrows(PrometheusException.class, () -> garbage.query("up"));
            assertTrue(e.getMessage().contains("not the Prometheus API's JSON"), e.getMessage());
            assertTrue(e.getMessage().contains("login page"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void httpErrorsWithoutJsonSayTheStatus() throws IOException {
        HttpServer server = serve("Bad Gateway", 502, 0, new AtomicReference<>());
        try {
            PrometheusException e = assertThrows(PrometheusException.class,
                    () -> PrometheusClient.builder(url(server)).build().query("up"));
            assertTrue(e.getMessage().contains("HTTP 502"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aSlowServerTimesOut() throws IOException {
        HttpServer server = serve("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}", 200,
                3000, new AtomicReference<>());
        try {
            PrometheusClient slow = PrometheusClient.builder(url(server)).timeout(Duration.ofMillis(300)).build();
            PrometheusException e = assertThrows(PrometheusException.class, () -> slow.query("up"));
            assertTrue(e.getMessage().contains("did not answer in time"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void sendsBearerAndBasicAuthenticationWithoutPrintingIt() throws IOException {
        AtomicReference<String> seen = new AtomicReference<>();
        HttpServer server = serve("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}", 200, 0, seen);
        try {
            PrometheusClient bearer = PrometheusClient.builder(url(server)).bearerToken("s3cr3t-token").build();
            assertEquals(List.of(), bearer.query("up"));
            assertEquals("Bearer s3cr3t-token", seen.get());
            assertTrue(!bearer.toString().contains("s3cr3t"));
            PrometheusClient.builder(url(server)).basicAuth("ops", "pw").build().query("up");
            assertEquals("Basic b3BzOnB3", seen.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void refusesAUrlThatIsNotHttp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrometheusClient.builder("prometheus:9090"));
        assertTrue(e.getMessage().contains("not an http(s) URL"), e.getMessage());
    }

    private static HttpServer serve(String body, int status, long delayMillis, AtomicReference<String> authorization)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
}
