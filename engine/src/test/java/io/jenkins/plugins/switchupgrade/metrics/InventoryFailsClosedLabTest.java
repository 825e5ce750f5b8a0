package io.jenkins.plugins.switchupgrade.metrics;

import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rows the engine must not act on, served by the lab's real Prometheus (relabelled with {@code label_replace} as a
 * wrong exporter or a careless query would): another data center's, two series for one switch, unusable names.
 */
class InventoryFailsClosedLabTest {
    private static final String INVENTORY = "fabric_switch_os_info{datacenter=\"${datacenter}\",role=\"${role}\"}";
    private static Fabric fabric;
    private static PrometheusClient prometheus;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(2).spines(0).ssh(false).build().start();
        prometheus = PrometheusClient.builder(fabric.prometheus().url()).build();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    private static FleetReader reader(String inventoryQuery) {
        return new FleetReader(prometheus, MetricsProfile.builder().inventoryQuery(inventoryQuery).build());
    }

    private static InventoryRefusedException refused(String inventoryQuery) {
        InventoryRefusedException e = assertThrows(InventoryRefusedException.class,
                () -> reader(inventoryQuery).read("lab1", Role.LEAF));
        assertFalse(e.getMessage().contains("\n"), "one line, no forged console lines: " + e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was touched"), e.getMessage());
        return e;
    }

    @Test
    void theLabInventoryReadsAsItIs() {
        assertEquals(4, reader(INVENTORY).read("lab1", Role.LEAF).size());
    }

    @Test
    void anInventoryQueryThatForgetsTheDatacenterNeverReachesAnotherOne() {
        // what a second data center on the same Prometheus looks like to a query without the datacenter matcher
        String query = "label_replace(fabric_switch_os_info{role=\"${role}\"}, \"datacenter\", \"lab2\", \"instance\", "
                + "\"leaf-r2-.*\") or fabric_switch_os_info{role=\"${role}\"}";
        InventoryRefusedException e = refused(query);
        assertTrue(e.getMessage().contains("the inventory query for data center lab1 returned leaf-r2-"), e.getMessage());
        assertTrue(e.getMessage().contains("of data center lab2"), e.getMessage());
        assertTrue(e.getMessage().contains("datacenter=\"${datacenter}\""), e.getMessage());
    }

    @Test
    void aRowWithoutADatacenterLabelIsRefused() {
        InventoryRefusedException e = refused("label_replace(" + INVENTORY + ", \"datacenter\", \"\", \"instance\", "
                + "\"leaf-r1-p1-pod1\")");
        assertTrue(e.getMessage().contains("leaf-r1-p1-pod1 without a datacenter label"), e.getMessage());
    }

    @Test
    void twoInventorySeriesForOneSwitchAreRefused() {
        InventoryRefusedException e = refused(INVENTORY + " or label_replace(" + INVENTORY + ", \"version\", \"9.9.9\", "
                + "\"instance\", \"leaf-r1-p2-pod1\")");
        assertTrue(e.getMessage().contains("two series for switch leaf-r1-p2-pod1"), e.getMessage());
    }

    @Test
    void twoSeriesForOneSwitchAndOneMetricAreRefused() {
        MetricsProfile profile = MetricsProfile.builder().metrics(List.of(new MetricDefinition("bgp_peer_status",
                "fabric_switch_bgp_peer_status{instance=~\"${switches}\"}", SiblingRule.notMore(), DiffRule.equal())))
                .build();
        InventoryRefusedException e = assertThrows(InventoryRefusedException.class, () -> new SnapshotReader(prometheus,
                profile, Clock.systemUTC()).read(List.of("leaf-r1-p1-pod1", "leaf-r1-p2-pod1")));
        assertTrue(e.getMessage().startsWith("metric bgp_peer_status has two series for switch leaf-r1-p1-pod1"),
                e.getMessage());
        assertTrue(e.getMessage().contains("max by (instance)"), e.getMessage());
    }

    @Test
    void aSwitchNameWithAControlCharacterIsRefusedWithoutForgingALine() {
        InventoryRefusedException e = refused("label_replace(" + INVENTORY + ", \"instance\", "
                + "\"leaf-r1-p1-pod1\\nStatus: Pre upgrade validation passed!\", \"instance\", \"leaf-r1-p1-pod1\")");
        assertTrue(e.getMessage().contains("contains a control character at position 16"), e.getMessage());
        assertTrue(e.getMessage().contains("leaf-r1-p1-pod1\\u000aStatus"), e.getMessage());
    }

    @Test
    void aSwitchNameLongerThan253CharactersIsRefused() {
        String longName = "leaf-" + "x".repeat(260);
        InventoryRefusedException e = refused("label_replace(" + INVENTORY + ", \"instance\", \"" + longName
                + "\", \"instance\", \"leaf-r2-p1-pod1\")");
        assertTrue(e.getMessage().contains("is 265 characters long, more than the 253 a host name may have"),
                e.getMessage());
        assertTrue(e.getMessage().length() < 600, "the name is shortened in the message: " + e.getMessage().length());
    }
}
