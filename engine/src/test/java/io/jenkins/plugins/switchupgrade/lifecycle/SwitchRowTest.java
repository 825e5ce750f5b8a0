package io.jenkins.plugins.switchupgrade.lifecycle;

import io.jenkins.plugins.switchupgrade.alerts.Silence;
import io.jenkins.plugins.switchupgrade.await.AwaitState;
import io.jenkins.plugins.switchupgrade.diff.DiffReport;
import io.jenkins.plugins.switchupgrade.diff.SnapshotDiff;
import io.jenkins.plugins.switchupgrade.drivers.DriverResult;
import io.jenkins.plugins.switchupgrade.drivers.PreCheckResult;
import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import io.jenkins.plugins.switchupgrade.steps.StepResults;
import io.jenkins.plugins.switchupgrade.validation.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The typed lifecycle without any server: a build page's rows from typed results, and the ticket's codec. */
class SwitchRowTest {
    private static final String LEAF = "leaf-r3-p1-pod1";
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private static Snapshot snapshot(Instant at, String version, double bgp, double links) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("bgp_peer_status", bgp);
        values.put("interface_link_status", links);
        values.put("health_global_status", 0.0);
        return new Snapshot(LEAF, at, version, values);
    }

    @Test
    void aSwitchGoesFromValidatedThroughSentAndBackToUpgraded() {
        Snapshot pre = snapshot(T0, "5.9.1", 32, 37);
        Verdict verdict = new Verdict(LEAF, List.of("leaf-r3-p2-pod1"), true, List.of(), List.of(), Map.of(LEAF, pre));
        SwitchRow row = SwitchRow.validated(verdict).over(null);
        assertEquals(SwitchRow.Status.VALIDATED, row.status());
        assertEquals("leaf-r3-p2-pod1", row.sibling());
        assertEquals("5.9.1", row.fromVersion());

        AwaitState begun = new AwaitState(AwaitState.Phase.WAIT_DOWN, T0, T0.plusSeconds(300), null, null, null, null,
                null, 1000.0, null, null, "127.1.0.5");
        Ticket ticket = new Ticket(LEAF, "dc1", "cumulus", "127.1.0.5", "s-1", begun, "5.9.1",
                List.of("onie-select -i -f", "reboot"));
        Disrupted sent = new Disrupted(Switch.builder(LEAF).datacenter("dc1").rack("r3").pod("pod1").position(1).role(Role.LEAF)
                .address("127.1.0.5").platform("cumulus").version("5.9.1").build(),
                new Silence("", LEAF, "instance", T0, T0.plusSeconds(3600), "test", ""),
                new PreCheckResult.NoPreCheck(), new DriverResult.Reprovisioned(new SwitchDriver.Disruption(
                "cumulus", LEAF, T0, "5.9.1", List.of())), ticket, false);
        row = SwitchRow.sent(sent).over(row);
        assertEquals(SwitchRow.Status.SENT, row.status());
        assertEquals("sent: [onie-select -i -f, reboot]", row.reason());

        DiffReport diff = new SnapshotDiff(MetricsProfile.defaults()).diff(pre, snapshot(T0.plusSeconds(900),
                "5.10.0", 32, 37), "5.10.0");
        row = SwitchRow.diffed(diff).over(row);
        assertEquals(SwitchRow.Status.UPGRADED, row.status(), row.reason());
        assertEquals("post equals pre; runs 5.10.0", row.reason());
        assertEquals("5.9.1", row.fromVersion(), "the version before is the first one known");
        assertEquals("5.10.0", row.version());
        assertEquals(37.0, row.postMetrics().get("interface_link_status"));
        assertEquals(32.0, row.preMetrics().get("bgp_peer_status"));
    }

    @Test
    void aRegressionFailsWithItsReason() {
        Snapshot pre = snapshot(T0, "5.9.1", 32, 37);
        DiffReport diff = new SnapshotDiff(MetricsProfile.defaults()).diff(pre, snapshot(T0.plusSeconds(900),
                "5.10.0", 30, 37), "5.10.0");
        SwitchRow row = SwitchRow.diffed(diff).over(SwitchRow.of(LEAF));
        assertEquals(SwitchRow.Status.FAILED, row.status());
        assertEquals("post-upgrade validation failed: " + String.join("; ", diff.reasons()), row.reason());
        assertNull(row.rack());
    }

    @Test
    void statusLabelsAreThoseOfTheBuildPageAndTheReport() {
        assertEquals("not touched", SwitchRow.Status.NOT_TOUCHED.label());
        assertEquals(SwitchRow.Status.NOT_REACHED, SwitchRow.Status.of("not-reached"));
        assertEquals(SwitchRow.Status.NOT_REACHED, SwitchRow.Status.of("not reached"));
    }

    @Test
    void aTicketSurvivesItsCodecAndABadOneSaysWhatIsMissing() {
        AwaitState begun = new AwaitState(AwaitState.Phase.WAIT_UP, T0, T0.plusSeconds(300), T0.plusSeconds(1800),
                null, T0.plusSeconds(20), "port 9100 closed", null, 1000.0, null, null, "127.1.0.5");
        Ticket ticket = new Ticket(LEAF, "dc1", "cumulus", "127.1.0.5", "s-1", begun, "5.9.1", List.of("reboot"));
        assertEquals(ticket, StepResults.ticket(StepResults.json(ticket)));
        assertEquals(ticket, StepResults.ticket(StepResults.toMap(ticket)));
        assertEquals("127.1.0.5", StepResults.ticket(StepResults.json(ticket)).await().address());
        // a host that saved the plain state decides on it typed: the phase's deadline, and whether it is back
        AwaitState saved = AwaitState.fromMap(StepResults.toMap(begun));
        assertEquals(T0.plusSeconds(1800), saved.deadline());
        assertEquals(false, saved.isBack());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepResults.ticket(Map.of("silenceId", "s-1")));
        assertEquals(true, e.getMessage().contains("no switch"), e.getMessage());
    }
}
