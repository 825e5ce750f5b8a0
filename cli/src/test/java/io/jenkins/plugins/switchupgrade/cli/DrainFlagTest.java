package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code switch-upgrade run --drain}: a drain whose traffic does not move touches nothing else; bad values are usage errors. */
class DrainFlagTest {
    private static Fabric fabric;
    @TempDir
    Path reportDir;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(1).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(1000))
                .convergeTime(Duration.ofMillis(300)).fault("leaf-r1-p1-pod1", LabFault.DRAIN_IGNORED)
                .fault("leaf-r1-p2-pod1", LabFault.DRAIN_IGNORED).build().start();
        fabric.prometheus().awaitSeries("irate(node_network_transmit_bytes_total{device=\"swp1\"}[2m]) > 0", 2,
                Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopFabric() {
        if (fabric != null) {
            fabric.close();
        }
    }

    private LabRun run(String... extra) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(LabRun.baseFlags(fabric, reportDir));
        args.addAll(List.of(extra));
        return LabRun.run(fabric, reportDir, args);
    }

    @Test
    void trafficThatDoesNotMoveStopsTheRoundWithNothingSentButTheDrainAndItsUndo() {
        LabRun run = run("--drain", "--drain-seconds", "4", "--max-switches", "1");
        assertEquals(3, run.code, run.log());
        assertEquals("aborted", run.status(), run.log());
        String failed = run.switches().stream().filter(s -> "failed".equals(s.get("outcome")))
                .map(s -> (String) s.get("reason")).findFirst().orElseThrow();
        assertTrue(failed.startsWith("not touched: traffic did not move within 4 s of the drain"), failed);
        run.assertNothingDisrupted();
        for (LabSwitch s : fabric.switches()) {
            assertTrue(!s.isDrained(), s.name() + " was left drained");
        }
        assertTrue(run.audit().stream().anyMatch(e -> e.kind().wireName().equals("undrained")), run.log());
    }

    @Test
    void badDrainValuesAreUsageErrors() {
        LabRun share = run("--drain", "--drain-threshold", "1.5");
        assertEquals(2, share.code, share.log());
        assertTrue(share.err.contains("between 0 and 1"), share.log());
        LabRun query = run("--drain", "--drain-traffic-query", "sum(rate(node_network_transmit_bytes_total[1m]))");
        assertEquals(2, query.code, query.log());
        assertTrue(query.err.contains("must select the switches with instance=~\"${switches}\""), query.log());
        query.assertNothingDisrupted();
    }
}
