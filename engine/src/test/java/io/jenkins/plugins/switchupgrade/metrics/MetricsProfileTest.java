package io.jenkins.plugins.switchupgrade.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsProfileTest {
    @Test
    void defaultsAreTheSeedsMetrics() {
        MetricsProfile profile = MetricsProfile.defaults();
        assertEquals(3, profile.metrics().size());
        assertTrue(profile.metrics().get(0).query().contains("fabric_switch_bgp_peer_status{instance=~\"${switches}\"} == 0"));
        assertTrue(profile.metrics().get(1).query().contains("fabric_switch_interface_link_status{instance=~\"${switches}\"} == 2"));
        assertTrue(profile.metrics().get(2).query().contains("fabric_switch_health_global_status"));
        assertEquals(SiblingRule.healthy(0), profile.metrics().get(2).siblingRule());
    }

    @Test
    void siteOverridesReplaceOnlyWhatTheyName() {
        MetricsProfile profile = MetricsProfile.fromJson("{\"maxInventory\": 10, \"metrics\": [{\"name\": \"peers\", "
                + "\"query\": \"count by (instance) (bgp_up{instance=~\\\"${switches}\\\"})\", \"siblingRule\": \"not-more\", "
                + "\"diffRule\": \"tolerance:1\"}]}");
        assertEquals(10, profile.maxInventory());
        assertEquals(1, profile.metrics().size());
        assertEquals(DiffRule.tolerance(1), profile.metrics().get(0).diffRule());
        assertEquals(MetricsProfile.defaults().inventoryQuery(), profile.inventoryQuery());
    }

    @Test
    void roundTripsThroughJson() {
        MetricsProfile profile = MetricsProfile.defaults();
        MetricsProfile again = MetricsProfile.fromJson(profile.toJson());
        assertEquals(profile.metrics(), again.metrics());
        assertEquals(profile.inventoryQuery(), again.inventoryQuery());
    }

    @Test
    void refusesAMetricQueryThatDoesNotSelectTheSwitches() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsProfile.fromJson(
                "{\"metrics\": [{\"name\": \"peers\", \"query\": \"count(bgp_up)\"}]}"));
        assertTrue(e.getMessage().contains("${switches}"), e.getMessage());
    }

    @Test
    void refusesUnquotedPlaceholdersInSiteQueries() {
        assertThrows(IllegalArgumentException.class, () -> MetricsProfile.fromJson(
                "{\"inventoryQuery\": \"os_info{datacenter=${datacenter}}\"}"));
    }

    @Test
    void refusesBadRulesAndJson() {
        assertThrows(IllegalArgumentException.class, () -> DiffRule.parse("roughly"));
        assertThrows(IllegalArgumentException.class, () -> SiblingRule.parse("healthy:x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsProfile.fromJson("{nope"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void diffRulesAcceptWhatTheySay() {
        assertTrue(DiffRule.equal().accepts(4, 4));
        assertTrue(!DiffRule.equal().accepts(4, 5));
        assertTrue(DiffRule.notLess().accepts(4, 5));
        assertTrue(!DiffRule.notLess().accepts(4, 3));
        assertTrue(DiffRule.tolerance(1).accepts(4, 3));
        assertTrue(!DiffRule.tolerance(1).accepts(4, 2));
    }
}
