package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.core.StepContext;
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

/**
 * A round inside a maintenance window against the lab: it starts a switch only while the switch's expected
 * duration ends inside the window, and when the window closes it stops cleanly with the switches that remain.
 */
class MaintenanceWindowRoundTest {
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static Fabric fabric;
    @TempDir
    Path reportDir;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(8).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(1500))
                .convergeTime(Duration.ofMillis(300)).build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    /** A daily UTC window from {@code opensIn} to {@code closesIn} from now (negative: in the past). */
    private static MaintenanceWindows window(Duration opensIn, Duration closesIn) {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        return MaintenanceWindows.parse(List.of("daily " + HMS.format(now.plus(opensIn)) + "-"
                + HMS.format(now.plus(closesIn)) + " UTC"));
    }

    private RoundReport round(int position, MaintenanceWindows windows, Duration expected) {
        StepContext context = LabRounds.context(fabric, reportDir, "window-test #1").build();
        return new UpgradeRound(context).run(new RoundOptions(fabric.settings().datacenter(), Role.LEAF,
                fabric.settings().fromVersion(), fabric.settings().toVersion(), position, 0, 1, 3L,
                Duration.ofMinutes(10), Duration.ofSeconds(10), List.of()).withWindows(windows, expected));
    }

    private static boolean disrupted(String name) {
        return fabric.commands().commands(name).stream().anyMatch(c -> c.contains("onie-select") || c.contains("reboot"));
    }

    @Test
    void aClosedWindowStartsNothingAndIsASuccess() {
        // the second switches of the racks; the other test upgrades first switches only
        RoundReport report = round(2, window(Duration.ofHours(1), Duration.ofHours(2)), Duration.ofSeconds(5));
        assertEquals(RoundReport.Status.WINDOW_CLOSED, report.status(), report.reason());
        assertTrue(report.reason().startsWith("window closed, 8 remain (0 upgraded): no maintenance window is open"),
                report.reason());
        assertEquals(8, report.count(SwitchResult.Outcome.NOT_REACHED));
        assertTrue(report.switches().stream().noneMatch(s -> disrupted(s.name())), report.switches().toString());
    }

    @Test
    void theRoundStopsWhenTheNextSwitchWouldRunPastTheWindow() {
        // the window closes in 15 s; before any switch is measured one is expected to take 8 s, so the first starts
        RoundReport report = round(1, window(Duration.ofMinutes(-1), Duration.ofSeconds(15)), Duration.ofSeconds(8));
        assertEquals(RoundReport.Status.WINDOW_CLOSED, report.status(), report.reason());
        long upgraded = report.count(SwitchResult.Outcome.UPGRADED);
        assertTrue(upgraded >= 1 && upgraded < 8, report.reason());
        assertTrue(report.reason().startsWith("window closed, " + (8 - upgraded) + " remain (" + upgraded
                + " upgraded): the window closes "), report.reason());
        assertEquals(0, report.count(SwitchResult.Outcome.FAILED), report.reason());
        for (SwitchResult s : report.switches()) {
            assertEquals(s.outcome() == SwitchResult.Outcome.UPGRADED, disrupted(s.name()), s.name() + ": " + s.reason());
        }
        assertTrue(report.switches().stream().filter(s -> s.outcome() == SwitchResult.Outcome.NOT_REACHED)
                .allMatch(s -> s.reason().startsWith("the round stopped: window closed: the window closes")));
    }

}
