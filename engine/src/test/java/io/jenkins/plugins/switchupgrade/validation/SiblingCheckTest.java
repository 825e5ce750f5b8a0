package io.jenkins.plugins.switchupgrade.validation;

import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed's sibling rule on fixed snapshots, without Prometheus. */
class SiblingCheckTest {
    private static final String CANDIDATE = "leaf-r32-p1-pod1";
    private static final String SIBLING = "leaf-r32-p2-pod1";
    private final List<String> log = new ArrayList<>();
    private final SiblingCheck check = new SiblingCheck(MetricsProfile.defaults(), log::add);

    private static Snapshot snapshot(String name, Double bgp, Double links, Double health) {
        Map<String, Double> values = new HashMap<>();
        values.put("bgp_peer_status", bgp);
        values.put("interface_link_status", links);
        values.put("health_global_status", health);
        return new Snapshot(name, Instant.parse("2026-12-02T10:00:00Z"), "5.9.1", values);
    }

    @Test
    void passesWhenCandidateEqualsItsSiblingAndLogsTheSeedLines() {
        Verdict verdict = check.check(snapshot(CANDIDATE, 32.0, 37.0, 0.0), List.of(snapshot(SIBLING, 32.0, 37.0, 0.0)));

        assertTrue(verdict.passed(), verdict.reasons().toString());
        assertEquals(List.of(SIBLING), verdict.siblings());
        assertEquals(3, verdict.checks().size());
        assertTrue(verdict.checks().stream().allMatch(MetricCheck::passed));
        assertEquals("Cross-checking switch metrics with sibling switch: " + CANDIDATE + " " + SIBLING, log.get(0));
        assertTrue(log.get(1).startsWith(CANDIDATE + ": ---- {"), log.get(1));
        assertTrue(log.get(1).contains("\"bgp_peer_status\"=>\"32\""), log.get(1));
        assertEquals("Status: Pre upgrade validation passed!", log.get(log.size() - 1));
        assertEquals(List.of(CANDIDATE, SIBLING), List.copyOf(verdict.pre().keySet()));
    }

    @Test
    void passesWhenCandidateCarriesFewerPeersAndLinksThanItsSibling() {
        Verdict verdict = check.check(snapshot(CANDIDATE, 30.0, 35.0, 0.0), List.of(snapshot(SIBLING, 32.0, 37.0, 0.0)));

        assertTrue(verdict.passed(), verdict.reasons().toString());
        assertEquals("fewer than the sibling", verdict.checks().get(0).reason());
    }

    @Test
    void skipsCandidateWhenSiblingHasFewerBgpPeers() {
        Verdict verdict = check.check(snapshot(CANDIDATE, 32.0, 37.0, 0.0), List.of(snapshot(SIBLING, 31.0, 37.0, 0.0)));

        assertFalse(verdict.passed());
        assertEquals(1, verdict.reasons().size(), verdict.reasons().toString());
        assertTrue(verdict.reasons().get(0).contains("has more bgp_peer_status (32) than its sibling " + SIBLING
                + " (31)"), verdict.reasons().get(0));
        assertTrue(log.get(log.size() - 1).startsWith("Status: Pre upgrade validation failed: "));
    }

    @Test
    void skipsCandidateWhenSiblingHasFewerLinksUp() {
        Verdict verdict = check.check(snapshot(CANDIDATE, 32.0, 37.0, 0.0), List.of(snapshot(SIBLING, 32.0, 36.0, 0.0)));

        assertFalse(verdict.passed());
        assertTrue(verdict.reasons().get(0).contains("interface_link_status"), verdict.reasons().toString());
    }

    @Test
    void failsWhenTheSiblingIsUnhealthyEvenWithMorePeers() {
        Verdict verdict = check.check(snapshot(CANDIDATE, 30.0, 30.0, 0.0), List.of(snapshot(SIBLING, 32.0, 37.0, 1.0)));

        assertFalse(verdict.passed());
        assertTrue(verdict.reasons().get(0).startsWith("sibling " + SIBLING + " is not healthy"),
                verdict.reasons().toString());
    }

    @Test
    void failsWhenTheCandidateIsUnhealthy() {
        Verdict verdict = check.check(snapshot(CANDIDATE, 32.0, 37.0, 2.0), List.of(snapshot(SIBLING, 32.0, 37.0, 0.0)));

        assertFalse(verdict.passed());
        assertTrue(verdict.reasons().get(0).startsWith(CANDIDATE + " is not healthy: health_global_status is 2"),
                verdict.reasons().toString());
    }

    @Test
    void failsWhenAMetricIsMissingOnEitherSideRatherThanReadingItAsZero() {
        Verdict missingOnSibling = check.check(snapshot(CANDIDATE, 32.0, 37.0, 0.0),
                List.of(snapshot(SIBLING, null, 37.0, 0.0)));
        Verdict missingOnCandidate = check.check(snapshot(CANDIDATE, 32.0, null, 0.0),
                List.of(snapshot(SIBLING, 32.0, 37.0, 0.0)));

        assertFalse(missingOnSibling.passed());
        assertTrue(missingOnSibling.reasons().get(0).contains("bgp_peer_status is missing for " + SIBLING),
                missingOnSibling.reasons().toString());
        assertFalse(missingOnCandidate.passed());
        assertTrue(missingOnCandidate.reasons().get(0).contains("interface_link_status is missing for " + CANDIDATE),
                missingOnCandidate.reasons().toString());
    }

    @Test
    void failsACandidateWithoutSibling() {
        Verdict verdict = check.check(snapshot(CANDIDATE, 32.0, 37.0, 0.0), List.of());

        assertFalse(verdict.passed());
        assertTrue(verdict.reasons().get(0).startsWith(CANDIDATE + " has no sibling in Prometheus"),
                verdict.reasons().toString());
        assertTrue(log.get(0).endsWith(CANDIDATE + " (none)"), log.get(0));
    }

    @Test
    void judgesAgainstEverySiblingOfASpinePod() {
        Verdict verdict = check.check(snapshot("spine-1", 32.0, 37.0, 0.0), List.of(snapshot("spine-2", 40.0, 40.0, 0.0),
                snapshot("spine-3", 31.0, 40.0, 0.0)));

        assertFalse(verdict.passed());
        assertEquals(6, verdict.checks().size());
        assertEquals(List.of("spine-1 has more bgp_peer_status (32) than its sibling spine-3 (31): the sibling cannot "
                + "carry what goes down with it"), verdict.reasons());
    }
}
