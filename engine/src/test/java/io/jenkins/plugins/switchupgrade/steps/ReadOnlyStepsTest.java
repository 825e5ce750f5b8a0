package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.core.StepContext;

import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.metrics.UnknownDatacenterException;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pickCandidate, validateSibling and diffMetrics against a lab fabric watched by the real Prometheus. */
class ReadOnlyStepsTest {
    private static Fabric fabric;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    @TempDir
    Path artifacts;
    private PrometheusClient prometheus;
    private StepContext context;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(6).spines(2).build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    @BeforeEach
    void connect() {
        prometheus = PrometheusClient.builder(fabric.prometheus().url()).build();
        context = context(MetricsProfile.defaults());
    }

    private StepContext context(MetricsProfile profile) {
        return StepContext.builder().prometheus(prometheus).profile(profile).console(log::add)
                .artifacts(new DirectoryArtifactStore(artifacts)).build();
    }

    @AfterEach
    void restoreTheLab() {
        for (LabSwitch s : fabric.switches()) {
            s.clear(LabFault.UNHEALTHY);
            s.setLinksUp(s.links()).setBgpEstablished(s.bgpPeers()).setVersion("5.9.1");
            s.showMetric("fabric_switch_bgp_peer_status").showMetric("fabric_switch_os_info");
        }
        await("count(count by (instance) (fabric_switch_interface_link_status == 2)) == 14", 1);
        await("count(fabric_switch_os_info) == 14", 1);
    }

    private static void await(String promql, int series) {
        fabric.prometheus().awaitSeries(promql, series, Duration.ofSeconds(20));
    }

    private Map<String, Object> pick(String datacenter, String version, Integer position, List<String> exclude, long seed) {
        return StepResults.toMap(new PickCandidate(context).run(new PickCandidate.Request().datacenter(datacenter).role("leaf")
                .fromVersion(version).position(position).exclude(exclude).seed(seed)));
    }

    @Test
    void picksARandomLeafOnTheFromVersionWithItsRackSibling() {
        Map<String, Object> first = pick("lab1", "5.9.1", null, List.of(), 7);
        Map<String, Object> again = pick("lab1", "5.9.1", null, List.of(), 7);
        assertEquals(first.get("candidate"), again.get("candidate"), "the same seed picks the same switch");
        String candidate = (String) first.get("candidate");
        assertTrue(candidate.matches("leaf-r[1-6]-p[12]-pod1"), candidate);
        String rack = candidate.substring(0, candidate.indexOf("-p"));
        String sibling = rack + (candidate.contains("-p1-") ? "-p2-pod1" : "-p1-pod1");
        assertEquals(List.of(sibling), first.get("siblings"));
        assertEquals(12, first.get("remaining"));
        assertEquals(false, first.get("nothingToDo"));
        java.util.Set<Object> seen = new java.util.HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            seen.add(pick("lab1", "5.9.1", null, List.of(), seed).get("candidate"));
        }
        assertTrue(seen.size() > 4, "random choice spreads over the fleet: " + seen);
    }

    @Test
    void honoursPositionAndExcludeList() {
        List<String> exclude = List.of("leaf-r1-p2-pod1", "leaf-r2-p2-pod1", "leaf-r3-p2-pod1", "leaf-r4-p2-pod1",
                "leaf-r5-p2-pod1");
        for (long seed = 0; seed < 10; seed++) {
            assertEquals("leaf-r6-p2-pod1", pick("lab1", "5.9.1", 2, exclude, seed).get("candidate"));
        }
        Map<String, Object> none = pick("lab1", "5.9.1", 2, List.of("leaf-r1-p2-pod1", "leaf-r2-p2-pod1",
                "leaf-r3-p2-pod1", "leaf-r4-p2-pod1", "leaf-r5-p2-pod1", "leaf-r6-p2-pod1"), 1);
        assertEquals(true, none.get("nothingToDo"));
        assertTrue(((String) none.get("reason")).contains("excluded"));
    }

    @Test
    void noSwitchOnTheFromVersionMeansNothingToDoNeverEverything() {
        Map<String, Object> result = pick("lab1", "4.0.0", null, List.of(), 1);
        assertEquals(true, result.get("nothingToDo"));
        assertNull(result.get("candidate"));
        assertEquals(List.of(), result.get("siblings"));
        assertEquals(0, result.get("remaining"));
        assertTrue(log.get(log.size() - 1).contains("nothing to do"), log.toString());
    }

    @Test
    void anUnknownDatacenterIsAClearErrorListingTheKnownOnes() {
        UnknownDatacenterException e = assertThrows(UnknownDatacenterException.class,
                () -> pick("dc9", "5.9.1", null, List.of(), 1));
        assertTrue(e.getMessage().contains("knows no datacenter 'dc9'; known datacenters: lab1"), e.getMessage());
        assertThrows(UnknownDatacenterException.class,
                () -> pick("lab1\"} or vector(1) #", "5.9.1", null, List.of(), 1));
    }

    @Test
    void anOversizedInventoryIsRefused() {
        context = context(MetricsProfile.defaults().toBuilder().maxInventory(5).build());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pick("lab1", "5.9.1", null, List.of(), 1));
        assertTrue(e.getMessage().contains("returned 12 series, more than the bound of 5"), e.getMessage());
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyQuery() {
        long before = prometheus.requestCount();
        assertThrows(IllegalArgumentException.class, () -> pick("", "5.9.1", null, List.of(), 1));
        assertThrows(IllegalArgumentException.class, () -> pick("lab1", " ", null, List.of(), 1));
        assertThrows(IllegalArgumentException.class, () -> pick("lab1", "5.9.1", 3, List.of(), 1));
        IllegalArgumentException role = assertThrows(IllegalArgumentException.class, () -> new PickCandidate(context)
                .run(new PickCandidate.Request().datacenter("lab1").role("border").fromVersion("5.9.1")));
        assertTrue(role.getMessage().contains("'leaf' or 'spine'"));
        assertEquals(before, prometheus.requestCount());
    }

    private Map<String, Object> validate(String candidate, List<String> siblings) {
        return StepResults.toMap(new ValidateSibling(context).run(new ValidateSibling.Request().candidate(candidate).siblings(siblings)));
    }

    @Test
    void passesWhenTheCandidateEqualsItsSiblingAndLogsInTheSeedsShape() throws Exception {
        Map<String, Object> verdict = validate("leaf-r1-p1-pod1", null);
        assertEquals(true, verdict.get("passed"), verdict.toString());
        assertEquals(List.of("leaf-r1-p2-pod1"), verdict.get("siblings"));
        assertTrue(log.contains("Cross-checking switch metrics with sibling switch: leaf-r1-p1-pod1 leaf-r1-p2-pod1"), log.toString());
        assertTrue(log.contains("leaf-r1-p1-pod1: ---- {\"bgp_peer_status\"=>\"4\",\"interface_link_status\"=>\"6\","
                + "\"health_global_status\"=>\"0\"}"), log.toString());
        assertTrue(log.contains("Status: Pre upgrade validation passed!"), log.toString());
        Map<String, Object> pre = Json.parseObject(Files.readString(artifacts.resolve(
                "switch-upgrade/leaf-r1-p1-pod1/pre.json")), "pre.json");
        assertTrue(pre.containsKey("leaf-r1-p1-pod1") && pre.containsKey("leaf-r1-p2-pod1"), pre.toString());
    }

    @Test
    void passesWhenTheCandidateHasFewerLinksThanItsSibling() {
        fabric.get("leaf-r2-p1-pod1").setLinksUp(4);
        await("count by (instance) (fabric_switch_interface_link_status{instance=\"leaf-r2-p1-pod1\"} == 2) == 4", 1);
        Map<String, Object> verdict = validate("leaf-r2-p1-pod1", List.of("leaf-r2-p2-pod1"));
        assertEquals(true, verdict.get("passed"), verdict.toString());
    }

    @Test
    void skipsTheCandidateWhenItsSiblingHasFewerLinks() {
        fabric.get("leaf-r2-p2-pod1").setLinksUp(5);
        await("count by (instance) (fabric_switch_interface_link_status{instance=\"leaf-r2-p2-pod1\"} == 2) == 5", 1);
        Map<String, Object> verdict = validate("leaf-r2-p1-pod1", List.of("leaf-r2-p2-pod1"));
        assertEquals(false, verdict.get("passed"));
        assertTrue(verdict.get("reasons").toString().contains("has more interface_link_status (6) than its sibling "
                + "leaf-r2-p2-pod1 (5)"), verdict.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Status: Pre upgrade validation failed")), log.toString());
    }

    @Test
    void skipsTheCandidateWhenItsSiblingHasFewerBgpPeers() {
        fabric.get("leaf-r3-p2-pod1").setBgpEstablished(3);
        await("count by (instance) (fabric_switch_bgp_peer_status{instance=\"leaf-r3-p2-pod1\"} == 0) == 3", 1);
        Map<String, Object> verdict = validate("leaf-r3-p1-pod1", null);
        assertEquals(false, verdict.get("passed"));
        assertTrue(verdict.get("reasons").toString().contains("bgp_peer_status (4) than its sibling leaf-r3-p2-pod1 (3)"),
                verdict.toString());
    }

    @Test
    void failsWhenTheSiblingIsUnhealthy() {
        fabric.get("leaf-r4-p2-pod1").inject(LabFault.UNHEALTHY);
        await("fabric_switch_health_global_status{instance=\"leaf-r4-p2-pod1\"} == 1", 1);
        Map<String, Object> verdict = validate("leaf-r4-p1-pod1", null);
        assertEquals(false, verdict.get("passed"));
        assertTrue(verdict.get("reasons").toString().contains("sibling leaf-r4-p2-pod1 is not healthy"), verdict.toString());
        Map<String, Object> reverse = validate("leaf-r4-p2-pod1", null);
        assertTrue(reverse.get("reasons").toString().contains("leaf-r4-p2-pod1 is not healthy"), reverse.toString());
    }

    @Test
    void failsWhenAMetricIsMissingForOneSwitch() {
        fabric.get("leaf-r5-p2-pod1").hideMetric("fabric_switch_bgp_peer_status");
        await("absent(fabric_switch_bgp_peer_status{instance=\"leaf-r5-p2-pod1\"})", 1);
        Map<String, Object> verdict = validate("leaf-r5-p1-pod1", null);
        assertEquals(false, verdict.get("passed"));
        assertTrue(verdict.get("reasons").toString().contains("metric bgp_peer_status is missing for leaf-r5-p2-pod1"),
                verdict.toString());
    }

    @Test
    void failsWithoutASibling() {
        Map<String, Object> verdict = validate("spine-s1-pod1", List.of());
        assertEquals(false, verdict.get("passed"));
        assertTrue(verdict.get("reasons").toString().contains("has no sibling"), verdict.toString());
    }

    @Test
    void aRackWithOneSwitchInPrometheusHasNoSiblingAndFails() {
        fabric.get("leaf-r3-p2-pod1").hideMetric("fabric_switch_os_info");
        await("absent(fabric_switch_os_info{instance=\"leaf-r3-p2-pod1\"})", 1);
        Map<String, Object> verdict = validate("leaf-r3-p1-pod1", null);
        assertEquals(List.of(), verdict.get("siblings"));
        assertEquals(false, verdict.get("passed"));
        assertTrue(verdict.get("reasons").toString().contains("leaf-r3-p1-pod1 has no sibling"), verdict.toString());
    }

    @Test
    void aNameThatTriesToWidenTheQueryMatchesNothing() {
        Map<String, Object> verdict = validate("x\"} or vector(1) #", List.of("leaf-r1-p1-pod1"));
        assertEquals(false, verdict.get("passed"));
        assertTrue(verdict.get("reasons").toString().contains("missing for x\"} or vector(1) #"), verdict.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> validate("leaf-r99-p1-pod1", null));
        assertTrue(e.getMessage().contains("does not know switch 'leaf-r99-p1-pod1'"), e.getMessage());
    }

    @Test
    void pickAndValidateCostAFixedNumberOfRequests() {
        long before = prometheus.requestCount();
        Map<String, Object> pick = pick("lab1", "5.9.1", null, List.of(), 3);
        @SuppressWarnings("unchecked")
        List<String> siblings = (List<String>) pick.get("siblings");
        validate((String) pick.get("candidate"), siblings);
        assertEquals(3, prometheus.requestCount() - before,
                "the counts per pod, one pod's switches, 1 snapshot with the MLAG facts in the same request");
    }

    @Test
    void diffPassesWhenNothingChangedAndFailsOnLostLinksOrTheWrongVersion() throws Exception {
        Map<String, Object> pre = validate("leaf-r6-p1-pod1", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> preSnapshot = (Map<String, Object>) ((Map<String, Object>) pre.get("pre")).get("leaf-r6-p1-pod1");
        Map<String, Object> same = StepResults.toMap(new DiffMetrics(context).run(new DiffMetrics.Request().target("leaf-r6-p1-pod1")
                .toVersion("5.9.1")));
        assertEquals(true, same.get("passed"), same.toString());

        fabric.get("leaf-r6-p1-pod1").setLinksUp(5).setVersion("5.10.0");
        await("fabric_switch_os_info{instance=\"leaf-r6-p1-pod1\",version=\"5.10.0\"}", 1);
        await("count by (instance) (fabric_switch_interface_link_status{instance=\"leaf-r6-p1-pod1\"} == 2) == 5", 1);
        Map<String, Object> lost = StepResults.toMap(new DiffMetrics(context).run(new DiffMetrics.Request().target("leaf-r6-p1-pod1")
                .toVersion("5.10.0").pre(preSnapshot)));
        assertEquals(false, lost.get("passed"));
        assertTrue(lost.get("reasons").toString().contains("interface_link_status of leaf-r6-p1-pod1 was 6 before and is 5 after"),
                lost.toString());
        Map<String, Object> wrongVersion = StepResults.toMap(new DiffMetrics(context).run(new DiffMetrics.Request()
                .target("leaf-r6-p1-pod1").toVersion("5.11.0")));
        assertTrue(wrongVersion.get("reasons").toString().contains("runs 5.10.0 after the upgrade, expected 5.11.0"),
                wrongVersion.toString());
        Map<String, Object> diff = Json.parseObject(Files.readString(artifacts.resolve(
                "switch-upgrade/leaf-r6-p1-pod1/diff.json")), "diff.json");
        assertEquals(false, diff.get("passed"));
        assertTrue(Files.exists(artifacts.resolve("switch-upgrade/leaf-r6-p1-pod1/post.json")));
    }

    @Test
    void diffWithASettleTimeWaitsForLinksToComeBackAndOtherwiseFails() throws Exception {
        String name = "leaf-r5-p1-pod1";
        LabSwitch labSwitch = fabric.get(name);
        validate(name, null);
        labSwitch.setLinksUp(5);
        await("count by (instance) (fabric_switch_interface_link_status{instance=\"" + name + "\"} == 2) == 5", 1);

        Map<String, Object> stillDown = StepResults.toMap(new DiffMetrics(context).run(new DiffMetrics.Request().target(name)
                .toVersion("5.9.1").settleSeconds(2)));
        assertEquals(false, stillDown.get("passed"), "the last diff after the settle time is the verdict");

        Thread linksBack = new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                return;
            }
            labSwitch.setLinksUp(labSwitch.links());
        });
        linksBack.start();
        log.clear();
        Map<String, Object> settled = StepResults.toMap(new DiffMetrics(context).run(new DiffMetrics.Request().target(name)
                .toVersion("5.9.1").settleSeconds(30)));
        linksBack.join();
        assertEquals(true, settled.get("passed"), settled.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("waiting for BGP and links to settle")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("Status: Post upgrade validation passed!")), log.toString());
        assertThrows(IllegalArgumentException.class, () -> new DiffMetrics.Request().settleSeconds(-1));
    }

    @Test
    void diffWithoutAPreSnapshotSaysHowToGetOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DiffMetrics(context)
                .run(new DiffMetrics.Request().target("leaf-r1-p2-pod1").toVersion("5.10.0")));
        assertTrue(e.getMessage().contains("run validateSibling first"), e.getMessage());
        assertFalse(Files.exists(artifacts.resolve("switch-upgrade/leaf-r1-p2-pod1/diff.json")));
    }
}
