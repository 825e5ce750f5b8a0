package io.jenkins.plugins.switchupgrade.gates;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.SilenceState;
import io.jenkins.plugins.switchupgrade.audit.AuditEvent;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.campaign.RoundOptions;
import io.jenkins.plugins.switchupgrade.campaign.RoundReport;
import io.jenkins.plugins.switchupgrade.core.SafetyException;
import io.jenkins.plugins.switchupgrade.campaign.SwitchResult;
import io.jenkins.plugins.switchupgrade.campaign.UpgradeRound;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.lab.ExternalServer;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusException;
import io.jenkins.plugins.switchupgrade.steps.ReprovisionSwitch;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import io.jenkins.plugins.switchupgrade.steps.ValidateSibling;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prometheus and Alertmanager killed (by PID, through the lab's server objects) at each phase: before the
 * validation, between the validation and the command, after the silence. Nothing is ever sent on a verdict that
 * could not be read fresh; the command record of every switch proves it.
 */
class GatesOutageLabTest {
    private static Fabric fabric;
    private static HttpServer webhook;
    /** What the webhook does when it receives the event of the armed kind, before it answers. */
    private static final AtomicReference<String> armedFor = new AtomicReference<>();
    private static final AtomicReference<Runnable> hook = new AtomicReference<>();
    @TempDir
    Path artifacts;
    private final List<String> console = new ArrayList<>();
    private Instant since;

    @BeforeAll
    static void start() throws IOException {
        fabric = Fabric.builder().racks(3).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(1500))
                .convergeTime(Duration.ofMillis(300)).build().start();
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        webhook.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String kind = armedFor.get();
            if (kind != null && body.contains("\"event\":\"" + kind + "\"")) {
                armedFor.set(null);
                hook.getAndSet(null).run();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
    }

    @AfterAll
    static void stop() {
        webhook.stop(0);
        fabric.close();
    }

    @BeforeEach
    void mark() {
        since = Instant.now();
    }

    @AfterEach
    void bringEverythingBack() {
        armedFor.set(null);
        if (!fabric.alertmanager().isRunning()) {
            fabric.alertmanager().start(Duration.ofSeconds(30));
        }
        if (!fabric.prometheus().isRunning()) {
            fabric.prometheus().start(Duration.ofSeconds(30));
            fabric.prometheus().awaitSeries("up == 1", fabric.switches().size(), Duration.ofSeconds(60));
        }
        GateLab.expireAllSilences(fabric);
    }

    private StepContext context() {
        String url = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/changelog";
        return GateLab.context(fabric, artifacts, GateLab.audit(artifacts, url), MetricsProfile.defaults(), console);
    }

    private void killOn(String event, ExternalServer server) {
        hook.set(server::stop);
        armedFor.set(event);
    }

    private void assertNoSwitchDisrupted() {
        assertEquals(Set.of(), GateLab.disruptedSince(fabric, since), String.join("\n", console));
    }

    private List<AuditEvent> events() {
        return AuditTrail.read(artifacts.resolve("audit.jsonl"));
    }

    private String silenceOf(String name) {
        return events().stream().filter(e -> e.kind() == AuditKind.SILENCE_CREATED && e.switchName().equals(name))
                .map(e -> String.valueOf(e.details().get("silenceId"))).findFirst().orElse(null);
    }

    @Test
    void prometheusKilledBeforeTheValidation() {
        fabric.prometheus().stop();
        StepContext context = context();
        PrometheusException e = assertThrows(PrometheusException.class, () -> new ValidateSibling(context)
                .run(new ValidateSibling.Request().candidate("leaf-r1-p1-pod1")));
        assertTrue(e.getMessage().contains("cannot reach Prometheus at " + fabric.prometheus().url()), e.getMessage());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), "no Java class name: " + e.getMessage());
        assertThrows(RuntimeException.class, () -> new ReprovisionSwitch(context)
                .run(new ReprovisionSwitch.Request().target("leaf-r1-p1-pod1")));
        assertNoSwitchDisrupted();
        assertTrue(GateLab.commandsSince(fabric, since).isEmpty(), "no switch was even asked anything");
        assertEquals(null, silenceOf("leaf-r1-p1-pod1"), "nothing was silenced");
    }

    @Test
    void prometheusKilledBetweenTheValidationAndTheCommand() {
        // the round validates, then Prometheus dies before the command: the gates cannot be read, nothing is sent
        killOn("validation-passed", fabric.prometheus());
        RoundReport report = new UpgradeRound(context()).run(new RoundOptions("lab1", Role.LEAF,
                fabric.settings().fromVersion(), fabric.settings().toVersion(), 1, 1, 1, 3L, Duration.ofMinutes(10),
                Duration.ofSeconds(10)));
        assertEquals(RoundReport.Status.ABORTED, report.status(), report.reason());
        SwitchResult failed = report.switches().stream().filter(r -> r.outcome() == SwitchResult.Outcome.FAILED)
                .findFirst().orElseThrow(() -> new AssertionError(report.switches().toString()));
        assertTrue(failed.reason().contains("was not touched: the gates could not be read at this moment"),
                failed.reason());
        assertTrue(failed.reason().contains("cannot reach Prometheus"), failed.reason());
        assertNoSwitchDisrupted();
        String silence = silenceOf(failed.name());
        assertEquals(SilenceState.EXPIRED, AlertSilencer.builder(fabric.alertmanager().url()).build().state(silence)
                .orElseThrow(), "the silence made before the refusal was expired");
    }

    @Test
    void alertmanagerKilledBetweenTheValidationAndTheCommand() {
        killOn("validation-passed", fabric.alertmanager());
        RoundReport report = new UpgradeRound(context()).run(new RoundOptions("lab1", Role.LEAF,
                fabric.settings().fromVersion(), fabric.settings().toVersion(), 1, 1, 1, 4L, Duration.ofMinutes(10),
                Duration.ofSeconds(10)));
        assertEquals(RoundReport.Status.ABORTED, report.status(), report.reason());
        SwitchResult failed = report.switches().stream().filter(r -> r.outcome() == SwitchResult.Outcome.FAILED)
                .findFirst().orElseThrow(() -> new AssertionError(report.switches().toString()));
        assertTrue(failed.reason().contains("was not touched"), failed.reason());
        assertTrue(failed.reason().contains("cannot reach Alertmanager"), failed.reason());
        assertNoSwitchDisrupted();
        assertEquals(null, silenceOf(failed.name()), "no silence could be made, so nothing was sent");
    }

    @Test
    void prometheusKilledAfterTheSilence() {
        String candidate = "leaf-r2-p1-pod1";
        StepContext context = context();
        new ValidateSibling(context).run(new ValidateSibling.Request().candidate(candidate));
        killOn("silence-created", fabric.prometheus());
        SafetyException e = assertThrows(SafetyException.class, () -> new ReprovisionSwitch(context)
                .run(new ReprovisionSwitch.Request().target(candidate)));
        assertTrue(e.nothingSent());
        assertTrue(e.getMessage().contains(candidate + " was not touched: the gates could not be read"),
                e.getMessage());
        assertNoSwitchDisrupted();
        assertEquals(SilenceState.EXPIRED, AlertSilencer.builder(fabric.alertmanager().url()).build()
                .state(silenceOf(candidate)).orElseThrow());
        assertTrue(events().stream().anyMatch(ev -> ev.kind() == AuditKind.GATE_REFUSED
                && ev.switchName().equals(candidate)), events().toString());
    }

    @Test
    void alertmanagerKilledAfterTheSilence() {
        String candidate = "leaf-r3-p1-pod1";
        StepContext context = context();
        new ValidateSibling(context).run(new ValidateSibling.Request().candidate(candidate));
        killOn("silence-created", fabric.alertmanager());
        SafetyException e = assertThrows(SafetyException.class, () -> new ReprovisionSwitch(context)
                .run(new ReprovisionSwitch.Request().target(candidate)));
        assertTrue(e.nothingSent());
        assertTrue(e.getMessage().contains("cannot reach Alertmanager"), e.getMessage());
        assertNoSwitchDisrupted();
        String silence = silenceOf(candidate);
        // Alertmanager is gone, so the silence cannot be expired: the console says which one to expire by hand
        assertTrue(console.stream().anyMatch(l -> l.contains("could not expire the silence " + silence)
                && l.contains("by hand")), String.join("\n", console));
    }

    @Test
    void alertmanagerDownAtRoundStart() {
        fabric.alertmanager().stop();
        RoundReport report = new UpgradeRound(context()).run(new RoundOptions("lab1", Role.LEAF,
                fabric.settings().fromVersion(), fabric.settings().toVersion(), 1, 1, 1, 3L, Duration.ofMinutes(10),
                Duration.ofSeconds(10)));
        assertEquals(RoundReport.Status.ABORTED, report.status());
        assertTrue(report.reason().startsWith("the round did not start: the gates could not be read at this moment"),
                report.reason());
        assertTrue(report.reason().contains("cannot reach Alertmanager"), report.reason());
        assertNoSwitchDisrupted();
        assertTrue(GateLab.commandsSince(fabric, since).isEmpty(), "no switch was even asked anything");
    }
}
