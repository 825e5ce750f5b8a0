package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.audit.AuditEvent;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import io.jenkins.plugins.switchupgrade.fleet.Fleet;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.gates.Gate;
import io.jenkins.plugins.switchupgrade.gates.GateRefusal;
import io.jenkins.plugins.switchupgrade.gates.GateVerdict;
import io.jenkins.plugins.switchupgrade.lifecycle.Validated;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;
import io.jenkins.plugins.switchupgrade.selection.Pick;
import io.jenkins.plugins.switchupgrade.selection.PickRequest;
import io.jenkins.plugins.switchupgrade.validation.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The round's own decisions without any server: election with skip and re-elect, the first failure stopping it,
 * the skip bound, the switch bound, gates closed at start, nothing to do, and racks in parallel. The fabric (the
 * inventory, the verdicts, the gates and one switch's upgrade) is a small fake; the lab tests cover the real one.
 */
class UpgradeRoundTest {
    private static final String FROM = "5.9.1";
    private static final String TO = "5.10.0";

    /** A fake fabric: leaves r1..rN, two per rack, with verdicts and outcomes chosen per switch. */
    private static final class FakeFabric implements RoundFabric {
        final List<Switch> leaves = new ArrayList<>();
        final Set<String> failValidation = new HashSet<>();
        final Set<String> failUpgrade = new HashSet<>();
        final List<String> validated = Collections.synchronizedList(new ArrayList<>());
        final List<String> upgraded = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Boolean> racksBusy = new ConcurrentHashMap<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        boolean twoOfOneRack;
        GateVerdict gates = new GateVerdict("dc1", "", Instant.EPOCH, List.of(Gate.FLEET_DOWN), List.of());
        Duration upgradeTakes = Duration.ZERO;
        int gateReads;

        FakeFabric(int racks) {
            for (int rack = 1; rack <= racks; rack++) {
                for (int position = 1; position <= 2; position++) {
                    leaves.add(Switch.builder("leaf-r" + rack + "-p" + position + "-pod1").datacenter("dc1")
                            .pod("pod1").rack("r" + rack).position(position).role(Role.LEAF).version(FROM)
                            .address("10.0." + rack + "." + position).platform("cumulus").build());
                }
            }
        }

        @Override
        public Fleet inventory(String datacenter, Role role) {
            return new Fleet(role == Role.LEAF ? leaves : List.of());
        }

        @Override
        public Pick order(Pick drawn, PickRequest request) {
            return drawn;
        }

        @Override
        public Verdict validate(Switch candidate, List<String> siblings) {
            validated.add(candidate.name());
            boolean passed = !failValidation.contains(candidate.name());
            Map<String, Snapshot> pre = new LinkedHashMap<>();
            pre.put(candidate.name(), new Snapshot(candidate.name(), Instant.EPOCH, FROM,
                    Map.of("bgp_peer_status", 32.0)));
            return new Verdict(candidate.name(), siblings, passed, List.of(), passed ? List.of()
                    : List.of(candidate.name() + " has fewer BGP peers than its sibling"), pre);
        }

        @Override
        public GateVerdict gatesAtStart(String datacenter) {
            gateReads++;
            return gates;
        }

        @Override
        public SwitchResult upgrade(Validated candidate, RoundOptions options, Set<String> alongside,
                                    Consumer<String> phase) {
            Switch target = candidate.candidate().target();
            if (racksBusy.put(target.rack(), true) != null) {
                twoOfOneRack = true;
            }
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                phase.accept("sending the upgrade");
                Thread.sleep(upgradeTakes.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
                racksBusy.remove(target.rack());
            }
            upgraded.add(target.name());
            boolean failed = failUpgrade.contains(target.name());
            return new SwitchResult(target.name(), target.rack(), candidate.candidate().siblings(), FROM, TO,
                    failed ? SwitchResult.Outcome.FAILED : SwitchResult.Outcome.UPGRADED,
                    failed ? "post-upgrade validation failed: bgp_peer_status 32 -> 30" : "post equals pre; runs " + TO,
                    null, null, null, Instant.EPOCH, Instant.EPOCH);
        }
    }

    private final AuditTrail audit = AuditTrail.builder("test #1").build();
    private final List<String> console = Collections.synchronizedList(new ArrayList<>());

    private StepContext context() {
        Map<String, String> files = new ConcurrentHashMap<>();
        return StepContext.builder()
                // never asked: the fake fabric answers what Prometheus would
                .prometheus(PrometheusClient.builder("http://127.0.0.1:9").build())
                .artifacts(new ArtifactStore() {
                    @Override
                    public void save(String relativePath, String content) {
                        files.put(relativePath, content);
                    }

                    @Override
                    public Optional<String> read(String relativePath) {
                        return Optional.ofNullable(files.get(relativePath));
                    }
                })
                .audit(audit).lock(LabRounds.held("switch-upgrade-dc1")).actor("test #1").console(console::add).build();
    }

    private static RoundOptions options(int maxSwitches, int parallelRacks, int maxSkips) {
        return new RoundOptions("dc1", Role.LEAF, FROM, TO, null, maxSwitches, parallelRacks, 7L,
                Duration.ofMinutes(60), Duration.ofSeconds(30), List.of(), maxSkips);
    }

    private RoundReport run(FakeFabric fabric, RoundOptions options) {
        return new UpgradeRound(context(), fabric).run(options);
    }

    private static Map<String, SwitchResult.Outcome> outcomes(RoundReport report) {
        Map<String, SwitchResult.Outcome> map = new LinkedHashMap<>();
        report.switches().forEach(s -> map.put(s.name(), s.outcome()));
        return map;
    }

    @Test
    void aFailedValidationIsSkippedAndAnotherElectedAndEverySwitchGoesOnce() {
        FakeFabric fabric = new FakeFabric(3);
        fabric.failValidation.add("leaf-r2-p1-pod1");
        RoundReport report = run(fabric, options(0, 1, 5));

        assertEquals(RoundReport.Status.COMPLETED, report.status(), report.reason());
        Map<String, SwitchResult.Outcome> outcomes = outcomes(report);
        assertEquals(SwitchResult.Outcome.SKIPPED, outcomes.get("leaf-r2-p1-pod1"));
        assertEquals(5, outcomes.values().stream().filter(o -> o == SwitchResult.Outcome.UPGRADED).count(), outcomes
                .toString());
        assertFalse(fabric.upgraded.contains("leaf-r2-p1-pod1"), "a switch that failed validation is never touched");
        assertEquals(new HashSet<>(fabric.upgraded).size(), fabric.upgraded.size(), "never the same switch twice");
        assertEquals(1, fabric.mostInFlight.get(), "one at a time");
        assertEquals("5 upgraded, 1 skipped", report.reason());
    }

    @Test
    void theFirstFailureStopsTheRoundAndNothingAfterItIsTouched() {
        FakeFabric fabric = new FakeFabric(4);
        fabric.leaves.forEach(s -> fabric.failUpgrade.add(s.name()));
        RoundReport report = run(fabric, options(0, 1, 5));

        assertEquals(RoundReport.Status.ABORTED, report.status());
        assertEquals(1, fabric.upgraded.size(), "nothing after the first failure: " + fabric.upgraded);
        String failed = fabric.upgraded.get(0);
        assertTrue(report.reason().startsWith(failed + " failed: post-upgrade validation failed"), report.reason());
        Map<String, SwitchResult.Outcome> outcomes = outcomes(report);
        assertEquals(SwitchResult.Outcome.FAILED, outcomes.get(failed));
        assertEquals(7, outcomes.values().stream().filter(o -> o == SwitchResult.Outcome.NOT_REACHED).count(),
                outcomes.toString());
    }

    @Test
    void theSkipBoundStopsARoundWhoseCandidatesAllFailValidation() {
        FakeFabric fabric = new FakeFabric(4);
        fabric.leaves.forEach(s -> fabric.failValidation.add(s.name()));
        RoundReport report = run(fabric, options(0, 1, 3));

        assertEquals(RoundReport.Status.ABORTED, report.status());
        assertTrue(report.reason().startsWith(UpgradeRound.SKIP_BOUND_REACHED + "3 candidates"), report.reason());
        assertEquals(3, fabric.validated.size());
        assertTrue(fabric.upgraded.isEmpty());
    }

    @Test
    void theSwitchBoundEndsTheRoundCompleted() {
        FakeFabric fabric = new FakeFabric(3);
        RoundReport report = run(fabric, options(2, 1, 5));

        assertEquals(RoundReport.Status.COMPLETED, report.status(), report.reason());
        assertEquals(2, fabric.upgraded.size());
    }

    @Test
    void closedGatesAtStartTouchNothingAndAreRecorded() {
        FakeFabric fabric = new FakeFabric(2);
        fabric.gates = new GateVerdict("dc1", "", Instant.EPOCH, List.of(Gate.FLEET_DOWN), List.of(new GateRefusal(
                Gate.FLEET_DOWN, List.of("leaf-r9-p1-pod1"), "leaf-r9-p1-pod1 is down")));
        RoundReport report = run(fabric, options(0, 1, 5));

        assertEquals(RoundReport.Status.ABORTED, report.status());
        assertEquals("the round did not start: leaf-r9-p1-pod1 is down", report.reason());
        assertTrue(fabric.validated.isEmpty() && fabric.upgraded.isEmpty());
        assertTrue(audit.events().stream().map(AuditEvent::kind).toList().contains(AuditKind.GATE_REFUSED));
    }

    @Test
    void nothingToDoIsSaidAsSuchWithoutReadingTheGates() {
        FakeFabric fabric = new FakeFabric(0);
        RoundReport report = run(fabric, options(0, 1, 5));

        assertEquals(RoundReport.Status.NOTHING_TO_DO, report.status());
        assertEquals(0, fabric.gateReads);
        assertTrue(fabric.validated.isEmpty());
    }

    @Test
    void racksInParallelNeverTakeTwoSwitchesOfOneRackAtOnce() {
        FakeFabric fabric = new FakeFabric(4);
        fabric.upgradeTakes = Duration.ofMillis(150);
        RoundReport report = run(fabric, options(0, 2, 5));

        assertEquals(RoundReport.Status.COMPLETED, report.status(), report.reason());
        assertEquals(8, fabric.upgraded.size());
        assertEquals(2, fabric.mostInFlight.get(), "two racks at a time");
        assertFalse(fabric.twoOfOneRack, "never two of one rack");
    }
}
