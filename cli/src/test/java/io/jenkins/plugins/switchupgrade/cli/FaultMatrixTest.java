package io.jenkins.plugins.switchupgrade.cli;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.lab.ExternalServer;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.ports.FileFleetLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault matrix of {@code switch-upgrade run} against the lab: every Cumulus fault kind on the candidate and on its
 * sibling, Prometheus stopped mid-round and before it, Alertmanager down, the audit webhook refusing, the fleet lock
 * held, and bad flags. Each case checks the exit code, report.json's status and the switch's outcome and reason,
 * which switches the lab saw {@code onie-select}/{@code reboot} from, and that the silences the round created are
 * expired. One fabric serves every case; each case works on racks of its own (the others are excluded).
 */
class FaultMatrixTest {
    /**
     * The Cumulus fault kinds (the ISSU and MAC-retention ones do not apply to a Cumulus fabric): on the candidate
     * (position 1) of racks 1-8, on the sibling (position 2) of racks 11-18.
     */
    private static final List<LabFault> ORDER = List.of(LabFault.NO_RETURN, LabFault.BGP_LOSS, LabFault.LINK_LOSS,
            LabFault.OLD_VERSION, LabFault.UNHEALTHY, LabFault.SLOW_REBOOT, LabFault.SSH_DOWN, LabFault.HOSTKEY_CHANGED);
    private static final int SIBLING_RACKS = 10;
    /** A healthy rack next to the unhealthy sibling's, so that the round has something to upgrade after the skip. */
    private static final int HEALTHY_NEXT_RACK = 19;
    /** Where the service cases would act, were it allowed: nothing there may be touched. */
    private static final int SERVICE_RACK = 20;
    private static final int RACKS = 20;

    private static Fabric fabric;
    @TempDir
    Path reportDir;

    @BeforeAll
    static void startFabric() {
        Fabric.Builder builder = Fabric.builder().racks(RACKS).spines(0).alertmanager(true)
                .rebootTime(Duration.ofMillis(1200)).convergeTime(Duration.ofMillis(300))
                .slowRebootDelay(Duration.ofMillis(2500));
        for (LabFault fault : ORDER) {
            builder.fault(leaf(candidateRack(fault), 1), fault);
            builder.fault(leaf(siblingRack(fault), 2), fault);
        }
        fabric = builder.build().start();
    }

    @AfterAll
    static void stopFabric() {
        if (fabric != null) {
            fabric.close();
        }
    }

    private static int candidateRack(LabFault fault) {
        return ORDER.indexOf(fault) + 1;
    }

    private static int siblingRack(LabFault fault) {
        return SIBLING_RACKS + ORDER.indexOf(fault) + 1;
    }

    private static String leaf(int rack, int position) {
        return "leaf-r" + rack + "-p" + position + "-pod1";
    }

    /** A round over the given racks' first leaves, one switch at most, with {@code extra} flags last (they win). */
    private LabRun round(List<Integer> racks, String... extra) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(LabRun.baseFlags(fabric, reportDir));
        args.addAll(LabRun.onlyRacks(fabric, racks));
        args.addAll(LabRun.fleetHealthGateOff(reportDir));
        args.addAll(List.of("--position", "1", "--max-switches", "1"));
        args.addAll(List.of(extra));
        return LabRun.run(fabric, reportDir, args);
    }

    @ParameterizedTest(name = "{0} on the candidate")
    @EnumSource(value = LabFault.class, names = {"NO_RETURN", "BGP_LOSS", "LINK_LOSS", "OLD_VERSION", "UNHEALTHY",
            "SLOW_REBOOT", "SSH_DOWN", "HOSTKEY_CHANGED"})
    void faultOnTheCandidate(LabFault fault) {
        int rack = candidateRack(fault);
        String candidate = leaf(rack, 1);
        String sibling = leaf(rack, 2);
        LabRun run = round(List.of(rack));
        String log = run.log();

        assertEquals(sibling, run.entry(candidate).get("sibling"), log);
        assertEquals(1, run.switches().size(), log);
        switch (fault) {
            case UNHEALTHY -> {
                // never touched: skipped at validation, and a skip does not stop the round
                assertEquals(0, run.code, log);
                assertEquals("completed", run.status(), log);
                assertEquals("skipped", run.outcome(candidate), log);
                assertTrue(run.reason(candidate).startsWith("pre-upgrade validation failed"), run.reason(candidate));
                assertTrue(run.reason(candidate).contains(candidate + " is not healthy"), run.reason(candidate));
                run.assertNothingDisrupted();
                assertEquals(List.of(), run.silenceIds(), log);
            }
            case SLOW_REBOOT -> {
                // its ports stay open 2.5 s after 'reboot': that is not "back"; the round waits until it really went
                // down and came back (the lab holds the SSH channel until then, as the driver's 30 s reboot answer
                // time allows, so the short --down-seconds is not what decides)
                assertEquals(0, run.code, log);
                assertEquals("completed", run.status(), log);
                assertEquals("upgraded", run.outcome(candidate), log);
                assertEquals(Set.of(candidate), run.rebooted(), log);
                Instant reboot = run.commands().stream().filter(c -> c.switchName().equals(candidate)
                        && c.command().trim().matches("(sudo )?reboot")).findFirst().orElseThrow().time();
                Instant down = Instant.parse(String.valueOf(run.audit().stream().filter(ev -> ev.kind()
                        == AuditKind.SWITCH_DOWN && ev.switchName().equals(candidate)).findFirst().orElseThrow()
                        .details().get("at")));
                assertTrue(Duration.between(reboot, down).toMillis() >= 2000, "reboot sent " + reboot
                        + ", down " + down + "\n" + log);
                assertEquals(1, run.silenceIds(candidate).size(), log);
            }
            case SSH_DOWN, HOSTKEY_CHANGED -> {
                // the switch cannot be reached safely: nothing is sent, the round stops on it as on a failed switch
                assertEquals(1, run.code, log);
                assertEquals("aborted", run.status(), log);
                assertEquals("failed", run.outcome(candidate), log);
                assertTrue(run.reason(candidate).contains("nothing was sent"), run.reason(candidate));
                assertTrue(run.reason(candidate).contains(fault == LabFault.SSH_DOWN ? "connection refused"
                        : "host key"), run.reason(candidate));
                run.assertNothingDisrupted();
                // the switch's identity is asked for over SSH before anything is silenced: no silence was made
                assertEquals(0, run.silenceIds(candidate).size(), "the identity check comes before the silence\n"
                        + log);
            }
            default -> {
                assertEquals(1, run.code, log);
                assertEquals("aborted", run.status(), log);
                assertEquals("failed", run.outcome(candidate), log);
                String reason = run.reason(candidate);
                switch (fault) {
                    case NO_RETURN -> assertTrue(reason.contains("did not come back"), reason);
                    case BGP_LOSS -> assertTrue(reason.startsWith("post-upgrade validation failed")
                            && reason.contains("bgp"), reason);
                    case LINK_LOSS -> assertTrue(reason.startsWith("post-upgrade validation failed")
                            && reason.contains("link"), reason);
                    case OLD_VERSION -> assertTrue(reason.startsWith("post-upgrade validation failed")
                            && reason.contains("5.9.1"), reason);
                    default -> throw new AssertionError(fault);
                }
                assertEquals(Set.of(candidate), run.disrupted(), log);
                assertEquals(Set.of(candidate), run.rebooted(), log);
                assertEquals(1, run.silenceIds(candidate).size(), log);
            }
        }
        run.assertSilencesExpired();
        assertFalse(run.disrupted().contains(sibling), "the sibling is never touched\n" + log);
    }

    @ParameterizedTest(name = "{0} on the sibling")
    @EnumSource(value = LabFault.class, names = {"NO_RETURN", "BGP_LOSS", "LINK_LOSS", "OLD_VERSION", "UNHEALTHY",
            "SLOW_REBOOT", "SSH_DOWN", "HOSTKEY_CHANGED"})
    void faultOnTheSibling(LabFault fault) {
        int rack = siblingRack(fault);
        String candidate = leaf(rack, 1);
        String sibling = leaf(rack, 2);
        if (fault == LabFault.UNHEALTHY) {
            // the candidate of a rack whose sibling is unhealthy is skipped, and the round goes on to another rack
            String next = leaf(HEALTHY_NEXT_RACK, 1);
            LabRun run = round(List.of(rack, HEALTHY_NEXT_RACK), "--max-switches", "0");
            String log = run.log();
            assertEquals(0, run.code, log);
            assertEquals("completed", run.status(), log);
            assertEquals("skipped", run.outcome(candidate), log);
            assertTrue(run.reason(candidate).startsWith("pre-upgrade validation failed"), run.reason(candidate));
            assertTrue(run.reason(candidate).contains(sibling + " is not healthy"), run.reason(candidate));
            assertEquals("upgraded", run.outcome(next), log);
            assertEquals(Set.of(next), run.disrupted(), log);
            assertEquals(List.of(), run.silenceIds(candidate), log);
            assertEquals(1, run.assertSilencesExpired(), log);
            return;
        }
        // the other faults only show when the sibling itself is rebooted or reached over SSH: the candidate goes on
        LabRun run = round(List.of(rack));
        String log = run.log();
        assertEquals(0, run.code, log);
        assertEquals("completed", run.status(), log);
        assertEquals("upgraded", run.outcome(candidate), log);
        assertEquals(sibling, run.entry(candidate).get("sibling"), log);
        assertEquals("post equals pre; runs 5.10.0", run.reason(candidate), log);
        assertEquals(Set.of(candidate), run.disrupted(), log);
        assertEquals(Set.of(candidate), run.rebooted(), log);
        assertEquals("5.10.0", fabric.get(candidate).version());
        assertEquals("5.9.1", fabric.get(sibling).version());
        assertEquals(1, run.assertSilencesExpired(), log);
    }

    @Test
    void configuredSilenceMatchersReachAlertmanagerOneSilenceEach() throws IOException {
        int rack = 9;
        String candidate = leaf(rack, 1);
        LabRun run = round(List.of(rack), "--silence-matcher", "instance=~\"{switch}(:\\d+)?\"",
                "--silence-matcher", "alertname=\"BGPPeerDown\",peer=\"{switch}\"");
        String log = run.log();
        assertEquals(0, run.code, log);
        assertEquals("upgraded", run.outcome(candidate), log);
        List<String> ids = List.of(String.join(",", run.silenceIds(candidate)).split(","));
        assertEquals(2, ids.size(), log);
        List<String> bodies = new ArrayList<>();
        try (okhttp3.Response listed = new okhttp3.OkHttpClient().newCall(new okhttp3.Request.Builder()
                .url(fabric.alertmanager().url() + "/api/v2/silences").build()).execute()) {
            String body = listed.body().string();
            for (String id : ids) {
                assertTrue(body.contains("\"id\":\"" + id + "\""), "silence " + id + " is in Alertmanager\n" + body);
            }
            bodies.add(body);
        }
        String all = String.join("\n", bodies);
        assertTrue(all.contains("\"name\":\"instance\"") && all.contains(candidate + "(:\\\\d+)?"), all);
        assertTrue(all.contains("\"name\":\"peer\"") && all.contains("\"value\":\"BGPPeerDown\""), all);
        assertEquals(1, run.assertSilencesExpired(), log);
    }

    @Test
    void alertmanagerDownStopsTheRoundBeforeAnythingIsSent() {
        String candidate = leaf(SERVICE_RACK, 1);
        LabRun run = round(List.of(SERVICE_RACK), "--alertmanager", "http://127.0.0.1:" + ExternalServer.freePort());
        String log = run.log();
        assertEquals(3, run.code, log);
        assertEquals("aborted", run.status(), log);
        // the live gates are read at round start: without Alertmanager the round does not start at all
        assertEquals("not-reached", run.outcome(candidate), log);
        assertTrue(run.reason(candidate).contains("the round did not start: the gates could not be read"),
                run.reason(candidate));
        assertTrue(run.reason(candidate).contains("cannot reach Alertmanager"), run.reason(candidate));
        run.assertNothingDisrupted();
        assertEquals(List.of(), run.silenceIds(), log);
    }

    @Test
    void aRefusingAuditWebhookStopsTheRoundBeforeAnythingIsSent() throws IOException {
        AtomicInteger posts = new AtomicInteger();
        HttpServer refusing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        refusing.createContext("/", exchange -> {
            posts.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        refusing.start();
        try {
            LabRun run = round(List.of(SERVICE_RACK), "--audit-webhook",
                    "http://127.0.0.1:" + refusing.getAddress().getPort() + "/changelog");
            String log = run.log();
            assertEquals(3, run.code, log);
            assertTrue(posts.get() >= 1, "the webhook was asked\n" + log);
            assertTrue(run.out.contains("500"), log);
            run.assertNothingDisrupted();
            assertEquals(List.of(), run.silenceIds(), log);
            assertFalse(run.audit().isEmpty(), "the refused event stays on file\n" + log);
            assertTrue(run.audit().stream().noneMatch(ev -> ev.kind().isDisruptive()), log);
        } finally {
            refusing.stop(0);
        }
    }

    @Test
    void aHeldLockStopsTheRoundBeforeAnythingIsSent() throws IOException {
        Path lockFile = reportDir.resolve("fleet.lock");
        try (FileFleetLock held = FileFleetLock.acquire(lockFile, "another run")) {
            LabRun run = round(List.of(SERVICE_RACK), "--lock-file", lockFile.toString());
            String log = run.log();
            assertEquals(3, run.code, log);
            assertTrue(run.out.contains("is held by another run (another run"), log);
            run.assertNothingDisrupted();
            assertEquals(List.of(), run.silenceIds(), log);
            assertTrue(held.isHeld());
        }
        // as JSON, the refusal is a document too: its exit code and why
        try (FileFleetLock held = FileFleetLock.acquire(lockFile, "another run")) {
            LabRun json = round(List.of(SERVICE_RACK), "--lock-file", lockFile.toString(), "--output", "json");
            assertEquals(3, json.code, json.log());
            Map<String, Object> refusal = io.jenkins.plugins.switchupgrade.json.Json.parseObject(json.out, "stdout");
            assertEquals(3L, ((Number) refusal.get("exitCode")).longValue(), json.log());
            assertTrue(String.valueOf(refusal.get("error")).contains("is held by another run"), json.log());
            json.assertNothingDisrupted();
        }
        // once released, the same flags take the lock (the round itself is not the point here: --role spine finds
        // nothing to do in a fabric without spines)
        LabRun after = round(List.of(SERVICE_RACK), "--lock-file", lockFile.toString(), "--role", "spine");
        assertEquals(0, after.code, after.log());
        assertEquals("nothing-to-do", after.status(), after.log());
        assertTrue(Files.exists(lockFile));
    }

    @Test
    void badFlagsAndValuesExitTwoWithAClearMessage() {
        Instant before = Instant.now();
        String dir = reportDir.toString();
        Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(List.of("--bogus", "1"), "unknown flag --bogus");
        cases.put(List.of("--fault", "leaf-r1-p1-pod1=no-return"), "unknown flag --fault");
        cases.put(List.of("--role", "router"), "'leaf' or 'spine'");
        cases.put(List.of("--position", "3"), "--position must be within 1..2, was 3");
        cases.put(List.of("--parallel-racks", "0"), "--parallel-racks must be within 1..64, was 0");
        cases.put(List.of("--max-switches", "-1"), "--max-switches must be within");
        cases.put(List.of("--down-seconds", "soon"), "--down-seconds must be a whole number, was 'soon'");
        cases.put(List.of("--seed", "x"), "--seed must be a whole number, was 'x'");
        cases.put(List.of("--to-version", "5.9.1"), "nothing would change");
        cases.put(List.of("--ssh-key", dir + "/no-such-key"), "--ssh-key " + dir + "/no-such-key is not a readable file");
        cases.put(List.of("--platform", "junos"), "--platform must be cumulus or aos, was 'junos'");
        cases.put(List.of("--prometheus", "not a url"), "");
        cases.put(List.of("--alertmanager", "not a url"), "--alertmanager");
        cases.put(List.of("--datacenter", "nowhere"), "known datacenters: lab1");
        cases.put(List.of("--max-inventory", "2"), "more than the bound of 2");
        cases.put(List.of("--report-dir"), "--report-dir needs a value");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            LabRun run = round(List.of(SERVICE_RACK), c.getKey().toArray(String[]::new));
            assertEquals(2, run.code, c.getKey() + ": " + run.log());
            assertTrue(run.err.contains("switch-upgrade: ") && run.err.contains(c.getValue()),
                    c.getKey() + " should say '" + c.getValue() + "': " + run.log());
        }
        // a required flag left out
        LabRun missing = LabRun.run(fabric, reportDir, List.of("run", "--prometheus", fabric.prometheus().url(),
                "--datacenter", "lab1", "--from-version", "5.9.1", "--to-version", "5.10.0"));
        assertEquals(2, missing.code, missing.log());
        assertTrue(missing.err.contains("--role is required"), missing.log());
        LabRun noKey = LabRun.run(fabric, reportDir, List.of("run", "--prometheus", fabric.prometheus().url(),
                "--datacenter", "lab1", "--role", "leaf", "--from-version", "5.9.1", "--to-version", "5.10.0",
                "--report-dir", dir));
        assertEquals(2, noKey.code, noKey.log());
        assertTrue(noKey.err.contains("--ssh-user is required"), noKey.log());
        assertTrue(fabric.commands().entries().stream().noneMatch(c -> c.time().isAfter(before)
                && LabRun.DISRUPTIVE.matcher(c.command().trim()).find()), "bad input touches nothing");
    }

    /** Prometheus stopped while the candidate reboots, then a round started without it: a small fabric of its own. */
    @Test
    void prometheusStoppedMidRoundAndBefore(@TempDir Path labDir) throws InterruptedException {
        // a longer reboot, so that Prometheus is surely gone before the switch is back
        try (Fabric small = Fabric.builder().racks(1).spines(0).alertmanager(true)
                .rebootTime(Duration.ofMillis(2000)).convergeTime(Duration.ofMillis(300)).stateDir(labDir)
                .build().start()) {
            String candidate = leaf(1, 1);
            AtomicBoolean stopped = new AtomicBoolean();
            Thread stopper = LabRun.stopOnReboot(small, candidate, () -> small.prometheus().stop(), stopped,
                    "stop-prometheus-mid-round");
            List<String> args = new ArrayList<>(List.of("run"));
            args.addAll(LabRun.baseFlags(small, reportDir));
            args.addAll(List.of("--position", "1"));
            LabRun run = LabRun.run(small, reportDir, args);
            stopper.join(Duration.ofSeconds(10).toMillis());
            String log = run.log();
            assertTrue(stopped.get(), "Prometheus was stopped after the reboot command\n" + log);
            assertEquals(1, run.code, log);
            assertEquals("aborted", run.status(), log);
            assertEquals("failed", run.outcome(candidate), log);
            assertTrue(run.reason(candidate).contains("Prometheus"), run.reason(candidate));
            assertEquals(Set.of(candidate), run.disrupted(), log);
            assertEquals(1, run.assertSilencesExpired(), log);

            // a round started while Prometheus is down touches nothing
            Path second = reportDir.resolve("second");
            List<String> again = new ArrayList<>(List.of("run"));
            again.addAll(LabRun.baseFlags(small, second));
            LabRun before = LabRun.run(small, second, again);
            assertEquals(3, before.code, before.log());
            assertTrue(before.err.contains("Prometheus cannot be used"), before.log());
            before.assertNothingDisrupted();
            assertEquals(List.of(), before.silenceIds(), before.log());
        }
    }

    /** A second octet for the small fabric's addresses other than the main fabric's (both default to the PID's). */}
