package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.ledger.FileLedger;
import io.jenkins.plugins.switchupgrade.ledger.Ledger;
import io.jenkins.plugins.switchupgrade.ledger.LedgerState;
import io.jenkins.plugins.switchupgrade.metrics.FleetReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code switch-upgrade status}: read-only; the versions of a datacenter's switches by role and rack, what is left
 * to upgrade, and the time that takes at the pace the last round measured (or the seed's 15 minutes per switch).
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, abbreviateSynopsis = true,
        description = {"Read-only: the fleet's versions, what is left, the time left, what blocks.",
                "The versions of a datacenter's switches by role and rack (from Prometheus), what is left to "
                        + "upgrade, and the expected time left at the pace of the last round in the report "
                        + "directory (else the seed's 15 minutes per switch)."})
final class StatusCommand implements Callable<Integer> {
    /** The seed's figure: about 15 minutes to re-provision one switch. */
    static final Duration SEED_PACE = Duration.ofMinutes(15);

    @Spec
    CommandSpec spec;

    @Mixin
    PrometheusOptions prometheus = new PrometheusOptions();

    @Option(names = "--datacenter", paramLabel = "DC", description = "Required. The datacenter label, e.g. dc1.")
    String datacenter;

    @Option(names = "--from-version", paramLabel = "V",
            description = "Count as left the switches on V (with --to-version: those on V not yet on it).")
    String fromVersion;

    @Option(names = "--to-version", paramLabel = "V",
            description = "Count as left the switches not on V (default, without either version: the switches "
                    + "not on the newest version seen).")
    String toVersion;

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "switch-upgrade-report",
            description = "Where the last round's report.json is (or its leaf/ and spine/ directories), to measure "
                    + "the pace (default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            description = "text (default) or json: the status as one JSON document.")
    OutputFormat output;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The state directory of the rounds (default: as for run), to say what blocks the "
                    + "datacenter in its ledger.")
    String stateDir;

    /** What is measured about the pace: time per switch, and where it comes from. */
    record Pace(Duration perSwitch, String source) {
    }

    @Override
    public Integer call() {
        Flags flags = new Flags();
        prometheus.require(flags);
        flags.require(datacenter, "--datacenter", "dc1").check("status");
        FleetVersions fleet = FleetVersions.read(new FleetReader(prometheus.client(), prometheus.profile()),
                datacenter);
        String target = toVersion != null ? toVersion : fromVersion != null ? null : newest(fleet).orElse(null);
        Map<Role, Integer> left = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            left.put(role, (int) fleet.switches(role).stream().filter(s -> isLeft(s, target)).count());
        }
        int total = left.values().stream().mapToInt(Integer::intValue).sum();
        Pace pace = pace(reportDir);
        Duration timeLeft = pace.perSwitch().multipliedBy(total);
        if (output == OutputFormat.JSON) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("datacenter", datacenter);
            json.put("versions", fleet.toMap());
            Map<String, Object> racks = new LinkedHashMap<>();
            for (Role role : Role.values()) {
                racks.put(role.label(), racks(fleet.switches(role)));
            }
            json.put("racks", racks);
            Map<String, Object> leftJson = new LinkedHashMap<>();
            leftJson.put("what", what(target));
            leftJson.put("switches", total);
            left.forEach((role, count) -> leftJson.put(role.label(), count));
            json.put("left", leftJson);
            json.put("secondsPerSwitch", pace.perSwitch().toMillis() / 1000.0);
            json.put("paceFrom", pace.source());
            json.put("secondsLeft", timeLeft.toSeconds());
            json.put("blockedBy", blockers().stream().map(LedgerState.SwitchState::switchName).toList());
            Io.of(spec).out().println(Json.pretty(json));
            return ExitCode.OK;
        }
        PrintStream out = Io.of(spec).out();
        int size = fleet.fleets().values().stream().mapToInt(f -> f.size()).sum();
        out.println("Datacenter " + datacenter + ": " + size + " switches in " + prometheus.url);
        for (Role role : Role.values()) {
            List<Switch> switches = fleet.switches(role);
            out.println(role.label() + ": " + FleetVersions.format(fleet.histogram(role)));
            racks(switches).forEach((rack, members) -> out.println("  " + rack + ": " + String.join(", ",
                    members.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())));
        }
        List<String> byRole = new ArrayList<>();
        left.forEach((role, count) -> byRole.add(role.label() + " " + count));
        out.println("Left: " + total + " switch(es) " + what(target) + " (" + String.join(", ", byRole) + ")");
        out.println("Pace: " + human(pace.perSwitch()) + " per switch, " + pace.source());
        out.println("Time left: about " + human(timeLeft) + " at that pace"
                + (total == 0 ? " (nothing left)" : ""));
        List<LedgerState.SwitchState> blockers = blockers();
        out.println(blockers.isEmpty() ? "Ledger: nothing blocks " + datacenter
                : "Ledger: " + blockers.size() + " switch(es) block every round of " + datacenter + ":");
        blockers.forEach(b -> out.println("  " + ledger().describe(b)));
        return ExitCode.OK;
    }

    private Ledger ledger() {
        Path dir = StateDir.resolve(stateDir);
        return Ledger.open(dir, datacenter, new CliRemedies(dir, stateDir == null), null);
    }

    /** The switches of the datacenter that failed or are in flight in its ledger. */
    private List<LedgerState.SwitchState> blockers() {
        // read-only: a datacenter without a ledger has nothing blocking, and none is made for it
        return Files.exists(FileLedger.fileOf(StateDir.resolve(stateDir), datacenter)) ? ledger().replay().blockers()
                : List.of();
    }

    /** On the from-version (when given) and not on the target (when there is one). */
    private boolean isLeft(Switch s, String target) {
        if (fromVersion != null && !s.version().equals(fromVersion)) {
            return false;
        }
        return target == null ? fromVersion != null : !s.version().equals(target);
    }

    private String what(String target) {
        if (fromVersion != null && toVersion != null) {
            return "on " + fromVersion + " to upgrade to " + toVersion;
        }
        if (fromVersion != null) {
            return "on " + fromVersion;
        }
        return "not on " + (target == null ? "(no version seen)" : target)
                + (toVersion == null ? ", the newest version seen" : "");
    }

    /** The newest version the datacenter runs, by numeric comparison of its parts (5.10.0 after 5.9.1). */
    private static Optional<String> newest(FleetVersions fleet) {
        return fleet.fleets().values().stream().flatMap(f -> f.switches().stream())
                .map(Switch::version).filter(v -> !v.isEmpty()).max(StatusCommand::compareVersions);
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("[^A-Za-z0-9]+");
        String[] y = b.split("[^A-Za-z0-9]+");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d+") && y[i].matches("\\d+")
                    ? new java.math.BigInteger(x[i]).compareTo(new java.math.BigInteger(y[i])) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** The switches of one role by rack (spines by pod), each with its version, in name order. */
    private static Map<String, Map<String, String>> racks(List<Switch> switches) {
        Map<String, Map<String, String>> racks = new TreeMap<>(Comparator.comparing(StatusCommand::rackOrder)
                .thenComparing(Comparator.naturalOrder()));
        for (Switch s : switches) {
            String pod = s.pod().isEmpty() ? "" : (s.pod().matches("\\d+") ? "pod " : "") + s.pod() + " ";
            String key = s.rack().isEmpty() ? (pod.isEmpty() ? "(no rack)" : pod.strip()) : pod + "rack " + s.rack();
            racks.computeIfAbsent(key, k -> new TreeMap<>()).put(s.name(), s.version());
        }
        return racks;
    }

    private static long rackOrder(String key) {
        String digits = key.replaceAll(".*rack (\\d+)$", "$1");
        return digits.matches("\\d{1,18}") ? Long.parseLong(digits) : Long.MAX_VALUE;
    }

    /**
     * The pace of the newest round in {@code dir} that upgraded a switch: its wall time per switch upgraded
     * (parallel racks included), or the seed's 15 minutes when there is none.
     */
    static Pace pace(Path dir) {
        Pace best = null;
        Instant newest = Instant.MIN;
        for (Path file : List.of(dir.resolve("report.json"), dir.resolve("leaf/report.json"),
                dir.resolve("spine/report.json"))) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                Map<String, Object> report = Json.parseObject(Files.readString(file), file.toString());
                long upgraded = ((Number) report.getOrDefault("upgraded", 0)).longValue();
                Instant started = Instant.parse(String.valueOf(report.get("startedAt")));
                Instant ended = Instant.parse(String.valueOf(report.get("endedAt")));
                if (upgraded > 0 && ended.isAfter(newest)) {
                    newest = ended;
                    best = new Pace(Duration.between(started, ended).dividedBy(upgraded), "measured over the "
                            + upgraded + " switch(es) of the round that ended " + ended + " (" + file + ")");
                }
            } catch (IOException | RuntimeException e) {
                // a report that cannot be read measures nothing; the next one or the seed's figure is used
            }
        }
        return best != null ? best : new Pace(SEED_PACE, "the seed's figure (no round with an upgraded switch in "
                + dir + ")");
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }
}
