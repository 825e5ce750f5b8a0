package io.jenkins.plugins.switchupgrade.gates;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.ListedSilence;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.lab.CommandRecord;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.ports.FleetLock;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import io.jenkins.plugins.switchupgrade.core.StepContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What the gate tests share: a context on the lab, the command record since a moment, alerts posted to Alertmanager. */
final class GateLab {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private GateLab() {
    }

    static FleetLock held() {
        return new FleetLock() {
            @Override
            public String name() {
                return "switch-upgrade-lab1";
            }

            @Override
            public boolean isHeld() {
                return true;
            }
        };
    }

    static StepContext context(Fabric fabric, Path artifacts, AuditTrail audit, MetricsProfile profile,
                               List<String> console) {
        return StepContext.builder().prometheus(PrometheusClient.builder(fabric.prometheus().url())
                        .connectTimeout(Duration.ofSeconds(2)).timeout(Duration.ofSeconds(5)).build())
                .profile(profile).console(console::add)
                .artifacts(new DirectoryArtifactStore(artifacts)).audit(audit)
                .silencer(AlertSilencer.builder(fabric.alertmanager().url()).connectTimeout(Duration.ofSeconds(2))
                        .timeout(Duration.ofSeconds(5)).build())
                .lock(held()).driver(CumulusOnie.defaults()).actor("test #1")
                .awaitSettings(ExporterAwait.Settings.defaults().withPoll(Duration.ofMillis(100)))
                .sshTargets(s -> SshTarget.builder().name(s.name()).host(s.address()).port(fabric.ssh().port())
                        .user(fabric.ssh().user()).privateKeyFile(fabric.ssh().clientKeyFile())
                        .knownHostsFile(fabric.ssh().knownHostsFile()).build())
                .build();
    }

    static AuditTrail audit(Path artifacts, String webhook) {
        AuditTrail.Builder builder = AuditTrail.builder("test #1").jsonLines(artifacts.resolve("audit.jsonl"));
        if (webhook != null) {
            builder.webhook(webhook);
        }
        return builder.build();
    }

    /** Every command each switch received since {@code since}. */
    static List<CommandRecord.Entry> commandsSince(Fabric fabric, Instant since) {
        List<CommandRecord.Entry> entries = new ArrayList<>();
        for (CommandRecord.Entry entry : fabric.commands().entries()) {
            if (!entry.time().isBefore(since)) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** The switches that received onie-select, reboot or a provisioning command since {@code since}. */
    static Set<String> disruptedSince(Fabric fabric, Instant since) {
        Set<String> names = new TreeSet<>();
        for (CommandRecord.Entry entry : commandsSince(fabric, since)) {
            String c = entry.command();
            if (c.contains("onie-select") || c.contains("reboot") || c.contains("provision") || c.contains("issu")) {
                names.add(entry.switchName());
            }
        }
        return names;
    }

    /** Posts one alert to Alertmanager, firing for an hour or (firing false) resolved. */
    static void alert(Fabric fabric, Map<String, String> labels, boolean firing) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> alert = Map.of("labels", labels, "startsAt", now.minusSeconds(60).toString(),
                "endsAt", (firing ? now.plusSeconds(3600) : now.minusSeconds(1)).toString());
        post(fabric.alertmanager().url() + "/api/v2/alerts", Json.compact(List.of(alert)));
    }

    static void post(String url, String body) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Expires every active silence, so that no test's silence closes another test's gates. */
    static void expireAllSilences(Fabric fabric) {
        AlertSilencer silencer = AlertSilencer.builder(fabric.alertmanager().url()).build();
        for (ListedSilence silence : silencer.activeSilences()) {
            silencer.expire(silence.id());
        }
    }

    /** Waits until the switch went through a reboot and Prometheus scrapes it again. */
    static void awaitBack(Fabric fabric, String name, long rebootsBefore) {
        LabSwitch labSwitch = fabric.get(name);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((labSwitch.reboots() <= rebootsBefore || labSwitch.isRebooting() || !labSwitch.isUp())
                && System.nanoTime() < deadline) {
            sleep(100);
        }
        fabric.prometheus().awaitSeries("up{instance=\"" + name + "\"} == 1", 1, Duration.ofSeconds(30));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
