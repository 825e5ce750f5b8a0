package io.jenkins.plugins.switchupgrade.jenkins;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lab fabric of one test class ({@code @RegisterExtension static final LabFabric lab = ...}): started before its
 * first test, stopped after its last; each test's Jenkins is {@linkplain #configure() configured} for it.
 */
final class LabFabric implements BeforeAllCallback, AfterAllCallback {

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
