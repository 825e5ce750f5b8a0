package io.jenkins.plugins.switchupgrade.metrics;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A metrics profile that is wrong is an error in a sentence, never silently a default or a wider query. */
class ProfileFailsClosedTest {
    private static IllegalArgumentException refused(String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsProfile.fromJson(json));
        assertFalse(e.getMessage().matches("(?s).*\\b(java|com\\.google)\\.[a-z.]*[A-Z]\\w*(Exception|Error).*"),
                "no Java class name: " + e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), "no Java exception name: " + e.getMessage());
        return e;
    }

    @Test
    void anUnknownKeyIsAnErrorThatSuggestsTheKnownOne() {
        IllegalArgumentException e = refused("{\"inventroyQuery\": \"fabric_switch_os_info{datacenter=\\\"${datacenter}\\\"}\"}");
        assertTrue(e.getMessage().contains("unknown key 'inventroyQuery' (did you mean 'inventoryQuery'?)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("known keys: inventoryQuery"), e.getMessage());
    }

    @Test
    void anUnknownKeyInsideAMetricOrTheGatesIsAnError() {
        assertTrue(refused("{\"metrics\": [{\"name\": \"bgp\", \"query\": \"up{instance=~\\\"${switches}\\\"}\", "
                + "\"sibling_rule\": \"ignore\"}]}").getMessage().contains("metric #1 of the metrics profile has an "
                + "unknown key 'sibling_rule'"));
        assertTrue(refused("{\"gates\": {\"fleethealth\": false}}").getMessage()
                .contains("the metrics profile's gates has an unknown key 'fleethealth' (did you mean 'fleetHealth'?)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\n"})
    void anEmptyFileIsAnError(String text) {
        assertTrue(refused(text).getMessage().startsWith("the metrics profile is empty"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "42", "\"profile\""})
    void aProfileThatIsNotAnObjectIsAnError(String text) {
        assertTrue(refused(text).getMessage().startsWith("the metrics profile must be a JSON object"));
    }

    @Test
    void brokenJsonAndWrongKindsAreSentencesWithoutJavaNames() {
        assertTrue(refused("{\"maxInventory\": 5,").getMessage().startsWith("the metrics profile is not valid JSON"));
        IllegalArgumentException e = refused("{\"maxInventory\": \"many\"}");
        assertTrue(e.getMessage().startsWith("the metrics profile has a value of the wrong kind"), e.getMessage());
        assertTrue(refused("{\"metrics\": {\"name\": \"x\"}}").getMessage().contains("wrong kind"));
    }

    @Test
    void aMetricWithoutSiblingRuleIsComparedTheSafeWayNeverIgnored() {
        MetricsProfile profile = MetricsProfile.fromJson("{\"metrics\": ["
                + "{\"name\": \"optics_ok\", \"query\": \"count by (instance) (optic_ok{instance=~\\\"${switches}\\\"})\"},"
                + "{\"name\": \"health_global_status\", \"query\": \"max by (instance) (h{instance=~\\\"${switches}\\\"})\"}]}");
        assertEquals(SiblingRule.notMore(), profile.metrics().get(0).siblingRule());
        // a metric named as one of the seed's keeps the seed's rule
        assertEquals(SiblingRule.healthy(0), profile.metrics().get(1).siblingRule());
        assertEquals(SiblingRule.notMore(), new MetricDefinition("x", "up{instance=~\"${switches}\"}", null, null)
                .siblingRule());
    }

    @Test
    void gatesAreOnByDefaultAndOffOnlyWhenSaid() {
        GateSettings defaults = MetricsProfile.defaults().gates();
        assertTrue(defaults.fleetHealth() && defaults.foreignSilences() && defaults.alerts());
        assertEquals(List.of("datacenter=\"${datacenter}\"", "severity=\"critical\""), defaults.alertFilter());
        GateSettings off = MetricsProfile.fromJson("{\"gates\": {\"alerts\": false}}").gates();
        assertFalse(off.alerts());
        assertTrue(off.fleetHealth() && off.foreignSilences());
        MetricsProfile again = MetricsProfile.fromJson(MetricsProfile.fromJson("{\"gates\": {\"alerts\": false, "
                + "\"alertFilter\": [\"team=\\\"net\\\"\"]}}").toJson());
        assertFalse(again.gates().alerts());
        assertEquals(List.of("team=\"net\""), again.gates().alertFilter());
    }

    @Test
    void theHostsGateFieldsSwitchGatesOffOnlyWhenTicked() {
        assertEquals(null, MetricsProfile.withGateFields(null, false, false, false, "  \n"));
        MetricsProfile off = MetricsProfile.fromJson(MetricsProfile.withGateFields("{\"maxInventory\": 9}", true, false,
                false, "team=\"net\"\n\nseverity=~\"critical|page\"\n"));
        assertEquals(9, off.maxInventory(), "the rest of the profile is kept");
        assertFalse(off.gates().fleetHealth());
        assertTrue(off.gates().foreignSilences() && off.gates().alerts());
        assertEquals(List.of("team=\"net\"", "severity=~\"critical|page\""), off.gates().alertFilter());
        // a field left unticked never switches back on a gate the profile switched off
        assertFalse(MetricsProfile.fromJson(MetricsProfile.withGateFields("{\"gates\": {\"alerts\": false}}", true,
                false, false, null)).gates().alerts());
        assertThrows(IllegalArgumentException.class, () -> MetricsProfile.withGateFields(null, false, false, false,
                "severity=critical"));
    }

    @Test
    void anotherDatacenterLabelNeedsGatesWrittenForIt() {
        assertTrue(refused("{\"datacenterLabel\": \"site\"}").getMessage().contains("its gates still select "
                + "datacenter=\"${datacenter}\""));
        MetricsProfile site = MetricsProfile.fromJson("{\"datacenterLabel\": \"site\", \"gates\": {"
                + "\"fleetQuery\": \"switch_info{site=\\\"${datacenter}\\\"}\", "
                + "\"downQuery\": \"up{site=\\\"${datacenter}\\\"} == 0\", "
                + "\"unhealthyQuery\": \"switch_health{site=\\\"${datacenter}\\\"} != 0\", "
                + "\"alertFilter\": [\"site=\\\"${datacenter}\\\"\", \"severity=\\\"critical\\\"\"]}}");
        assertEquals("up{site=\"${datacenter}\"} == 0", site.gates().downQuery());
    }

    @Test
    void gateQueriesMustSelectTheDatacenterAndFiltersMustBeMatchers() {
        assertTrue(refused("{\"gates\": {\"downQuery\": \"up == 0\"}}").getMessage()
                .contains("gates.downQuery must select one data center"));
        assertTrue(refused("{\"gates\": {\"alertFilter\": []}}").getMessage().contains("gates.alertFilter is empty"));
        assertTrue(refused("{\"gates\": {\"alertFilter\": [\"severity=critical\"]}}").getMessage()
                .contains("is not an Alertmanager matcher"));
    }

    @Test
    void theMlagFactsAreOverriddenKeyByKeyAndAWrongOneIsRefused() {
        MetricsProfile site = MetricsProfile.fromJson("{\"mlag\": {\"roleQuery\": "
                + "\"mlag_info{host=~\\\"${switches}\\\"}\", \"switchLabel\": \"host\", \"roleLabel\": \"state\"}}");
        assertEquals("mlag_info{host=~\"${switches}\"}", site.mlag().role());
        assertEquals("host", site.mlag().switchLabel());
        assertEquals("state", site.mlag().roleLabel());
        assertEquals(MlagQueries.defaults().peerAlive(), site.mlag().peerAlive(), "what the JSON leaves out keeps its default");
        assertEquals(site.mlag(), MetricsProfile.fromJson(site.toJson()).mlag(), "toJson reads back the same");
        assertEquals(MlagQueries.defaults(), MetricsProfile.defaults().mlag());
        assertTrue(refused("{\"mlag\": {\"peerAlive\": \"x\"}}").getMessage().contains("the metrics profile's mlag "
                + "has an unknown key 'peerAlive'; known keys: peerAliveQuery"));
        assertTrue(refused("{\"mlag\": {\"roleQury\": \"x\"}}").getMessage()
                .contains("unknown key 'roleQury' (did you mean 'roleQuery'?)"));
        assertTrue(refused("{\"mlag\": {\"orphanPortsQuery\": \"orphans > 0\"}}").getMessage()
                .contains("the MLAG query 'orphanPorts' must select the switches"));
        assertTrue(refused("{\"mlag\": {\"portLabel\": \"a b\"}}").getMessage()
                .contains("the MLAG label 'portLabel' must be a Prometheus label name"));
        refused("{\"mlag\": {\"roleQuery\": \"mlag_info{instance=~${switches}}\"}}");
    }
}
