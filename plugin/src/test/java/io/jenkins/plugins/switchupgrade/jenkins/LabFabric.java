package io.jenkins.plugins.switchupgrade.jenkins;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.ListedSilence;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lab fabric of one test class ({@code @RegisterExtension static final LabFabric lab = ...}): started before its
 * first test, stopped after its last; each test's Jenkins is {@linkplain #configure() configured} for it. After each
 * test the fleet settles: every switch is back and scraped, and every silence is expired, because the live gates
 * rightly refuse to disrupt a data center with a switch down or a round of this tool in flight.
 */
final class LabFabric implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final int racks;
    private final Duration reboot;
    private Fabric fabric;

    /** The fabric {@link Lab#start} builds: {@code racks} racks, switches down for {@code reboot} when they reboot. */
    LabFabric(int racks, Duration reboot) {
        this.racks = racks;
        this.reboot = reboot;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fabric = Lab.start(racks, reboot);
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (LabSwitch labSwitch : fabric.switches()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((labSwitch.isRebooting() || !labSwitch.isUp()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            fabric.prometheus().awaitSeries("up{instance=\"" + labSwitch.name() + "\"} == 1", 1,
                    Duration.ofSeconds(30));
        }
        AlertSilencer silencer = AlertSilencer.builder(fabric.alertmanager().url()).build();
        for (ListedSilence silence : silencer.activeSilences()) {
            silencer.expire(silence.id());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        fabric.close();
    }

    Fabric fabric() {
        return fabric;
    }

    /** Configures the running test Jenkins for the fabric (see {@link Lab#configure}) and returns the fabric. */
    Fabric configure() throws IOException {
        Lab.configure(fabric);
        return fabric;
    }
}
