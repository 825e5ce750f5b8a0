package io.jenkins.plugins.switchupgrade.validation;

import io.jenkins.plugins.switchupgrade.metrics.InstantQueries;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.Sample;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The candidate and its sibling judged from one request, with a fixed Prometheus that answers each part of the
 * batched query by what it asks for.
 */
class RackValidationTest {
    private static final String CANDIDATE = "leaf-r32-p1-pod1";
    private static final String SIBLING = "leaf-r32-p2-pod1";
    private static final Pattern PART = Pattern.compile("\"switch_upgrade_part\", \"(\\d+)\"");

    /** A fixed fabric: answers each tagged part of a batch with rows chosen by the metric the part names. */
    private static final class FixedFabric implements InstantQueries {
        final List<String> asked = new ArrayList<>();
        final Map<String, Function<String, List<Sample>>> byMetric = new HashMap<>();

        @Override
        public List<Sample> query(String promql) {
            asked.add(promql);
            List<Sample> rows = new ArrayList<>();
            Matcher tag = PART.matcher(promql);
            int from = 0;
            while (tag.find()) {
                String part = promql.substring(from, tag.start());
                from = tag.end();
                for (Map.Entry<String, Function<String, List<Sample>>> metric : byMetric.entrySet()) {
                    if (part.contains(metric.getKey())) {
                        for (Sample s : metric.getValue().apply(part)) {
                            Map<String, String> labels = new HashMap<>(s.labels());
                            labels.put("switch_upgrade_part", tag.group(1));
                            rows.add(new Sample(labels, s.value(), s.timestampSeconds()));
                        }
                        break;
                    }
                }
            }
            return rows;
        }

        @Override
        public String url() {
            return "fixed";
        }
    }

    private static Sample of(String instance, double value, String... more) {
        Map<String, String> labels = new HashMap<>();
        labels.put("instance", instance);
        for (int i = 0; i + 1 < more.length; i += 2) {
            labels.put(more[i], more[i + 1]);
        }
        return new Sample(labels, value, 1.0);
    }

    private static FixedFabric rack(double candidateBgp, double siblingBgp) {
        FixedFabric fabric = new FixedFabric();
        fabric.byMetric.put("fabric_switch_bgp_peer_status", q -> List.of(of(CANDIDATE, candidateBgp),
                of(SIBLING, siblingBgp)));
        fabric.byMetric.put("fabric_switch_interface_link_status", q -> List.of(of(CANDIDATE, 37), of(SIBLING, 37)));
        fabric.byMetric.put("fabric_switch_health_global_status", q -> List.of(of(CANDIDATE, 0), of(SIBLING, 0)));
        fabric.byMetric.put("fabric_switch_os_info", q -> List.of(of(CANDIDATE, 1, "version", "5.9.1"),
                of(SIBLING, 1, "version", "5.9.1")));
        fabric.byMetric.put("up{", q -> List.of(of(CANDIDATE, 1_796_000_000), of(SIBLING, 1_796_000_000)));
        return fabric;
    }

    private static void mlag(FixedFabric fabric, double candidatePeerAlive) {
        fabric.byMetric.put("fabric_switch_clag", q -> List.of(
                of(CANDIDATE, candidatePeerAlive, "mlag_fact", "peer_alive"), of(SIBLING, 1, "mlag_fact", "peer_alive"),
                of(CANDIDATE, 1, "mlag_fact", "backup_active"), of(SIBLING, 1, "mlag_fact", "backup_active"),
                of(CANDIDATE, 1, "mlag_fact", "role", "role", "secondary")));
    }

    private static Verdict validate(FixedFabric fabric) {
        return new RackValidation(fabric, MetricsProfile.defaults(), Clock.systemUTC(), line -> { })
                .validate(CANDIDATE, List.of(SIBLING));
    }

    @Test
    void passesAnMlagPairFromOneRequest() {
        FixedFabric fabric = rack(32, 32);
        mlag(fabric, 1);
        Verdict verdict = validate(fabric);

        assertTrue(verdict.passed(), verdict.reasons().toString());
        assertEquals(1, fabric.asked.size(), "metrics, versions, scrape times and MLAG facts in one request");
        assertEquals("5.9.1", verdict.pre().get(CANDIDATE).version());
        assertTrue(verdict.checks().stream().anyMatch(c -> c.metric().equals("clag_peer_alive") && c.passed()));
    }

    @Test
    void failsWhenTheMlagPeerLinkIsDownThoughTheMetricsMatch() {
        FixedFabric fabric = rack(32, 32);
        mlag(fabric, 0);
        Verdict verdict = validate(fabric);

        assertFalse(verdict.passed());
        assertTrue(verdict.reasons().get(0).startsWith("the MLAG peer link of " + CANDIDATE + " is down"),
                verdict.reasons().toString());
        assertEquals(1, fabric.asked.size());
    }

    @Test
    void aPairWithoutMlagIsJudgedByTheSiblingRuleAlone() {
        Verdict passes = validate(rack(30, 32));
        Verdict fails = validate(rack(33, 32));

        assertTrue(passes.passed(), passes.reasons().toString());
        assertTrue(passes.checks().stream().noneMatch(c -> c.metric().startsWith("clag_")));
        assertFalse(fails.passed());
        assertTrue(fails.reasons().get(0).contains("has more bgp_peer_status (33) than its sibling"),
                fails.reasons().toString());
    }
}
