package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MLAG-aware order against the lab, whose leaf pairs are MLAG peers with the rack's first switch the primary: a round
 * that picks a primary upgrades the rack's secondary first and says so, and when the primary goes at last the log
 * says that the roles swap. The order is proven from the lab's command record.
 */
class MlagOrderRoundTest {
    private static Fabric fabric;
    @TempDir
    Path reportDir;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(2).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(800))
                .convergeTime(Duration.ofMillis(200)).build().start();
        fabric.prometheus().awaitSeries("fabric_switch_clag_role", 4, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    @Test
    void theSecondaryOfARackIsUpgradedBeforeItsPrimaryAndThePrimarySaysTheRolesSwap() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        AuditTrail audit = AuditTrail.builder("mlag-order #1").jsonLines(reportDir.resolve("audit.jsonl")).build();
        StepContext context = StepContext.builder().prometheus(PrometheusClient.builder(fabric.prometheus().url()).build())
                .artifacts(new DirectoryArtifactStore(reportDir)).audit(audit).console(log::add)
                .silencer(AlertSilencer.builder(fabric.alertmanager().url()).build()).lock(LabRounds.held())
                .driver(CumulusOnie.defaults()).actor("mlag-order #1")
                .awaitSettings(ExporterAwait.Settings.defaults().withPoll(Duration.ofMillis(100)))
                .sshTargets(s -> SshTarget.builder().name(s.name()).host(s.address()).port(fabric.ssh().port())
                        .user(fabric.ssh().user()).privateKeyFile(fabric.ssh().clientKeyFile())
                        .knownHostsFile(fabric.ssh().knownHostsFile()).build())
                .build();
        // with seed 1 the picker draws the primaries of both racks first; the round elects their secondaries instead
        RoundReport report = new UpgradeRound(context).run(new RoundOptions(fabric.settings().datacenter(), Role.LEAF,
                fabric.settings().fromVersion(), fabric.settings().toVersion(), null, 0, 1, 1L,
                Duration.ofMinutes(10), Duration.ofSeconds(10), List.of()));
        assertEquals(RoundReport.Status.COMPLETED, report.status(), report.reason());
        List<String> order = fabric.commands().entries().stream().filter(e -> e.command().trim().equals("reboot"))
                .map(e -> e.switchName()).toList();
        assertEquals(4, order.size(), order.toString());
        for (String rack : List.of("r1", "r2")) {
            assertTrue(order.indexOf("leaf-" + rack + "-p2-pod1") < order.indexOf("leaf-" + rack + "-p1-pod1"),
                    "the secondary of " + rack + " before its primary: " + order);
        }
        assertTrue(log.stream().anyMatch(l -> l.startsWith("MLAG: electing leaf-r1-p2-pod1, the secondary of rack "
                + "1, before the primary leaf-r1-p1-pod1")), String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("MLAG: leaf-r1-p1-pod1 is the primary of rack 1 and no "
                + "secondary of its rack is left to upgrade first") && l.endsWith("(the roles swap)")),
                String.join("\n", log));
    }

}
