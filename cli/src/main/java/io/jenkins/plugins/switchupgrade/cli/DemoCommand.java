package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.campaign.ReportIndex;
import io.jenkins.plugins.switchupgrade.campaign.RoundReport;
import io.jenkins.plugins.switchupgrade.campaign.SwitchResult;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.ssh.AosLabCli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code switch-upgrade demo}: starts the lab (switches with SSH and exporters, real Prometheus and Alertmanager),
 * upgrades its leaves and then its spines, writes the report, and stops everything it started.
 */
final class DemoCommand {
    static final Set<String> FABRIC_FLAGS = Set.of("racks", "spines", "reboot-seconds", "fault", "datacenter",
            "from-version", "to-version", "ssh-port", "platform", "vc-members");
    static final Set<String> FLAGS = union(FABRIC_FLAGS, Set.of("parallel-racks", "report-dir", "seed", "max-switches"));

    private DemoCommand() {
    }

    static int run(List<String> argv, PrintStream out) {
        Args args = Args.parse(argv, FLAGS, Set.of());
        Path reportDir = Path.of(args.has("report-dir") ? args.get("report-dir") : "switch-upgrade-report")
                .toAbsolutePath();
        Fabric.Builder builder = fabric(args, reportDir.resolve("lab"));
        clean(reportDir);
        out.println("Starting the lab: " + args.integer("racks", 4, 1, 500) + " racks, "
                + args.integer("spines", 2, 0, 64) + " spines, real Prometheus and Alertmanager on loopback ...");
        try (Fabric fabric = builder.build().start()) {
            out.println("Lab up: Prometheus " + fabric.prometheus().url() + ", Alertmanager " + fabric.alertmanager().url()
                    + ", " + fabric.switches().size() + " switches; command record " + fabric.commands().file());
            AuditTrail audit = AuditTrail.builder("switch-upgrade demo").console(out::println)
                    .jsonLines(reportDir.resolve("audit.jsonl")).build();
            List<RoundReport> reports = new ArrayList<>();
            Map<Role, RoundCommand.Result> rounds = new LinkedHashMap<>();
            int exit = ExitCode.OK;
            for (Role role : List.of(Role.LEAF, Role.SPINE)) {
                if (role == Role.SPINE && fabric.switches().stream().noneMatch(s -> s.role().equals("spine"))) {
                    continue;
                }
                List<String> runArgs = new ArrayList<>(List.of(
                        "--prometheus", fabric.prometheus().url(), "--alertmanager", fabric.alertmanager().url(),
                        "--datacenter", fabric.settings().datacenter(), "--role", role.label(),
                        "--from-version", fabric.settings().fromVersion(), "--to-version", fabric.settings().toVersion(),
                        "--ssh-user", fabric.ssh().user(), "--ssh-key", fabric.ssh().clientKeyFile().toString(),
                        "--known-hosts", fabric.ssh().knownHostsFile().toString(),
                        "--ssh-port", String.valueOf(fabric.ssh().port()),
                        "--report-dir", reportDir.resolve(role.label()).toString(),
                        "--lock-file", reportDir.resolve("switch-upgrade-" + fabric.settings().datacenter() + ".lock")
                                .toString(),
                        "--down-seconds", "60", "--up-seconds", "120", "--fresh-seconds", "60", "--settle-seconds", "30"));
                for (String flag : List.of("parallel-racks", "seed", "max-switches", "platform")) {
                    if (args.has(flag)) {
                        runArgs.add("--" + flag);
                        runArgs.add(args.get(flag));
                    }
                }
                Args round = Args.parse(runArgs, RoundCommand.FLAGS, RoundCommand.SWITCHES);
                out.println("=== Upgrading the " + role.plural() + " of " + fabric.settings().datacenter() + " ===");
                RoundCommand.Result result = RoundCommand.execute(round, RoundCommand.options(round, role), out, audit);
                if (result.report() != null) {
                    reports.add(result.report());
                }
                rounds.put(role, result);
                exit = result.exitCode();
                if (exit != ExitCode.OK) {
                    break;
                }
            }
            writeIndex(reportDir, fabric, rounds);
            if (!reports.isEmpty()) {
                RoundReport all = combine(reports);
                write(reportDir, all);
                out.println("Demo " + all.status().wireName() + ": " + all.count(SwitchResult.Outcome.UPGRADED)
                        + " upgraded, " + all.count(SwitchResult.Outcome.SKIPPED) + " skipped, "
                        + all.count(SwitchResult.Outcome.FAILED) + " failed, "
                        + all.count(SwitchResult.Outcome.NOT_REACHED) + " not reached");
                out.println("Report: " + reportDir.resolve("report.html"));
            }
            out.println("Stopping the lab ...");
            return exit;
        }
    }

    static Fabric.Builder fabric(Args args, Path stateDir) {
        Fabric.Builder builder = Fabric.builder().racks(args.integer("racks", 4, 1, 500))
                .spines(args.integer("spines", 2, 0, 64)).alertmanager(true).stateDir(stateDir)
                .rebootTime(Duration.ofMillis((long) (args.decimal("reboot-seconds", 3.0, 0.1, 3600) * 1000)));
        if (args.has("datacenter")) {
            builder.datacenter(args.get("datacenter"));
        }
        String platform = args.has("platform") ? args.get("platform") : "cumulus";
        if (!Set.of("cumulus", "aos").contains(platform)) {
            throw new Args.UsageException("--platform must be cumulus or aos, was '" + platform + "'");
        }
        if (platform.equals("aos")) {
            // every lab switch is an AOS virtual chassis, upgraded in service from the seed's release
            AosLabCli.register(args.integer("vc-members", 2, 2, 6));
            builder.platform("aos").fromVersion("7.3.1.748.R01").toVersion("7.3.2.374.R01");
        }
        if (args.has("from-version")) {
            builder.fromVersion(args.get("from-version"));
        }
        if (args.has("to-version")) {
            builder.toVersion(args.get("to-version"));
        }
        if (args.has("ssh-port")) {
            builder.sshPort(args.integer("ssh-port", 2222, 1, 65535));
        }
        for (String fault : args.all("fault")) {
            int eq = fault.indexOf('=');
            if (eq <= 0) {
                throw new Args.UsageException("--fault must be SWITCH=KIND, e.g. leaf-r1-p1-pod1=bgp-loss; was '" + fault + "'");
            }
            try {
                builder.fault(fault.substring(0, eq), LabFault.parse(fault.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("--fault " + fault + ": " + e.getMessage());
            }
        }
        try {
            builder.build().close();
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        return builder;
    }

    private static void clean(Path reportDir) {
        try {
            Files.createDirectories(reportDir);
            for (String stale : List.of("report.json", "report.html", "audit.jsonl")) {
                Files.deleteIfExists(reportDir.resolve(stale));
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

    static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
