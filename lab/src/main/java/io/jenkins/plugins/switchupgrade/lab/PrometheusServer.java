package io.jenkins.plugins.switchupgrade.lab;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real Prometheus server (Debian package {@code prometheus}) on 127.0.0.1, scraping the lab's exporters
 * through file-based service discovery at a 1 s interval, with {@code honor_labels} so that each switch's
 * {@code instance} label survives.
 */
public final class PrometheusServer extends ExternalServer {
    /** One scrape target of the file-based discovery, with the labels it adds. */
    public record Target(InetSocketAddress address, Map<String, String> labels) {
    }

    private final Duration scrapeInterval;

    public PrometheusServer(Path workDir, Duration scrapeInterval) {
        super("Prometheus", workDir, freePort());
        this.scrapeInterval = scrapeInterval;
    }

    public Duration scrapeInterval() {
        return scrapeInterval;
    }

    @Override
    protected List<String> command() throws IOException {
        Path binary = findBinary("prometheus", "prometheus");
        long intervalMillis = Math.max(100, scrapeInterval.toMillis());
        String config = "global:\n"
                + "  scrape_interval: " + intervalMillis + "ms\n"
                + "  scrape_timeout: " + intervalMillis + "ms\n"
                + "  evaluation_interval: " + intervalMillis + "ms\n"
                + "scrape_configs:\n"
                + "  - job_name: fabric\n"
                + "    honor_labels: true\n"
                + "    file_sd_configs:\n"
                + "      - files: ['" + workDir().resolve("targets.json") + "']\n"
                + "        refresh_interval: 1s\n";
        Files.writeString(workDir().resolve("prometheus.yml"), config);
        if (!Files.exists(workDir().resolve("targets.json"))) {
            Files.writeString(workDir().resolve("targets.json"), "[]");
        }
        return List.of(binary.toString(),
                "--config.file=" + workDir().resolve("prometheus.yml"),
                "--storage.tsdb.path=" + workDir().resolve("data"),
                "--storage.tsdb.retention.time=2h",
                "--web.listen-address=127.0.0.1:" + port(),
                "--log.level=warn");
    }

    @Override
    protected String readinessPath() {
        return "/-/ready";
    }

    /** Replaces the discovery file atomically; Prometheus picks it up within about a second. */
    public void setTargets(List<Target> targets) {
        JsonArray groups = new JsonArray();
        for (Target target : targets) {
            JsonObject group = new JsonObject();
            JsonArray addresses = new JsonArray();
            addresses.add(target.address().getAddress().getHostAddress() + ":" + target.address().getPort());
            group.add("targets", addresses);
            JsonObject labels = new JsonObject();
            target.labels().forEach(labels::addProperty);
            group.add("labels", labels);
            groups.add(group);
        }
        try {
            Files.createDirectories(workDir());
            Path temp = workDir().resolve("targets.json.tmp");
            Files.writeString(temp, groups.toString());
            Files.move(temp, workDir().resolve("targets.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Prometheus targets file: " + e.getMessage(), e);
        }
    }

    /** Runs an instant query and returns the number of series in its answer (0 on any error). */
    public int seriesCount(String promql) {
        JsonObject answer = query(promql);
        if (answer == null || !"success".equals(answer.get("status").getAsString())) {
            return 0;
        }
        JsonElement result = answer.getAsJsonObject("data").get("result");
        return result.isJsonArray() ? result.getAsJsonArray().size() : 0;
    }

    /**
     * Waits until an instant query answers at least {@code series} series, polling every 100 ms; fails with the
     * last count when the time is up.
     */
    public void awaitSeries(String promql, int series, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            seen = seriesCount(promql);
            if (seen >= series) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("Prometheus at " + url() + " answered " + seen + " series for '" + promql
                + "' where " + series + " were expected within " + within.toMillis() + " ms; its log: " + tail());
    }

    private JsonObject query(String promql) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url() + "/api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8)).toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(10_000);
            try (InputStream in = connection.getResponseCode() < 400 ? connection.getInputStream()
                    : connection.getErrorStream()) {
                return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
            } finally {
                connection.disconnect();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
