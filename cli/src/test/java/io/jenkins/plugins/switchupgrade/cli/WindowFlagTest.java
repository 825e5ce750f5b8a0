package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code switch-upgrade run --window}: a bad window is a usage error; a closed window is a clean, successful stop. */
class WindowFlagTest {
    private static Fabric fabric;
    @TempDir
    Path reportDir;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(2).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(1000))
                .convergeTime(Duration.ofMillis(300)).build().start();
    }

    @AfterAll
    static void stopFabric() {
        if (fabric != null) {
            fabric.close();
        }
    }

    private LabRun run(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run"));
        args.addAll(LabRun.baseFlags(fabric, reportDir));
        args.addAll(List.of(extra));
        return LabRun.run(fabric, reportDir, args);
    }

    @Test
    void aMisspeltWindowIsABadInputAndTouchesNothing() {
        LabRun run = run("--window", "Mon-Fry 22:00-05:00 Europe/Berlin");
        assertEquals(2, run.code, run.log());
        assertTrue(run.err.contains("--window: the window 'Mon-Fry 22:00-05:00 Europe/Berlin' names the day 'Fry'"),
                run.log());
        run.assertNothingDisrupted();
        LabRun zone = run("--window", "Mon-Fri 22:00-05:00 Berlin");
        assertEquals(2, zone.code, zone.log());
        assertTrue(zone.err.contains("time zone 'Berlin'"), zone.log());
    }

    @Test
    void aClosedWindowStopsCleanlyWithWhatRemains() {
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss");
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        LabRun run = run("--window", "daily " + hms.format(now.plusHours(2)) + "-" + hms.format(now.plusHours(3))
                + " UTC", "--expected-minutes", "20");
        assertEquals(0, run.code, run.log());
        assertEquals("window-closed", run.status(), run.log());
        assertTrue(run.out.contains("Round window-closed: window closed, 4 remain (0 upgraded): no maintenance "
                + "window is open now"), run.log());
        assertTrue(run.out.contains("Maintenance windows: daily "), run.log());
        assertEquals("not-reached", run.outcome("leaf-r1-p1-pod1"), run.log());
        run.assertNothingDisrupted();
    }
}
