package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.SilenceState;
import io.jenkins.plugins.switchupgrade.audit.AuditEvent;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.lab.CommandRecord;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * One {@code switch-upgrade run} through {@link Main#run} against a lab fabric, and what the tests read after it:
 * the exit code and output, report.json, audit.jsonl, and the commands the lab's switches received meanwhile.
 */
final class LabRun {
    /** A command that disrupts a Cumulus switch, as the lab records it. */
    static final Pattern DISRUPTIVE = Pattern.compile("^(sudo )?(reboot|onie-select -i)");

    final int code;
    final String out;
    final String err;
    final Path reportDir;
    final Instant startedAt;
    final Instant endedAt;
    private final Fabric fabric;

    private LabRun(Fabric fabric, int code, String out, String err, Path reportDir, Instant startedAt,
                   Instant endedAt) {
        this.fabric = fabric;
        this.code = code;
        this.out = out;
        this.err = err;
        this.reportDir = reportDir;
        this.startedAt = startedAt;
        this.endedAt = endedAt;
    }

    /**
     * The flags every round against {@code fabric} needs: services, SSH material, versions and short waits, and a state
     * directory (lock and ledger) of the report directory's own, so that no test meets another's ledger.
     */
    static List<String> baseFlags(Fabric fabric, Path reportDir) {
        return new ArrayList<>(List.of("--prometheus", fabric.prometheus().url(),
                "--alertmanager", fabric.alertmanager().url(),
                "--datacenter", fabric.settings().datacenter(), "--role", "leaf",
                "--from-version", fabric.settings().fromVersion(), "--to-version", fabric.settings().toVersion(),
                "--ssh-user", fabric.ssh().user(), "--ssh-key", fabric.ssh().clientKeyFile().toString(),
                "--known-hosts", fabric.ssh().knownHostsFile().toString(),
                "--ssh-port", String.valueOf(fabric.ssh().port()),
                "--report-dir", reportDir.toString(), "--state-dir", reportDir.resolve("state").toString(),
                "--down-seconds", "4", "--up-seconds", "4", "--fresh-seconds", "6", "--settle-seconds", "4"));
    }

    /**
     * {@code --metrics-profile} with the fleet-health gate switched off, for tests whose fabric keeps faulty switches
     * of other racks on purpose (each case tests one fault in isolation); the gate itself is tested in the engine's
     * LiveGatesLabTest.
     */
    static List<String> fleetHealthGateOff(Path dir) {
        Path profile = dir.resolve("fleet-health-gate-off.json");
        try {
            java.nio.file.Files.writeString(profile, "{\"gates\": {\"fleetHealth\": false}}");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return List.of("--metrics-profile", profile.toString());
    }

    /** {@code --exclude} for every leaf of {@code fabric} outside {@code racks}, so a round sees only those racks. */
    static List<String> onlyRacks(Fabric fabric, Collection<Integer> racks) {
        List<String> flags = new ArrayList<>();
        for (LabSwitch s : fabric.switches()) {
            if (s.role().equals("leaf") && !racks.contains(s.rack())) {
                flags.add("--exclude");
                flags.add(s.name());
            }
        }
        return flags;
    }

    /**
     * Runs {@code stop} (stopping a server by its PID) as soon as the lab records {@code reboot} for
     * {@code switchName}, from a thread of its own; {@code stopped} says whether it ran. Join the thread after the
     * round.
     */
    static Thread stopOnReboot(Fabric fabric, String switchName, Runnable stop, AtomicBoolean stopped, String what) {
        Thread stopper = new Thread(() -> {
            Instant deadline = Instant.now().plusSeconds(60);
            while (Instant.now().isBefore(deadline)) {
                if (fabric.commands().commands(switchName).stream().anyMatch(c -> c.trim().matches("(sudo )?reboot"))) {
                    stop.run();
                    stopped.set(true);
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, what);
        stopper.setDaemon(true);
        stopper.start();
        return stopper;
    }

    /** Runs {@code switch-upgrade <args>} in this JVM and records what it printed. */
    static LabRun run(Fabric fabric, Path reportDir, List<String> args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        Instant started = Instant.now();
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        return new LabRun(fabric, code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8),
                reportDir, started, Instant.now());
    }

    /** The tail of the output, for assertion messages. */
    String log() {
        String all = out + "\n--- stderr ---\n" + err;
        return "exit " + code + "\n" + (all.length() <= 6000 ? all : "…" + all.substring(all.length() - 6000));
    }

    boolean hasReport() {
        return Files.exists(reportDir.resolve("report.json"));
    }

    Map<String, Object> report() {
        try {
            return Json.parseObject(Files.readString(reportDir.resolve("report.json")), "report.json");
        } catch (IOException e) {
            throw new UncheckedIOException("no report.json in " + reportDir + "\n" + log(), e);
        }
    }

    String status() {
        return (String) report().get("status");
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> switches() {
        return (List<Map<String, Object>>) report().get("switches");
    }

    /** The report.json entry of one switch; fails when the report does not list it. */
    Map<String, Object> entry(String name) {
        Map<String, Object> found = switches().stream().filter(s -> name.equals(s.get("name"))).findFirst()
                .orElse(null);
        assertNotNull(found, name + " is not in report.json: " + Json.pretty(switches()) + "\n" + log());
        return found;
    }

    String outcome(String name) {
        return (String) entry(name).get("outcome");
    }

    String reason(String name) {
        return (String) entry(name).get("reason");
    }

    List<AuditEvent> audit() {
        return AuditTrail.read(reportDir.resolve("audit.jsonl"));
    }

    /** The IDs of the silences this run created, from audit.jsonl's silence-created events. */
    List<String> silenceIds() {
        return audit().stream().filter(ev -> ev.kind() == AuditKind.SILENCE_CREATED)
                .map(ev -> String.valueOf(ev.details().get("silenceId"))).toList();
    }

    /** The IDs of the silences created for {@code switchName}. */
    List<String> silenceIds(String switchName) {
        return audit().stream().filter(ev -> ev.kind() == AuditKind.SILENCE_CREATED
                && ev.switchName().equals(switchName)).map(ev -> String.valueOf(ev.details().get("silenceId"))).toList();
    }

    /** Asserts that every silence this run created is expired in Alertmanager, and returns how many there were. */
    int assertSilencesExpired() {
        AlertSilencer silencer = AlertSilencer.builder(fabric.alertmanager().url()).build();
        List<String> ids = silenceIds();
        for (String id : ids) {
            assertEquals(SilenceState.EXPIRED, silencer.state(id).orElse(null), "silence " + id + "\n" + log());
        }
        return ids.size();
    }

    /** The commands the lab's switches received while this run ran. */
    List<CommandRecord.Entry> commands() {
        return fabric.commands().entries().stream()
                .filter(c -> !c.time().isBefore(startedAt) && !c.time().isAfter(endedAt)).toList();
    }

    /** The switches the lab saw {@code onie-select -i} or {@code reboot} from while this run ran. */
    Set<String> disrupted() {
        Set<String> names = new TreeSet<>();
        for (CommandRecord.Entry c : commands()) {
            if (DISRUPTIVE.matcher(c.command().trim()).find()) {
                names.add(c.switchName());
            }
        }
        return names;
    }

    /** The switches that received {@code reboot} while this run ran. */
    Set<String> rebooted() {
        Set<String> names = new TreeSet<>();
        for (CommandRecord.Entry c : commands()) {
            if (c.command().trim().matches("(sudo )?reboot")) {
                names.add(c.switchName());
            }
        }
        return names;
    }

    void assertNothingDisrupted() {
        assertEquals(Set.of(), disrupted(), "no switch may have been sent onie-select or reboot\n" + log());
    }
}
