package io.jenkins.plugins.switchupgrade.await;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.Sleeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waiting for lab switches that reboot, reboot slowly, never reboot, or never return. */
class ExporterAwaitTest {
    private static Fabric fabric;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(3).spines(0).rebootTime(Duration.ofMillis(1500))
                .convergeTime(Duration.ofMillis(200)).slowRebootDelay(Duration.ofSeconds(3))
                .fault("leaf-r2-p1-pod1", LabFault.SLOW_REBOOT).fault("leaf-r3-p1-pod1", LabFault.NO_RETURN)
                .build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    private ExporterAwait await(Duration down, Duration up, Duration fresh) {
        return new ExporterAwait(PrometheusClient.builder(fabric.prometheus().url()).build(), MetricsProfile.defaults(),
                log::add, Clock.systemUTC(), Sleeper.system(),
                ExporterAwait.Settings.defaults().withLimits(down, up, fresh).withPoll(Duration.ofMillis(100)));
    }

    @Test
    void aRebootIsSeenGoingDownAndComingBackWithAFreshSample() {
        LabSwitch leaf = fabric.get("leaf-r1-p1-pod1");
        ExporterAwait await = await(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(20));
        AwaitState start = await.begin(leaf.name());
        fabric.reboot(leaf, "5.10.0");
        AwaitState back = await.await(leaf.name(), leaf.address().getHostAddress(), start);
        assertEquals(AwaitState.Phase.BACK, back.phase());
        assertEquals("port 9100 closed", back.downEvidence());
        assertTrue(back.upAt().isAfter(back.downAt()));
        assertTrue(back.freshSampleAt().isAfter(back.upAt()), back.toMap().toString());
        assertNotEquals(back.bootTimeBefore(), back.bootTimeAfter());
        assertTrue(log.stream().anyMatch(l -> l.contains("went down")), log.toString());
    }

    @Test
    void aSlowRebootIsWaitedForNotMistakenForBack() {
        LabSwitch leaf = fabric.get("leaf-r2-p1-pod1");
        ExporterAwait await = await(Duration.ofSeconds(15), Duration.ofSeconds(20), Duration.ofSeconds(20));
        AwaitState start = await.begin(leaf.name());
        fabric.reboot(leaf, "5.10.0");
        AwaitState back = await.await(leaf.name(), leaf.address().getHostAddress(), start);
        assertTrue(Duration.between(back.startedAt(), back.downAt()).toMillis() >= 2500,
                "the port stayed open about 3 s before the switch went down: " + back.toMap());
        assertEquals(AwaitState.Phase.BACK, back.phase());
    }

    @Test
    void aSwitchWhosePortNeverClosedDidNotReboot() {
        LabSwitch leaf = fabric.get("leaf-r1-p2-pod1");
        ExporterAwait await = await(Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(20));
        AwaitException e = assertThrows(AwaitException.class,
                () -> await.await(leaf.name(), leaf.address().getHostAddress(), await.begin(leaf.name())));
        assertTrue(e.getMessage().startsWith("leaf-r1-p2-pod1 did not reboot: port 9100 stayed open"), e.getMessage());
        assertEquals(AwaitState.Phase.WAIT_DOWN, e.state().phase());
    }

    @Test
    void aSwitchThatNeverReturnsFailsAfterTheComeBackLimit() {
        LabSwitch leaf = fabric.get("leaf-r3-p1-pod1");
        ExporterAwait await = await(Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(20));
        AwaitState start = await.begin(leaf.name());
        fabric.reboot(leaf, "5.10.0");
        AwaitException e = assertThrows(AwaitException.class,
                () -> await.await(leaf.name(), leaf.address().getHostAddress(), start));
        assertTrue(e.getMessage().startsWith("leaf-r3-p1-pod1 did not come back"), e.getMessage());
        assertEquals(AwaitState.Phase.WAIT_UP, e.state().phase());
    }

    @Test
    void badLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ExporterAwait.Settings.defaults().withPort(0));
        assertThrows(IllegalArgumentException.class, () -> ExporterAwait.Settings.defaults().withPoll(Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> ExporterAwait.Settings.defaults()
                .withLimits(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }
}
