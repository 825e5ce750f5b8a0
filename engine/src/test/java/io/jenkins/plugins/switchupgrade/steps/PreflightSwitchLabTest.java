package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.drivers.PreflightResult;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code preflightSwitch} facade against the lab: located in Prometheus, read over SSH, nothing else sent. */
class PreflightSwitchLabTest {

    @TempDir
    Path artifacts;

    @Test
    void aVirtualChassisIsLocatedAndReadAndAnUnknownSwitchIsRefused() {
        String off = "leaf-r1-p2-pod1";
        try (Fabric fabric = Fabric.builder().racks(1).spines(0).platform("aos").fromVersion("7.3.1.748.R01")
                .toVersion("7.3.2.374.R01").fault(off, LabFault.MAC_RETENTION_OFF).build().start()) {
            List<String> log = new ArrayList<>();
            StepContext context = StepContext.builder().prometheus(PrometheusClient.builder(fabric.prometheus().url())
                    .build()).artifacts(new DirectoryArtifactStore(artifacts)).console(log::add).build();
            PreflightSwitch step = new PreflightSwitch(context, s -> SshTarget.builder().name(s.name())
                    .host(s.address()).port(fabric.ssh().port()).user(fabric.ssh().user())
                    .privateKeyFile(fabric.ssh().clientKeyFile()).knownHostsFile(fabric.ssh().knownHostsFile())
                    .build());

            PreflightResult ready = step.run("leaf-r1-p1-pod1");
            PreflightResult notReady = step.run(off);
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> step.run("leaf-r9-p1-pod1"));

            assertEquals(PreflightResult.Verdict.PASSED, ready.verdict());
            assertEquals("aos", ready.platform());
            assertEquals(PreflightResult.Verdict.FAILED, notReady.verdict());
            assertTrue(unknown.getMessage().contains("does not know switch 'leaf-r9-p1-pod1'"), unknown.getMessage());
            assertEquals(List.of("show virtual-chassis topology", "show microcode", "show mac-retention status"),
                    fabric.commands().commands(off));
            assertTrue(log.stream().anyMatch(l -> l.equals(off + ": failed")), String.join("\n", log));
        }
    }
}
