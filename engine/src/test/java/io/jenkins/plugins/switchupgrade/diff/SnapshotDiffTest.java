package io.jenkins.plugins.switchupgrade.diff;

import io.jenkins.plugins.switchupgrade.metrics.DiffRule;
import io.jenkins.plugins.switchupgrade.metrics.MetricDefinition;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.SiblingRule;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pre against post by each metric's rule, on fixed snapshots, without Prometheus. */
class SnapshotDiffTest {
    private static final String NAME = "leaf-r32-p1-pod1";
    private final SnapshotDiff diff = new SnapshotDiff(MetricsProfile.defaults());

    private static Snapshot snapshot(String name, String version, Double bgp, Double links, Double health) {
        Map<String, Double> values = new HashMap<>();
        values.put("bgp_peer_status", bgp);
        values.put("interface_link_status", links);
        values.put("health_global_status", health);
        return new Snapshot(name, Instant.parse("2026-12-02T10:00:00Z"), version, values);
    }

    @Test
    void passesWhenEveryMetricIsBackAndTheVersionIsTheNewOne() {
        DiffReport report = diff.diff(snapshot(NAME, "5.9.1", 32.0, 37.0, 0.0), snapshot(NAME, "5.10.0", 32.0, 37.0, 0.0),
                "5.10.0");

        assertTrue(report.passed(), report.reasons().toString());
        assertEquals(3, report.entries().size());
        assertEquals("5.9.1", report.preVersion());
        assertEquals("5.10.0", report.postVersion());
    }

    @Test
    void abortsWhenABgpPeerIsLostAfterTheUpgrade() {
        DiffReport report = diff.diff(snapshot(NAME, "5.9.1", 32.0, 37.0, 0.0), snapshot(NAME, "5.10.0", 31.0, 37.0, 0.0),
                "5.10.0");

        assertFalse(report.passed());
        assertEquals(List.of("bgp_peer_status of " + NAME + " was 32 before and is 31 after (rule equal)"),
                report.reasons());
    }

    @Test
    void abortsWhenTheSwitchRunsAnotherVersionThanExpected() {
        DiffReport report = diff.diff(snapshot(NAME, "5.9.1", 32.0, 37.0, 0.0), snapshot(NAME, "5.9.1", 32.0, 37.0, 0.0),
                "5.10.0");

        assertFalse(report.passed());
        assertEquals(List.of(NAME + " runs 5.9.1 after the upgrade, expected 5.10.0"), report.reasons());
    }

    @Test
    void aMetricMissingAfterTheUpgradeIsARegressionNotAZero() {
        DiffReport report = diff.diff(snapshot(NAME, "5.9.1", 32.0, 37.0, 0.0), snapshot(NAME, "", 32.0, null, 0.0),
                null);

        assertFalse(report.passed());
        assertEquals(List.of("interface_link_status is missing for " + NAME + " after the upgrade (was 37)"),
                report.reasons());
    }

    @Test
    void aMetricWithoutPreValueCannotBeCompared() {
        DiffReport report = diff.diff(snapshot(NAME, "5.9.1", null, 37.0, 0.0), snapshot(NAME, "5.10.0", 32.0, 37.0, 0.0),
                "5.10.0");

        assertFalse(report.passed());
        assertTrue(report.reasons().get(0).startsWith("no pre value of bgp_peer_status"), report.reasons().toString());
    }

    @Test
    void notLessAndToleranceRulesAcceptWhatEqualWouldRefuse() {
        MetricsProfile profile = MetricsProfile.defaults().toBuilder().metrics(List.of(
                new MetricDefinition("bgp_peer_status", MetricsProfile.DEFAULT_METRICS.get(0).query(),
                        SiblingRule.notMore(), DiffRule.notLess()),
                new MetricDefinition("interface_link_status", MetricsProfile.DEFAULT_METRICS.get(1).query(),
                        SiblingRule.notMore(), DiffRule.tolerance(1)),
                MetricsProfile.DEFAULT_METRICS.get(2))).build();
        SnapshotDiff lenient = new SnapshotDiff(profile);

        DiffReport more = lenient.diff(snapshot(NAME, "5.9.1", 32.0, 37.0, 0.0), snapshot(NAME, "5.10.0", 33.0, 36.0, 0.0),
                "5.10.0");
        DiffReport fewer = lenient.diff(snapshot(NAME, "5.9.1", 32.0, 37.0, 0.0), snapshot(NAME, "5.10.0", 31.0, 35.0, 0.0),
                "5.10.0");

        assertTrue(more.passed(), more.reasons().toString());
        assertFalse(fewer.passed());
        assertEquals(2, fewer.reasons().size(), fewer.reasons().toString());
    }

    @Test
    void refusesToCompareTwoSwitches() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> diff.diff(
                snapshot(NAME, "5.9.1", 32.0, 37.0, 0.0), snapshot("leaf-r32-p2-pod1", "5.10.0", 32.0, 37.0, 0.0), null));
        assertTrue(e.getMessage().contains("cannot diff snapshots of two switches"), e.getMessage());
    }
}
