package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.campaign.ReportIndex;
import io.jenkins.plugins.switchupgrade.campaign.RoundReport;
import io.jenkins.plugins.switchupgrade.campaign.SwitchResult;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code switch-upgrade demo}: starts the lab (switches with SSH and exporters, real Prometheus and Alertmanager),
 * upgrades its leaves and then its spines, writes the report, and stops everything it started.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, abbreviateSynopsis = true,
        description = {"The main job: a rolling upgrade of a simulated fabric.",
                "Starts the lab (switches with SSH and exporters, real "
                + "Prometheus and Alertmanager on loopback), upgrades its leaves and then its spines with "
                + "'switch-upgrade run', writes the report, and stops everything it started."},
        footerHeading = "%n", footer = SwitchUpgradeCommand.EXIT_CODES)
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FabricOptions fabricOptions = new FabricOptions();

    @Option(names = "--parallel-racks", paramLabel = "N",
            description = "How many racks at a time, 1..64 (default: 1).")
    Integer parallelRacks;

    @Option(names = "--max-switches", paramLabel = "N",
            description = "Upgrade at most N switches per role (default: all).")
    Integer maxSwitches;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random choice (default: random).")
    Long seed;

    // under target/, which the build ignores: a demo leaves the working copy as it was
    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "target/switch-upgrade-report",
            description = "Where the report goes (report.html, report.json, audit.jsonl, one directory per role, "
                    + "the lab's state, the lock and the ledger; default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--verbose", description = "Print every audit event in full beside the progress lines.")
    boolean verbose;

    @Override
    public Integer call() {
        Io io = Io.of(spec);
        PrintStream out = io.out();
        Path dir = reportDir.toAbsolutePath();
        Fabric.Builder builder = fabricOptions.builder(dir.resolve("lab"));
        clean(dir);
        out.println("Starting the lab: " + fabricOptions.racks + " racks, " + fabricOptions.spines
                + " spines, real Prometheus and Alertmanager on loopback ...");
        try (Fabric fabric = builder.build().start()) {
            out.println("Lab up: Prometheus " + fabric.prometheus().url() + ", Alertmanager " + fabric.alertmanager().url()
                    + ", " + fabric.switches().size() + " switches; command record " + fabric.commands().file());
            AuditLines console = AuditLines.console(out, verbose);
            AuditTrail audit = console.bind(AuditTrail.builder("switch-upgrade demo").console(console)
                    .jsonLines(dir.resolve("audit.jsonl")).build());
            List<RoundReport> reports = new ArrayList<>();
            Map<Role, RoundCommand.Result> rounds = new LinkedHashMap<>();
            int exit = ExitCode.OK;
            for (Role role : List.of(Role.LEAF, Role.SPINE)) {
                if (role == Role.SPINE && fabric.switches().stream().noneMatch(s -> s.role().equals("spine"))) {
                    continue;
                }
                RoundCommand round = round(fabric, role, dir, io);
                out.println("=== Upgrading the " + role.plural() + " of " + fabric.settings().datacenter() + " ===");
                RoundCommand.Result result = round.execute(out, audit);
                if (result.report() != null) {
                    reports.add(result.report());
                }
                rounds.put(role, result);
                exit = result.exitCode();
                if (exit != ExitCode.OK) {
                    break;
                }
            }
            writeIndex(dir, fabric, rounds);
            if (!reports.isEmpty()) {
                RoundReport all = combine(reports);
                write(dir, all);
                out.println("Demo " + all.status().wireName() + ": " + all.count(SwitchResult.Outcome.UPGRADED)
                        + " upgraded, " + all.count(SwitchResult.Outcome.SKIPPED) + " skipped, "
                        + all.count(SwitchResult.Outcome.FAILED) + " failed, "
                        + all.count(SwitchResult.Outcome.NOT_REACHED) + " not reached");
                out.println("Report: " + dir.resolve("report.html"));
            }
            out.println("Stopping the lab ...");
            return exit;
        }
    }

    /** The {@code run} of one role against the lab, parsed from the flags a person would type. */
    private RoundCommand round(Fabric fabric, Role role, Path dir, Io io) {
        List<String> args = new ArrayList<>(List.of(
                "--prometheus", fabric.prometheus().url(), "--alertmanager", fabric.alertmanager().url(),
                "--datacenter", fabric.settings().datacenter(), "--role", role.label(),
                "--from-version", fabric.settings().fromVersion(), "--to-version", fabric.settings().toVersion(),
                "--ssh-user", fabric.ssh().user(), "--ssh-key", fabric.ssh().clientKeyFile().toString(),
                "--known-hosts", fabric.ssh().knownHostsFile().toString(),
                "--ssh-port", String.valueOf(fabric.ssh().port()),
                "--report-dir", dir.resolve(role.label()).toString(),
                // the demo's lab is new each time, and so are its datacenter's lock and ledger
                "--state-dir", dir.resolve("state").toString(),
                "--down-seconds", "60", "--up-seconds", "120", "--fresh-seconds", "60", "--settle-seconds", "30"));
        if (fabricOptions.platform != null) {
            args.addAll(List.of("--platform", fabricOptions.platform));
        }
        if (parallelRacks != null) {
            args.addAll(List.of("--parallel-racks", String.valueOf(parallelRacks)));
        }
        if (seed != null) {
            args.addAll(List.of("--seed", String.valueOf(seed)));
        }
        if (maxSwitches != null) {
            args.addAll(List.of("--max-switches", String.valueOf(maxSwitches)));
        }
        if (verbose) {
            args.add("--verbose");
        }
        RoundCommand round = new RoundCommand();
        Main.configure(new CommandLine(round), io).parseArgs(args.toArray(String[]::new));
        return round;
    }

    private static void clean(Path reportDir) {
        try {
            Files.createDirectories(reportDir);
            for (String stale : List.of("report.json", "report.html", "audit.jsonl")) {
                Files.deleteIfExists(reportDir.resolve(stale));
            }
            // the previous demo's lab: its Prometheus data would show the switches on the versions it left them
            Path lab = reportDir.resolve("lab");
            if (Files.isRegularFile(lab.resolve("lab.json"))) {
                try (Stream<Path> files = Files.walk(lab)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the report directory " + reportDir + ": " + e.getMessage(), e);
        }
    }

    static RoundReport combine(List<RoundReport> reports) {
        if (reports.size() == 1) {
            return reports.get(0);
        }
        RoundReport first = reports.get(0);
        RoundReport last = reports.get(reports.size() - 1);
        List<SwitchResult> switches = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        long requests = 0;
        RoundReport.Status status = RoundReport.Status.NOTHING_TO_DO;
        for (RoundReport r : reports) {
            switches.addAll(r.switches());
            reasons.add(r.role() + ": " + r.reason());
            requests += r.prometheusRequests();
            if (r.status() == RoundReport.Status.ABORTED || status == RoundReport.Status.NOTHING_TO_DO) {
                status = status == RoundReport.Status.ABORTED ? status : r.status();
            }
        }
        return new RoundReport(status, first.datacenter(), "leaf+spine", first.fromVersion(), first.toVersion(),
                first.startedAt(), last.endedAt(), switches, String.join("; ", reasons), requests);
    }

    private static void write(Path reportDir, RoundReport report) {
        try {
            Files.writeString(reportDir.resolve("report.json"), Json.pretty(report.toMap()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + reportDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The top-level report.html: an index of the rounds the demo meant to run (leaves, then spines), each linking to
     * its own report, or saying why it never started.
     */
    private static void writeIndex(Path reportDir, Fabric fabric, Map<Role, RoundCommand.Result> rounds) {
        List<ReportIndex.Entry> entries = new ArrayList<>();
        String stoppedBy = null;
        for (Role role : List.of(Role.LEAF, Role.SPINE)) {
            RoundCommand.Result result = rounds.get(role);
            if (result != null && result.report() != null) {
                entries.add(ReportIndex.Entry.ran(role.plural(), role.label() + "/report.html", result.report()));
            } else if (result != null) {
                entries.add(ReportIndex.Entry.neverStarted(role.plural(), result.exitCode() == ExitCode.SERVICE_UNUSABLE
                        ? "a required service (Prometheus, Alertmanager, the audit webhook or the lock) was unusable "
                        + "before any switch was touched; the log says which" : "it stopped before it had a report; "
                        + "the log says why"));
            } else if (role == Role.SPINE && fabric.switches().stream().noneMatch(s -> s.role().equals("spine"))) {
                entries.add(ReportIndex.Entry.neverStarted(role.plural(), "the lab has no spines (--spines 0)"));
            } else {
                entries.add(ReportIndex.Entry.neverStarted(role.plural(), "the " + stoppedBy + " round did not "
                        + "complete, so the " + role.plural() + " were left as they are"));
            }
            if (result != null && result.exitCode() != ExitCode.OK) {
                stoppedBy = role.label();
            }
        }
        try {
            Files.writeString(reportDir.resolve("report.html"), ReportIndex.render("Switch upgrade demo: "
                    + fabric.settings().datacenter() + ", " + fabric.settings().fromVersion() + " \u2192 "
                    + fabric.settings().toVersion(), entries, "audit.jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + reportDir + ": " + e.getMessage(), e);
        }
    }
}
