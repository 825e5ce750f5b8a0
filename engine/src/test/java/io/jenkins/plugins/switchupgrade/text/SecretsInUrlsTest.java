package io.jenkins.plugins.switchupgrade.text;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.AlertmanagerException;
import io.jenkins.plugins.switchupgrade.alerts.Silence;
import io.jenkins.plugins.switchupgrade.alerts.SilenceState;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.lab.ExternalServer;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets written into URLs are used as credentials and never shown: not in URLs kept by clients, console lines,
 * audit files, webhook bodies or exception messages; a token in a query string is refused. Against the lab's real
 * Prometheus and Alertmanager and a real HTTP webhook.
 */
class SecretsInUrlsTest {
    private static final String SECRET = "s3cr3t-Pa55";
    private static Fabric fabric;
    @TempDir
    Path dir;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(1).spines(0).ssh(false).alertmanager(true).build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    private static String withUser(String url) {
        return url.replace("http://", "http://ops:" + SECRET + "@");
    }

    @Test
    void redactionHidesPasswordsAndTokens() {
        assertEquals("see http://ops:***@prom.example:9090/api", Redaction.redact("see http://ops:" + SECRET
                + "@prom.example:9090/api"));
        assertEquals("https://hook.example/x?token=***&team=net", Redaction.redact("https://hook.example/x?token="
                + SECRET + "&team=net"));
        assertEquals("http://h/?api_key=***", Redaction.redact("http://h/?api_key=" + SECRET));
        assertEquals("plain text stays", Redaction.redact("plain text stays"));
    }

    @Test
    void aTokenInTheQueryStringIsRefusedAndNotRepeated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrometheusClient.builder(fabric.prometheus().url() + "/?access_token=" + SECRET));
        assertTrue(e.getMessage().contains("carries a secret in its query string (access_token=***)"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        IllegalArgumentException am = assertThrows(IllegalArgumentException.class,
                () -> AlertSilencer.builder(fabric.alertmanager().url() + "?token=" + SECRET));
        assertFalse(am.getMessage().contains(SECRET), am.getMessage());
        // a webhook may authenticate by a query key: it is used as its credential, and never shown
        AuditTrail trail = AuditTrail.builder("t").webhook("https://hook.example/events?sig=" + SECRET).build();
        assertFalse(trail.toString().contains(SECRET), trail.toString());
    }

    @Test
    void prometheusCredentialsInTheUrlAreUsedAndNeverShown() {
        PrometheusClient client = PrometheusClient.builder(withUser(fabric.prometheus().url())).build();
        assertFalse(client.query("fabric_switch_os_info").isEmpty(), "the client works");
        assertFalse(client.url().contains(SECRET), client.url());
        assertFalse(client.url().contains("ops"), client.url());
        assertFalse(client.toString().contains(SECRET));
        PrometheusClient down = PrometheusClient.builder(withUser("http://127.0.0.1:" + ExternalServer.freePort()))
                .connectTimeout(Duration.ofSeconds(1)).build();
        PrometheusException e = assertThrows(PrometheusException.class, () -> down.query("up"));
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), "a sentence, no Java class name: " + e.getMessage());
    }

    @Test
    void alertmanagerCredentialsInTheUrlAreUsedAndNeverShown() {
        AlertSilencer silencer = AlertSilencer.builder(withUser(fabric.alertmanager().url())).build();
        Silence silence = silencer.silence("leaf-r1-p1-pod1", Duration.ofMinutes(5), "test", "test");
        try {
            assertEquals(SilenceState.ACTIVE, silencer.state(silence.id()).orElseThrow());
            assertFalse(silencer.url().contains(SECRET), silencer.url());
            assertFalse(silencer.toString().contains(SECRET));
        } finally {
            silencer.expire(silence.id());
        }
        AlertSilencer down = AlertSilencer.builder(withUser("http://127.0.0.1:" + ExternalServer.freePort()))
                .connectTimeout(Duration.ofSeconds(1)).build();
        AlertmanagerException e = assertThrows(AlertmanagerException.class, () -> down.activeSilences());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }

    @Test
    void webhookCredentialsAreSentAsAuthorizationAndEveryTextIsRedacted() throws IOException {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            List<String> console = new ArrayList<>();
            Path file = dir.resolve("audit.jsonl");
            AuditTrail audit = AuditTrail.builder("test").console(console::add).jsonLines(file)
                    .webhook("http://hook:" + SECRET + "@127.0.0.1:" + server.getAddress().getPort() + "/events").build();
            // a reason and details that quote a URL with its secret, as an error message from elsewhere might
            audit.record(AuditKind.ROUND_STARTED, "", "using http://ops:" + SECRET + "@prometheus:9090",
                    Map.of("prometheus", "http://ops:" + SECRET + "@prometheus:9090", "hook",
                            "https://h.example/?token=" + SECRET));
            assertEquals("Basic " + Base64.getEncoder().encodeToString(("hook:" + SECRET)
                    .getBytes(StandardCharsets.UTF_8)), authorizations.get(0), "the URL's credentials are used");
            assertFalse(bodies.get(0).contains(SECRET), bodies.get(0));
            assertTrue(bodies.get(0).contains("http://ops:***@prometheus:9090"), bodies.get(0));
            String written = Files.readString(file);
            assertFalse(written.contains(SECRET), written);
            assertFalse(String.join("\n", console).contains(SECRET), console.toString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void progressLinesThatQuoteASecretAreRedactedBeforeTheHostPrintsThem() {
        List<String> lines = new ArrayList<>();
        io.jenkins.plugins.switchupgrade.core.StepContext context = io.jenkins.plugins.switchupgrade.core.StepContext
                .builder().prometheus(PrometheusClient.builder(fabric.prometheus().url()).build())
                .artifacts(new io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore(dir)).console(lines::add)
                .build();
        context.console().log("retrying http://ops:" + SECRET + "@prometheus:9090/api?token=" + SECRET);
        context.withConsole(lines::add).console().log("again http://ops:" + SECRET + "@h");
        assertEquals(List.of("retrying http://ops:***@prometheus:9090/api?token=***", "again http://ops:***@h"), lines);
    }

    @Test
    void problemTextsNameNoJavaClass() {
        assertEquals("connection refused", ProblemText.of(new java.net.ConnectException("Connection refused")));
        assertEquals("no such host: prometheus.invalid", ProblemText.of(new java.net.UnknownHostException(
                "prometheus.invalid")));
        assertEquals("'a\\u000ab'", ProblemText.printable("a\nb", 20));
    }
}
