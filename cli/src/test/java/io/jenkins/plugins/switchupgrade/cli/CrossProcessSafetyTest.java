package io.jenkins.plugins.switchupgrade.cli;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.SilenceState;
import io.jenkins.plugins.switchupgrade.audit.AuditEvent;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.audit.WebhookDelivery;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.lab.CommandRecord;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What must hold across processes and failures, with {@code switch-upgrade run} in JVMs of its own (started from the
 * test, stopped by PID with SIGTERM or SIGKILL): two rounds of one data center at once, a round stopped while its
 * switch is down and the rounds after it, Alertmanager gone after the silence, a webhook that fails and recovers.
 * Each case proves from the lab's command record what every switch received.
 */
class CrossProcessSafetyTest {
    private static Fabric fabric;
    @TempDir
    Path dir;

    @BeforeAll
    static void startFabric() {
        // a reboot long enough to stop a round while its switch is surely down
        fabric = Fabric.builder().racks(8).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(4000))
                .convergeTime(Duration.ofMillis(300)).build().start();
    }

    @AfterAll
    static void stopFabric() {
        if (fabric != null) {
            fabric.close();
        }
    }

    private static String leaf(int rack) {
        return "leaf-r" + rack + "-p1-pod1";
    }

    /** The flags of a round over the first leaves of {@code racks}, with the lock and ledger in {@code stateDir}. */
    private List<String> round(Fabric on, Path reportDir, Path stateDir, List<Integer> racks, String... extra) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(LabRun.baseFlags(on, reportDir));
        set(args, "--up-seconds", "30");
        set(args, "--down-seconds", "10");
        set(args, "--fresh-seconds", "20");
        args.addAll(LabRun.onlyRacks(on, racks));
        set(args, "--state-dir", stateDir.toString());
        args.addAll(List.of("--position", "1"));
        args.addAll(List.of(extra));
        return args;
    }

    private static void set(List<String> args, String flag, String value) {
        int i = args.indexOf(flag);
        if (i >= 0) {
            args.set(i + 1, value);
        } else {
            args.addAll(List.of(flag, value));
        }
    }

    private static boolean sent(String name, String regex) {
        return fabric.commands().commands(name).stream().anyMatch(c -> c.trim().matches(regex));
    }

    private static long count(String name, String regex) {
        return fabric.commands().commands(name).stream().filter(c -> c.trim().matches(regex)).count();
    }

    private static List<AuditEvent> audit(Path reportDir) {
        return AuditTrail.read(reportDir.resolve("audit.jsonl"));
    }

    private static Map<String, Object> report(Path reportDir) throws IOException {
        return Json.parseObject(Files.readString(reportDir.resolve("report.json")), "report.json");
    }

    private static String silenceOf(Path reportDir, String name) {
        return audit(reportDir).stream().filter(e -> e.kind() == AuditKind.SILENCE_CREATED
                && e.switchName().equals(name)).map(e -> String.valueOf(e.details().get("silenceId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no silence of " + name + " in " + reportDir));
    }

    private static AlertSilencer alertmanager() {
        return AlertSilencer.builder(fabric.alertmanager().url()).build();
    }

    private static void assertNoStackTrace(String out) {
        assertFalse(out.contains("\tat ") || out.contains("Exception in thread"), "a stack trace reached the "
                + "console:\n" + out);
    }

    @Test
    void twoRunsAtOnceOnOneDatacenterTheSecondExitsThreeNamingTheHolder() throws Exception {
        Path state = dir.resolve("state");
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        Instant before = Instant.now();
        try (ChildRun a = ChildRun.start(round(fabric, first, state, List.of(1, 2), "--max-switches", "2"),
                dir.resolve("first.out"))) {
            Path lock = state.resolve("lab1.lock");
            a.await(() -> {
                try {
                    return Files.exists(lock) && Files.readString(lock).contains("\"pid\":" + a.pid());
                } catch (IOException e) {
                    return false;
                }
            }, Duration.ofSeconds(60), "the first round holds the lock");
            // another report directory, another process: the same data center's lock
            try (ChildRun b = ChildRun.start(round(fabric, second, state, List.of(1, 2), "--max-switches", "2"),
                    dir.resolve("second.out"))) {
                assertEquals(3, b.exitCode(Duration.ofSeconds(60)), b.out());
                assertTrue(b.out().contains("the lock of data center lab1 (" + lock + ") is held by pid " + a.pid()
                        + " on host "), b.out());
                assertTrue(b.out().contains("report dir " + first), b.out());
                assertNoStackTrace(b.out());
            }
            assertEquals(0, a.exitCode(Duration.ofSeconds(120)), a.out());
        }
        assertEquals("completed", report(first).get("status"));
        assertFalse(Files.exists(second.resolve("report.json")), "the refused round wrote no report");
        // one switch at a time: the second was sent its commands only after the first was back
        List<AuditEvent> events = audit(first);
        Instant firstUp = events.stream().filter(e -> e.kind() == AuditKind.SWITCH_UP).findFirst().orElseThrow().time();
        String firstName = events.stream().filter(e -> e.kind() == AuditKind.SWITCH_UP).findFirst().orElseThrow()
                .switchName();
        String secondName = firstName.equals(leaf(1)) ? leaf(2) : leaf(1);
        List<CommandRecord.Entry> toSecond = fabric.commands().forSwitch(secondName).stream()
                .filter(c -> !c.time().isBefore(before) && LabRun.DISRUPTIVE.matcher(c.command().trim()).find()).toList();
        assertFalse(toSecond.isEmpty());
        assertTrue(toSecond.stream().allMatch(c -> c.time().isAfter(firstUp)), "sent to " + secondName + ": "
                + toSecond + "; " + firstName + " back at " + firstUp);
        assertEquals(1, count(leaf(1), "(sudo )?reboot"));
        assertEquals(1, count(leaf(2), "(sudo )?reboot"));
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalWhileASwitchIsDownIsRecordedAndTheNextRoundBlocksUntilResumed(String signal) throws Exception {
        Path state = dir.resolve("state");
        Path first = dir.resolve("first");
        int rack = signal.equals("TERM") ? 3 : 4;
        String name = leaf(rack);
        int code;
        String out;
        try (ChildRun a = ChildRun.start(round(fabric, first, state, List.of(rack)), dir.resolve("first.out"))) {
            a.await(() -> sent(name, "(sudo )?reboot"), Duration.ofSeconds(60), name + " was sent reboot");
            Thread.sleep(500);
            code = a.signal(signal);
            out = a.out();
        }
        assertNotEquals(0, code, out);
        String silence = silenceOf(first, name);
        assertTrue(out.contains("INTERRUPTED (the process was asked to stop (SIGINT or SIGTERM)): " + name
                + " was sent its upgrade to 5.10.0 at "), out);
        assertTrue(out.contains("and is down (port 9100 closed)"), out);
        assertTrue(out.contains("its silence " + silence + " stays active until "), out);
        assertTrue(out.contains("amtool silence expire " + silence), out);
        assertNoStackTrace(out);
        assertEquals("interrupted", report(first).get("status"));
        assertTrue(audit(first).stream().anyMatch(e -> e.kind() == AuditKind.INTERRUPTED && e.switchName().equals(name)));
        assertTrue(Files.readString(state.resolve("lab1.ledger.jsonl")).contains("\"kind\":\"interrupted\""));
        assertEquals(SilenceState.ACTIVE, alertmanager().state(silence).orElseThrow());
        assertEquals("", Files.readString(state.resolve("lab1.lock")), "the stopped round gave its lock back");

        // the very next round blocks, naming the switch and how to go on; it touches nothing
        Path second = dir.resolve("second");
        LabRun blocked = LabRun.run(fabric, second, round(fabric, second, state, List.of(rack, 8)));
        assertEquals(1, blocked.code, blocked.log());
        String said = blocked.out + blocked.err;
        assertTrue(said.contains(name + " of lab1 was interrupted while in flight"), said);
        assertTrue(said.contains("--resume --state-dir " + state), said);
        assertTrue(said.contains("switch-upgrade ack --datacenter lab1 --switch " + name), said);
        blocked.assertNothingDisrupted();

        // --resume establishes its state (rebooted, back, on 5.10.0, equal to its pre snapshot) and completes it
        Path third = dir.resolve("third");
        LabRun resumed = LabRun.run(fabric, third, round(fabric, third, state, List.of(rack), "--resume"));
        assertEquals(0, resumed.code, resumed.log());
        assertEquals("upgraded", resumed.outcome(name), resumed.log());
        assertTrue(resumed.reason(name).startsWith("completed after the round that sent it stopped"), resumed.reason(name));
        assertEquals(SilenceState.EXPIRED, alertmanager().state(silence).orElseThrow());
        resumed.assertNothingDisrupted();
        assertEquals(1, count(name, "(sudo )?reboot"), "the switch got its reboot once: " + fabric.commands()
                .commands(name));
    }

    @Test
    void sigkillWhileASwitchIsDownLeavesItInFlightAndAnAcknowledgementLetsTheDatacenterGoOn() throws Exception {
        Path state = dir.resolve("state");
        Path first = dir.resolve("first");
        String name = leaf(5);
        long pid;
        try (ChildRun a = ChildRun.start(round(fabric, first, state, List.of(5)), dir.resolve("first.out"))) {
            pid = a.pid();
            a.await(() -> sent(name, "(sudo )?reboot"), Duration.ofSeconds(60), name + " was sent reboot");
            assertEquals(137, a.kill(), a.out());
        }
        String silence = silenceOf(first, name);

        Path second = dir.resolve("second");
        LabRun blocked = LabRun.run(fabric, second, round(fabric, second, state, List.of(5, 6)));
        assertEquals(1, blocked.code, blocked.log());
        String said = blocked.out + blocked.err;
        assertTrue(said.contains(name + " of lab1 is in flight: a disruption was sent and no outcome recorded"), said);
        assertTrue(said.contains("(process " + pid + "@"), said);
        assertNoStackTrace(said);
        blocked.assertNothingDisrupted();
        // the dead round's lock record was taken over, and said so
        assertTrue(blocked.audit().stream().anyMatch(e -> e.kind() == AuditKind.LOCK_TAKEN_OVER
                && e.reason().contains("pid " + pid)), blocked.log());

        LabRun ack = LabRun.run(fabric, second, List.of("ack", "--datacenter", "lab1", "--switch", name, "--reason",
                "checked by hand: back on 5.10.0, BGP up", "--state-dir", state.toString()));
        assertEquals(0, ack.code, ack.log());
        assertTrue(ack.out.contains("Acknowledged " + name + " of lab1"), ack.log());
        assertTrue(ack.out.contains("@"), "the actor is user@host: " + ack.log());
        // nobody follows the switch any more: its silence is lifted so that its alerts reach people
        assertEquals(SilenceState.EXPIRED, alertmanager().state(silence).orElseThrow());

        // the person checked it by hand: it is back (the gates of the next round refuse while it is still down,
        // and child processes that start fast can get there before its reboot is over)
        io.jenkins.plugins.switchupgrade.metrics.PrometheusClient prometheus =
                io.jenkins.plugins.switchupgrade.metrics.PrometheusClient.builder(fabric.prometheus().url()).build();
        Instant backBy = Instant.now().plusSeconds(60);
        while (prometheus.query("up{instance=\"" + name + "\"} == 1").isEmpty()) {
            assertTrue(Instant.now().isBefore(backBy), name + " did not come back within 60 s");
            Thread.sleep(100);
        }

        Path third = dir.resolve("third");
        Instant acked = Instant.now();
        LabRun after = LabRun.run(fabric, third, round(fabric, third, state, List.of(6)));
        assertEquals(0, after.code, after.log());
        assertEquals("upgraded", after.outcome(leaf(6)), after.log());
        assertEquals(Set.of(leaf(6)), after.disrupted());
        assertTrue(fabric.commands().forSwitch(leaf(6)).stream().filter(c -> LabRun.DISRUPTIVE.matcher(c.command()
                .trim()).find()).allMatch(c -> c.time().isAfter(acked)));
        assertEquals(1, count(name, "(sudo )?reboot"));
    }

    @Test
    void aWebhookAnswering500ThenRecoveringIsRetriedWithOneIdempotencyKeyAndTheRoundGoesOn() throws IOException {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        List<String> keys = Collections.synchronizedList(new ArrayList<>());
        HttpServer webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        webhook.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 500 : 200, -1);
            exchange.close();
        });
        webhook.start();
        try {
            Path reportDir = dir.resolve("report");
            LabRun run = LabRun.run(fabric, reportDir, round(fabric, reportDir, dir.resolve("state"), List.of(7),
                    "--audit-webhook", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/changelog"));
            assertEquals(0, run.code, run.log());
            assertEquals("upgraded", run.outcome(leaf(7)), run.log());
            assertTrue(run.out.contains("(HTTP 500); trying again in 250 ms (attempt 2 of 4)"), run.log());
            List<AuditEvent> events = run.audit();
            assertTrue(events.stream().allMatch(e -> e.webhook() == WebhookDelivery.ACCEPTED), events.toString());
            String firstId = events.get(0).id();
            assertEquals(List.of(firstId, firstId, firstId), keys.subList(0, 3));
            assertEquals(events.size() + 2, keys.size());
            assertEquals(Set.of(leaf(7)), run.disrupted());
        } finally {
            webhook.stop(0);
        }
    }

    /** Alertmanager stopped (by PID) after the silence was created: a fabric of its own, since it loses its Alertmanager. */
    @Test
    void alertmanagerKilledAfterTheSilenceTheRoundStillEndsWithAReportNamingTheSilence(@TempDir Path labDir)
            throws Exception {
        try (Fabric small = Fabric.builder().racks(1).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(1500))
                .convergeTime(Duration.ofMillis(300)).stateDir(labDir).build().start()) {
            String name = leaf(1);
            AtomicBoolean stopped = new AtomicBoolean();
            Thread stopper = LabRun.stopOnReboot(small, name, () -> small.alertmanager().stop(), stopped,
                    "stop-alertmanager-after-the-silence");
            Path reportDir = dir.resolve("report");
            LabRun run = LabRun.run(small, reportDir, round(small, reportDir, dir.resolve("state"), List.of(1)));
            stopper.join(10_000);
            assertTrue(stopped.get(), run.log());
            assertEquals(1, run.code, run.log());
            assertEquals("aborted", run.status(), run.log());
            String silence = run.silenceIds(name).get(0);
            String reason = run.reason(name);
            assertTrue(reason.contains("the silence " + silence + " of " + name + " could not be expired after 4 "
                    + "attempts"), reason);
            assertTrue(reason.contains("amtool silence expire " + silence + " --alertmanager.url="
                    + small.alertmanager().url()), reason);
            assertTrue(run.out.contains("trying again in 500 ms"), run.log());
            List<AuditKind> kinds = run.audit().stream().map(AuditEvent::kind).toList();
            assertTrue(kinds.containsAll(List.of(AuditKind.SILENCE_EXPIRY_FAILED, AuditKind.OUTCOME,
                    AuditKind.ROUND_FINISHED)), kinds.toString());
            assertTrue(Files.exists(reportDir.resolve("report.html")));
            assertNoStackTrace(run.out + run.err);
            assertEquals(1, small.commands().commands(name).stream().filter(c -> c.trim().matches("(sudo )?reboot"))
                    .count());
        }
    }
}
