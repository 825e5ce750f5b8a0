package io.jenkins.plugins.switchupgrade.validation;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import io.jenkins.plugins.switchupgrade.steps.ValidateSibling;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MLAG side of the sibling check against the lab's Cumulus leaf pairs: a peer link down or an orphan port with
 * traffic skips the switch with the reason; a healthy pair passes and says when the primary goes; spines, which
 * have no MLAG, are judged as before.
 */
class MlagCheckLabTest {
    private static Fabric fabric;
    @TempDir
    Path dir;
    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(3).spines(2).ssh(false).fault("leaf-r2-p2-pod1", LabFault.CLAG_PEER_DOWN)
                .fault("leaf-r3-p1-pod1", LabFault.ORPHAN_PORT).build().start();
        fabric.prometheus().awaitSeries("fabric_switch_clag_peer_alive", 6, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    private Verdict validate(String candidate) {
        StepContext context = StepContext.builder().prometheus(PrometheusClient.builder(fabric.prometheus().url())
                .build()).artifacts(new DirectoryArtifactStore(dir)).console(log::add).build();
        return new ValidateSibling(context).validate(new ValidateSibling.Request().candidate(candidate));
    }

    @Test
    void aHealthyPairPassesAndThePrimarySaysTheRolesWillSwap() {
        Verdict primary = validate("leaf-r1-p1-pod1");
        assertTrue(primary.passed(), primary.reasons().toString());
        assertTrue(log.contains("MLAG: leaf-r1-p1-pod1 is the primary; while it is down leaf-r1-p2-pod1 takes over "
                + "and the roles swap (reboot the secondary first to keep them)"), log.toString());
        assertTrue(primary.checks().stream().anyMatch(c -> c.metric().equals("clag_orphan_ports") && c.passed()));
        Verdict secondary = validate("leaf-r1-p2-pod1");
        assertTrue(secondary.passed(), secondary.reasons().toString());
        assertTrue(log.contains("MLAG: leaf-r1-p2-pod1 is the secondary; leaf-r1-p1-pod1 stays primary"), log.toString());
    }

    @Test
    void aPeerLinkDownSkipsBothSwitchesOfThePair() {
        Verdict own = validate("leaf-r2-p2-pod1");
        assertFalse(own.passed());
        assertTrue(own.reasons().contains("the MLAG peer link of leaf-r2-p2-pod1 is down (clagd sees no peer): "
                + "leaf-r2-p1-pod1 could not carry the dual-attached hosts while leaf-r2-p2-pod1 is down"),
                own.reasons().toString());
        Verdict peer = validate("leaf-r2-p1-pod1");
        assertFalse(peer.passed());
        assertTrue(peer.reasons().contains("the MLAG peer link of leaf-r2-p2-pod1 is down (clagd on the sibling sees "
                + "no peer): it could not carry the hosts of leaf-r2-p1-pod1"), peer.reasons().toString());
    }

    @Test
    void anOrphanPortWithTrafficSkipsTheSwitchAndNamesThePort() {
        Verdict verdict = validate("leaf-r3-p1-pod1");
        assertFalse(verdict.passed());
        assertEquals(List.of("leaf-r3-p1-pod1 has 1 single-attached (orphan) port(s) carrying traffic: swp7; their "
                + "hosts would be cut off while it is down"), verdict.reasons());
        assertTrue(validate("leaf-r3-p2-pod1").passed(), "its peer carries no orphan port");
    }

    @Test
    void spinesHaveNoMlagAndAreJudgedAsBefore() {
        Verdict spine = validate("spine-s1-pod1");
        assertTrue(spine.passed(), spine.reasons().toString());
        assertTrue(spine.checks().stream().noneMatch(c -> c.metric().startsWith("clag_")), spine.checks().toString());
    }

    @Test
    void theProfileNamesTheMlagFacts() {
        // a site whose peer-alive fact reads 0 for every switch: the check must use the profile's query, not its own
        io.jenkins.plugins.switchupgrade.metrics.MetricsProfile site = io.jenkins.plugins.switchupgrade.metrics
                .MetricsProfile.fromJson("{\"mlag\": {\"peerAliveQuery\": \"max by (instance) "
                        + "(fabric_switch_clag_peer_alive{instance=~\\\"${switches}\\\"}) * 0\"}}");
        StepContext context = StepContext.builder().prometheus(PrometheusClient.builder(fabric.prometheus().url())
                .build()).artifacts(new DirectoryArtifactStore(dir)).console(log::add).profile(site).build();
        Verdict verdict = new ValidateSibling(context).validate(new ValidateSibling.Request()
                .candidate("leaf-r1-p1-pod1"));
        assertFalse(verdict.passed());
        assertTrue(verdict.reasons().get(0).startsWith("the MLAG peer link of leaf-r1-p1-pod1 is down"),
                verdict.reasons().toString());
        assertTrue(validate("leaf-r1-p1-pod1").passed(), "the default profile sees the peer alive");
    }
}
