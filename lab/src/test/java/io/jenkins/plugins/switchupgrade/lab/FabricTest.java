package io.jenkins.plugins.switchupgrade.lab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FabricTest {
    private static Fabric fabric;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(2).spines(2).rebootTime(Duration.ofMillis(1500))
                .convergeTime(Duration.ofMillis(300)).fault("leaf-r2-p2-pod1", LabFault.UNHEALTHY).build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    @Test
    void prometheusScrapesEverySwitchWithItsOwnInstanceLabel() {
        PrometheusServer prometheus = fabric.prometheus();
        assertEquals(6, prometheus.seriesCount("fabric_switch_os_info{datacenter=\"lab1\"}"));
        assertEquals(1, prometheus.seriesCount("fabric_switch_os_info{instance=\"leaf-r1-p2-pod1\",rack=\"1\",position=\"2\"}"));
        assertEquals(4, prometheus.seriesCount("fabric_switch_bgp_peer_status{instance=\"leaf-r1-p1-pod1\"} == 0"));
        assertEquals(1, prometheus.seriesCount("fabric_switch_health_global_status{instance=\"leaf-r2-p2-pod1\"} == 1"));
        assertTrue(Files.exists(fabric.stateDir().resolve("lab.json")));
    }

    @Test
    void rebootClosesTheExporterPortAndReturnsOnTheNewVersion() throws Exception {
        LabSwitch leaf = fabric.get("leaf-r1-p1-pod1");
        double bootBefore = leaf.bootTimeSeconds();
        fabric.reboot(leaf, "5.10.0");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (portOpen(leaf) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(portOpen(leaf), "port 9100 should close while the switch reboots");
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!portOpen(leaf) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(portOpen(leaf), "port 9100 should open again after the reboot");
        assertEquals("5.10.0", leaf.version());
        assertTrue(leaf.bootTimeSeconds() > bootBefore);
        fabric.prometheus().awaitSeries("fabric_switch_os_info{instance=\"leaf-r1-p1-pod1\",version=\"5.10.0\"}", 1,
                Duration.ofSeconds(10));
    }

    private static boolean portOpen(LabSwitch labSwitch) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(labSwitch.address(), Fabric.EXPORTER_PORT), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void twoLabsOnOneMachineNeverShareASubnet() {
        try (Fabric second = Fabric.builder().racks(1).spines(0).prometheus(false).ssh(false).build().start()) {
            assertNotEquals(fabric.subnet(), second.subnet());
            assertNotEquals(fabric.get("leaf-r1-p1-pod1").address(), second.get("leaf-r1-p1-pod1").address());
            IllegalStateException taken = assertThrows(IllegalStateException.class,
                    () -> Fabric.builder().racks(1).spines(0).prometheus(false).ssh(false).subnet(second.subnet()).build());
            assertTrue(taken.getMessage().contains("held by another lab"), taken.getMessage());
        }
    }

    @Test
    void aBuiltFabricKeepsItsSpecWhenTheBuilderChangesAfterwards() {
        Fabric.Builder builder = Fabric.builder().racks(1).spines(0).datacenter("dc-a").toVersion("5.10.0")
                .fault("leaf-r1-p1-pod1", LabFault.UNHEALTHY).prometheus(false).ssh(false);
        try (Fabric built = builder.build()) {
            builder.datacenter("dc-b").toVersion("9.9.9").racks(3).fault("leaf-r1-p2-pod1", LabFault.BGP_LOSS);

            assertEquals("dc-a", built.settings().datacenter());
            assertEquals("5.10.0", built.settings().toVersion());
            assertEquals(1, built.settings().racks());
            assertEquals(java.util.Set.of("leaf-r1-p1-pod1"), built.settings().faults().keySet());
            assertThrows(UnsupportedOperationException.class, () -> built.settings().faults().put("leaf-r1-p2-pod1",
                    java.util.Set.of(LabFault.BGP_LOSS)));
        }
    }
}
