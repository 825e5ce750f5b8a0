package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code switch-upgrade run --config-check}: the evidence lands beside pre.json; a bad ignore pattern is bad input. */
class ConfigCheckFlagTest {
    private static Fabric fabric;
    @TempDir
    Path reportDir;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(1).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(1000))
                .convergeTime(Duration.ofMillis(300)).build().start();
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
    void theConfigurationIsArchivedBesidePreAndProvenRestored() throws IOException {
        LabRun run = run("--config-check", "--max-switches", "1", "--position", "1");
        assertEquals(0, run.code, run.log());
        assertEquals("upgraded", run.outcome("leaf-r1-p1-pod1"), run.log());
        Path dir = reportDir.resolve("switch-upgrade/leaf-r1-p1-pod1");
        assertTrue(Files.isRegularFile(dir.resolve("pre.json")) && Files.isRegularFile(dir.resolve("config-pre.json"))
                && Files.isRegularFile(dir.resolve("config-post.json")), run.log());
        assertTrue(Files.readString(dir.resolve("config-diff.json")).contains("\"restored\": true"), run.log());
        assertTrue(run.out.contains("leaf-r1-p1-pod1: configuration restored"), run.log());
    }

    @Test
    void aBadIgnorePatternIsBadInput() {
        LabRun run = run("--config-check", "--config-ignore", "([unclosed");
        assertEquals(2, run.code, run.log());
        assertTrue(run.err.contains("--config-ignore: the ignored configuration key '([unclosed' is not a regular "
                + "expression"), run.log());
        run.assertNothingDisrupted();
    }
}
