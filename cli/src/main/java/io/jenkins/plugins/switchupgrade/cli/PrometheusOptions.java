package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The flags of every command that reads the fleet from Prometheus: where it is and which PromQL to run. */
final class PrometheusOptions {
    @Option(names = "--prometheus", paramLabel = "URL",
            description = "Required. The Prometheus that scrapes the switches, e.g. http://127.0.0.1:9090.")
    String url;

    @Option(names = "--metrics-profile", paramLabel = "FILE",
            description = "A JSON metrics profile: the site's own PromQL and labels (docs/metrics-profile.md); "
                    + "default: the seed's fabric_switch_* metrics.")
    Path metricsProfile;

    @Option(names = "--max-inventory", paramLabel = "N",
            description = "Refuse an inventory answer with more than N switches (1..1000000; default: the profile's "
                    + "bound), so that a too-wide query is never acted on.")
    Integer maxInventory;

    void require(Flags flags) {
        flags.require(url, "--prometheus", "http://127.0.0.1:9090");
    }

    PrometheusClient client() {
        try {
            return PrometheusClient.builder(url).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    MetricsProfile profile() {
        MetricsProfile profile = MetricsProfile.defaults();
        if (metricsProfile != null) {
            try {
                profile = MetricsProfile.fromJson(Files.readString(metricsProfile));
            } catch (IOException e) {
                throw new UsageException("cannot read --metrics-profile " + metricsProfile + ": "
                        + io.jenkins.plugins.switchupgrade.text.ProblemText.of(e));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--metrics-profile " + metricsProfile + ": " + e.getMessage());
            }
        }
        Integer max = Flags.within("--max-inventory", maxInventory, 1, 1_000_000);
        return max == null ? profile : profile.toBuilder().maxInventory(max).build();
    }
}
