package io.jenkins.plugins.switchupgrade.await;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.Console;
import io.jenkins.plugins.switchupgrade.ports.Sleeper;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An open port is not "back" until Prometheus has scraped the switch again. */
class FreshSampleTest {
    @Test
    void anOpenPortWithoutAFreshScrapeIsNotBack() {
        try (Fabric fabric = Fabric.builder().racks(1).spines(0).rebootTime(Duration.ofMillis(1000)).build().start()) {
            LabSwitch leaf = fabric.get("leaf-r1-p1-pod1");
            ExporterAwait await = new ExporterAwait(PrometheusClient.builder(fabric.prometheus().url()).build(),
                    MetricsProfile.defaults(), Console.silent(), Clock.systemUTC(), Sleeper.system(),
                    ExporterAwait.Settings.defaults().withLimits(Duration.ofSeconds(10), Duration.ofSeconds(10),
                            Duration.ofSeconds(4)).withPoll(Duration.ofMillis(100)));
            AwaitState start = await.begin(leaf.name());
            // Prometheus stops scraping the fabric: its old samples stay, but none is fresh
            fabric.prometheus().setTargets(List.of());
            fabric.prometheus().awaitSeries("absent(up{instance=\"leaf-r1-p1-pod1\"})", 1, Duration.ofSeconds(30));
            fabric.reboot(leaf, "5.10.0");
            AwaitException e = assertThrows(AwaitException.class,
                    () -> await.await(leaf.name(), leaf.address().getHostAddress(), start));
            assertEquals(AwaitState.Phase.WAIT_FRESH, e.state().phase(), e.getMessage());
            assertTrue(e.getMessage().contains("Prometheus has no up == 1 sample of it scraped after"), e.getMessage());
        }
    }
}
