package io.jenkins.plugins.switchupgrade.gates;

import io.jenkins.plugins.switchupgrade.steps.StepResults;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.Silence;
import io.jenkins.plugins.switchupgrade.alerts.SilenceState;
import io.jenkins.plugins.switchupgrade.audit.AuditEvent;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.campaign.RoundOptions;
import io.jenkins.plugins.switchupgrade.campaign.RoundReport;
import io.jenkins.plugins.switchupgrade.core.SafetyException;
import io.jenkins.plugins.switchupgrade.campaign.SwitchResult;
import io.jenkins.plugins.switchupgrade.campaign.UpgradeRound;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.lab.CommandRecord;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.steps.ReprovisionSwitch;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import io.jenkins.plugins.switchupgrade.steps.ValidateSibling;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live gates and the identity check against the lab's real Prometheus, Alertmanager and SSH servers, each case
 * proven from the lab's record of what every switch received.
 */
class LiveGatesLabTest {
    private static final String CANDIDATE = "leaf-r5-p1-pod1";
    private static Fabric fabric;
    @TempDir
    Path artifacts;
    private final List<String> console = new ArrayList<>();
    private Instant since;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(6).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(1500))
                .convergeTime(Duration.ofMillis(300)).build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    @BeforeEach
    void mark() {
        since = Instant.now();
    }

    @AfterEach
    void cleanUp() {
        GateLab.expireAllSilences(fabric);
    }

    private StepContext context(MetricsProfile profile) {
        return GateLab.context(fabric, artifacts, GateLab.audit(artifacts, null), profile, console);
    }

    private StepContext context() {
        return context(MetricsProfile.defaults());
    }

    private SafetyException refusedReprovision(StepContext context, String candidate) {
        new ValidateSibling(context).run(new ValidateSibling.Request().candidate(candidate));
        return assertThrows(SafetyException.class, () -> new ReprovisionSwitch(context)
                .run(new ReprovisionSwitch.Request().target(candidate)));
    }

    private void assertNoSwitchDisrupted() {
        assertEquals(Set.of(), GateLab.disruptedSince(fabric, since), "no switch may have received a disruptive "
                + "command; console:\n" + String.join("\n", console));
    }

    /** The silence made for the candidate before the gates refused was expired again: its alerts reach people. */
    private void assertOwnSilenceExpired(String candidate) {
        AlertSilencer silencer = AlertSilencer.builder(fabric.alertmanager().url()).build();
        List<AuditEvent> events = AuditTrail.read(artifacts.resolve("audit.jsonl"));
        List<String> ids = events.stream().filter(e -> e.kind() == AuditKind.SILENCE_CREATED
                && e.switchName().equals(candidate)).map(e -> String.valueOf(e.details().get("silenceId"))).toList();
        assertEquals(1, ids.size(), "one silence was made: " + events);
        assertEquals(SilenceState.EXPIRED, silencer.state(ids.get(0)).orElseThrow());
        assertTrue(events.stream().anyMatch(e -> e.kind() == AuditKind.GATE_REFUSED), "the refusal is audited");
    }

    @Test
    void theGatesBeforeACommandReadPrometheusInTwoRequestsAndAtRoundStartInOne() {
        StepContext context = context();
        Switch target = context.fleetReader().locate(CANDIDATE).orElseThrow();
        long before = context.prometheus().requestCount();
        GateVerdict start = context.liveGates().atRoundStart("lab1");
        long afterStart = context.prometheus().requestCount();
        GateVerdict verdict = context.liveGates().beforeCommand(target, null, Set.of());

        assertTrue(start.open(), start.sentence());
        assertTrue(verdict.open(), verdict.sentence());
        assertEquals(1, afterStart - before, "fleet, down and unhealthy in one request");
        assertEquals(2, context.prometheus().requestCount() - afterStart, "fleet, down, unhealthy and the inventory "
                + "in one request; the rack's snapshot with its MLAG facts in one more");
        assertEquals(List.of(Gate.FLEET_DOWN, Gate.FLEET_UNHEALTHY, Gate.FOREIGN_SILENCE, Gate.FIRING_ALERTS,
                Gate.FRESH_VALIDATION), verdict.checked());
    }

    @Test
    void theFreshValidationRightBeforeTheCommandAlsoChecksTheMlagPeer() {
        String sibling = "leaf-r5-p2-pod1";
        fabric.get(sibling).inject(LabFault.CLAG_PEER_DOWN);
        try {
            fabric.prometheus().awaitSeries("fabric_switch_clag_peer_alive{instance=\"" + sibling + "\"} == 0", 1,
                    Duration.ofSeconds(20));
            StepContext context = context();
            Switch target = context.fleetReader().locate(CANDIDATE).orElseThrow();
            GateVerdict verdict = context.liveGates().beforeCommand(target, null, Set.of());

            assertFalse(verdict.open());
            assertTrue(verdict.sentence().contains("the MLAG peer link of " + sibling + " is down"), verdict.sentence());
            assertTrue(verdict.refusals().stream().anyMatch(r -> r.gate() == Gate.FRESH_VALIDATION), verdict.sentence());
        } finally {
            fabric.get(sibling).clear(LabFault.CLAG_PEER_DOWN);
            fabric.prometheus().awaitSeries("fabric_switch_clag_peer_alive{instance=\"" + sibling + "\"} == 1", 1,
                    Duration.ofSeconds(20));
        }
    }

    @Test
    void nothingIsDisruptedWhileAnotherSwitchOfTheDatacenterIsDown() {
        String down = "leaf-r6-p1-pod1";
        fabric.get(down).cutPower();
        try {
            fabric.prometheus().awaitSeries("up{instance=\"" + down + "\"} == 0", 1, Duration.ofSeconds(20));
            StepContext context = context();
            SafetyException e = refusedReprovision(context, CANDIDATE);
            assertTrue(e.nothingSent(), e.getMessage());
            assertTrue(e.getMessage().contains(CANDIDATE + " was not touched"), e.getMessage());
            assertTrue(e.getMessage().contains("is down (up == 0): " + down), e.getMessage());
            assertNoSwitchDisrupted();
            assertOwnSilenceExpired(CANDIDATE);
        } finally {
            fabric.get(down).restorePower();
            fabric.prometheus().awaitSeries("up{instance=\"" + down + "\"} == 1", 1, Duration.ofSeconds(20));
        }
    }

    @Test
    void nothingIsDisruptedWhileAnotherSwitchOfTheDatacenterIsUnhealthy() {
        String unhealthy = "leaf-r6-p2-pod1";
        fabric.get(unhealthy).setHealthStatus(3);
        try {
            fabric.prometheus().awaitSeries("fabric_switch_health_global_status{instance=\"" + unhealthy + "\"} == 3",
                    1, Duration.ofSeconds(20));
            SafetyException e = refusedReprovision(context(), CANDIDATE);
            assertTrue(e.getMessage().contains("reports unhealthy: " + unhealthy), e.getMessage());
            assertTrue(e.getMessage().contains("repair it and run again"), e.getMessage());
            assertNoSwitchDisrupted();
            assertOwnSilenceExpired(CANDIDATE);
        } finally {
            fabric.get(unhealthy).setHealthStatus(0);
            fabric.prometheus().awaitSeries("fabric_switch_health_global_status{instance=\"" + unhealthy + "\"} == 0",
                    1, Duration.ofSeconds(20));
        }
    }

    @Test
    void anActiveSilenceOfThisToolForAnotherSwitchShowsItInFlight() {
        AlertSilencer silencer = AlertSilencer.builder(fabric.alertmanager().url()).build();
        // what a crashed run leaves behind: its switch's silence, made the way this tool makes them
        Silence crashed = silencer.silence("leaf-r6-p1-pod1", Duration.ofMinutes(30), "upgrade-lab1 #7",
                AlertSilencer.COMMENT_PREFIX + " upgrade from 5.9.1 to 5.10.0 (leaf-r6-p1-pod1, datacenter lab1, "
                        + "upgrade-lab1 #7)");
        SafetyException e = refusedReprovision(context(), CANDIDATE);
        assertTrue(e.getMessage().contains("an active silence of this tool for leaf-r6-p1-pod1 (silence "
                + crashed.id() + ", by upgrade-lab1 #7"), e.getMessage());
        assertTrue(e.getMessage().contains("amtool silence expire"), e.getMessage());
        assertNoSwitchDisrupted();
        assertOwnSilenceExpired(CANDIDATE);
        assertEquals(SilenceState.ACTIVE, silencer.state(crashed.id()).orElseThrow(), "someone else's silence is "
                + "left alone");
    }

    @Test
    void aFiringCriticalAlertOfTheDatacenterClosesTheGate() {
        Map<String, String> labels = Map.of("alertname", "FanTrayFailed", "datacenter", "lab1", "severity", "critical",
                "instance", "spine-x-pod1");
        GateLab.alert(fabric, labels, true);
        try {
            SafetyException e = refusedReprovision(context(), CANDIDATE);
            assertTrue(e.getMessage().contains("1 alert matching [datacenter=\"lab1\", severity=\"critical\"] fires: "
                    + "FanTrayFailed{datacenter=\"lab1\", instance=\"spine-x-pod1\", severity=\"critical\"}"),
                    e.getMessage());
            assertNoSwitchDisrupted();
            assertOwnSilenceExpired(CANDIDATE);
        } finally {
            GateLab.alert(fabric, labels, false);
        }
    }

    @Test
    void theAlertFilterIsTheSitesToChoose() {
        MetricsProfile profile = MetricsProfile.fromJson("{\"gates\": {\"alertFilter\": "
                + "[\"datacenter=\\\"${datacenter}\\\"\", \"team=~\\\"net.*\\\"\"]}}");
        Map<String, String> labels = Map.of("alertname", "UplinkFlapping", "datacenter", "lab1", "team", "network",
                "severity", "warning");
        GateLab.alert(fabric, labels, true);
        try {
            SafetyException e = refusedReprovision(context(profile), CANDIDATE);
            assertTrue(e.getMessage().contains("UplinkFlapping{"), e.getMessage());
            assertNoSwitchDisrupted();
        } finally {
            GateLab.alert(fabric, labels, false);
        }
    }

    @Test
    void gateQueriesThatFindNoSwitchOfTheDatacenterCloseTheGates() {
        // e.g. a site whose labels differ from the gate queries': an empty answer is a blind spot, not "healthy"
        MetricsProfile blind = MetricsProfile.fromJson("{\"gates\": {\"fleetQuery\": "
                + "\"fabric_switch_os_info{datacenter=\\\"${datacenter}\\\",role=\\\"router\\\"}\"}}");
        SafetyException e = refusedReprovision(context(blind), CANDIDATE);
        assertTrue(e.getMessage().contains("the gates' fleet query finds no switch of lab1"), e.getMessage());
        assertNoSwitchDisrupted();
        assertOwnSilenceExpired(CANDIDATE);
    }

    @Test
    void withOnlyHarmlessAlertsAndSilencesTheSwitchIsReprovisioned() {
        String candidate = "leaf-r1-p1-pod1";
        AlertSilencer silencer = AlertSilencer.builder(fabric.alertmanager().url()).build();
        List<Map<String, String>> harmless = List.of(
                // another data center's critical alert
                Map.of("alertname", "PsuFailed", "datacenter", "lab2", "severity", "critical", "instance", "leaf-x"),
                // a warning of this data center
                Map.of("alertname", "HighTemperature", "datacenter", "lab1", "severity", "warning",
                        "instance", "leaf-r2-p1-pod1"),
                // the candidate's own critical alert: its own silence mutes it, which is what the silence is for
                Map.of("alertname", "SwitchDown", "datacenter", "lab1", "severity", "critical", "instance", candidate));
        harmless.forEach(labels -> GateLab.alert(fabric, labels, true));
        // a person's silence of another switch is not a switch in flight
        Silence human = silencer.silence("leaf-r3-p1-pod1", Duration.ofMinutes(30), "ops", "cabling work");
        long reboots = fabric.get(candidate).reboots();
        try {
            StepContext context = context();
            new ValidateSibling(context).run(new ValidateSibling.Request().candidate(candidate));
            Map<String, Object> sent = StepResults.toMap(new ReprovisionSwitch(context).run(new ReprovisionSwitch.Request()
                    .target(candidate)));
            assertEquals(List.of("onie-select -i -f", "reboot"), sent.get("commands"));
            assertEquals(Set.of(candidate), GateLab.disruptedSince(fabric, since), String.join("\n", console));
            assertTrue(console.stream().anyMatch(l -> l.startsWith("Live gates right before the command to "
                    + candidate + ": open")), String.join("\n", console));
            assertTrue(console.contains(candidate + ": the host at " + fabric.get(candidate).address()
                    .getHostAddress() + " confirms it is " + candidate), String.join("\n", console));
            assertEquals(SilenceState.ACTIVE, silencer.state(human.id()).orElseThrow());
        } finally {
            harmless.forEach(labels -> GateLab.alert(fabric, labels, false));
            GateLab.awaitBack(fabric, candidate, reboots);
        }
    }

    @Test
    void theVerdictActedOnIsFreshTheSiblingIsReadAgainRightBeforeTheCommand() {
        String candidate = "leaf-r2-p1-pod1";
        String sibling = "leaf-r2-p2-pod1";
        StepContext context = context();
        new ValidateSibling(context).run(new ValidateSibling.Request().candidate(candidate));
        // after the validation passed, the sibling loses links: the old verdict must not be acted on
        fabric.get(sibling).setLinksUp(3);
        try {
            fabric.prometheus().awaitSeries("count by (instance) (fabric_switch_interface_link_status{instance=\""
                    + sibling + "\"} == 2) == 3", 1, Duration.ofSeconds(20));
            SafetyException e = assertThrows(SafetyException.class, () -> new ReprovisionSwitch(context)
                    .run(new ReprovisionSwitch.Request().target(candidate)));
            assertTrue(e.getMessage().contains(candidate + " no longer passes the sibling check read right before "
                    + "the command"), e.getMessage());
            assertTrue(e.getMessage().contains("interface_link_status"), e.getMessage());
            assertNoSwitchDisrupted();
            assertOwnSilenceExpired(candidate);
        } finally {
            fabric.get(sibling).setLinksUp(6);
            fabric.prometheus().awaitSeries("count by (instance) (fabric_switch_interface_link_status{instance=\""
                    + sibling + "\"} == 2) == 6", 1, Duration.ofSeconds(20));
        }
    }

    @Test
    void anAddressLabelPointingAtAnotherSwitchTouchesNeither() {
        String named = "leaf-r3-p1-pod1";
        String other = "leaf-r4-p1-pod1";
        String otherAddress = fabric.get(other).address().getHostAddress();
        fabric.get(named).advertiseAddress(otherAddress);
        try {
            fabric.prometheus().awaitSeries("fabric_switch_os_info{instance=\"" + named + "\",address=\""
                    + otherAddress + "\"}", 1, Duration.ofSeconds(20));
            SafetyException e = refusedReprovision(context(), named);
            assertTrue(e.nothingSent());
            assertTrue(e.getMessage().contains("the host at " + otherAddress + " answers as '" + other + "', not as "
                    + named), e.getMessage());
            assertTrue(e.getMessage().contains("nothing was sent to either switch"), e.getMessage());
            // the command record: the host reached was only asked its name; the named switch heard nothing
            List<String> toOther = GateLab.commandsSince(fabric, since).stream()
                    .filter(c -> c.switchName().equals(other)).map(CommandRecord.Entry::command).toList();
            assertEquals(List.of("hostname"), toOther);
            assertTrue(GateLab.commandsSince(fabric, since).stream().noneMatch(c -> c.switchName().equals(named)));
            assertNoSwitchDisrupted();
            // nothing was silenced: the identity comes before the silence
            List<AuditEvent> events = AuditTrail.read(artifacts.resolve("audit.jsonl"));
            assertTrue(events.stream().noneMatch(ev -> ev.kind() == AuditKind.SILENCE_CREATED), events.toString());
            assertTrue(events.stream().anyMatch(ev -> ev.kind() == AuditKind.GATE_REFUSED
                    && other.equals(ev.details().get("reached"))), events.toString());
        } finally {
            fabric.get(named).advertiseAddress(null);
            fabric.prometheus().awaitSeries("fabric_switch_os_info{instance=\"" + named + "\",address=\""
                    + fabric.get(named).address().getHostAddress() + "\"}", 1, Duration.ofSeconds(20));
        }
    }

    private RoundOptions round(int maxSkips) {
        return new RoundOptions("lab1", Role.LEAF, fabric.settings().fromVersion(), fabric.settings().toVersion(), 1,
                1, 1, 7L, Duration.ofMinutes(10), Duration.ofSeconds(10), List.of(), maxSkips);
    }

    @Test
    void aRoundDoesNotStartWhileTheGatesAreClosedAndSaysWhy() {
        AlertSilencer silencer = AlertSilencer.builder(fabric.alertmanager().url()).build();
        Silence crashed = silencer.silence("leaf-r4-p2-pod1", Duration.ofMinutes(30), "upgrade-lab1 #8",
                AlertSilencer.COMMENT_PREFIX + " upgrade (leaf-r4-p2-pod1, datacenter lab1, upgrade-lab1 #8)");
        RoundReport report = new UpgradeRound(context()).run(round(10));
        assertEquals(RoundReport.Status.ABORTED, report.status());
        assertTrue(report.reason().startsWith("the round did not start: an active silence of this tool for "
                + "leaf-r4-p2-pod1 (silence " + crashed.id()), report.reason());
        assertTrue(report.switches().stream().allMatch(r -> r.outcome() == SwitchResult.Outcome.NOT_REACHED),
                report.switches().toString());
        assertFalse(report.switches().isEmpty());
        assertNoSwitchDisrupted();
        assertTrue(GateLab.commandsSince(fabric, since).isEmpty(), "no switch was even asked anything");
    }

    @Test
    void aRoundThatKeepsSkippingStopsAtMaxSkipsWithAReport() {
        // every rack's second leaf carries fewer links than its first: every candidate is skipped
        for (int rack = 1; rack <= 6; rack++) {
            fabric.get("leaf-r" + rack + "-p2-pod1").setLinksUp(4);
        }
        try {
            fabric.prometheus().awaitSeries("count by (instance) (fabric_switch_interface_link_status"
                    + "{instance=~\"leaf-r.-p2-pod1\"} == 2) == 4", 6, Duration.ofSeconds(20));
            RoundReport report = new UpgradeRound(context()).run(round(2));
            assertEquals(RoundReport.Status.ABORTED, report.status(), report.reason());
            assertTrue(report.reason().contains("the round skipped 2 candidates, its bound (max-skips 2)"),
                    report.reason());
            assertEquals(2, report.switches().stream().filter(r -> r.outcome() == SwitchResult.Outcome.SKIPPED)
                    .count(), report.switches().toString());
            assertTrue(artifacts.resolve("report.json").toFile().isFile(), "the round wrote its report");
            assertNoSwitchDisrupted();
        } finally {
            for (int rack = 1; rack <= 6; rack++) {
                fabric.get("leaf-r" + rack + "-p2-pod1").setLinksUp(6);
            }
            fabric.prometheus().awaitSeries("count by (instance) (fabric_switch_interface_link_status"
                    + "{instance=~\"leaf-r.-p2-pod1\"} == 2) == 6", 6, Duration.ofSeconds(20));
        }
    }
}
