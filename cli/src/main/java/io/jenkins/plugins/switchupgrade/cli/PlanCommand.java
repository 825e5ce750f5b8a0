package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.campaign.CampaignPage;
import io.jenkins.plugins.switchupgrade.campaign.CampaignPlan;
import io.jenkins.plugins.switchupgrade.campaign.MaintenanceWindows;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.steps.PickCandidate;
import io.jenkins.plugins.switchupgrade.steps.StepResults;
import io.jenkins.plugins.switchupgrade.selection.Pick;
import io.jenkins.plugins.switchupgrade.validation.Verdict;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import io.jenkins.plugins.switchupgrade.steps.ValidateSibling;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code switch-upgrade plan}: read-only; which switch would be upgraded next, its sibling, and the verdict. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, abbreviateSynopsis = true,
        description = {"Read-only: which switch would be upgraded next, and why.",
                "The candidate, its rack sibling, and the sibling check's verdict, in the seed's log shape."},
        footerHeading = "%n", footer = "Exit codes: 0 may be upgraded now, or nothing to do; 1 the candidate would "
                + "be skipped (or nothing to do with --fail-if-nothing-to-do); 2 bad input; 3 Prometheus unusable.")
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PrometheusOptions prometheus = new PrometheusOptions();

    @Mixin
    ScopeOptions scope = new ScopeOptions();

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "switch-upgrade-report",
            description = "Where the candidate's pre snapshot is written (default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--fail-if-nothing-to-do",
            description = "Exit 1 when no switch matches, so that a nightly job with a typo fails instead of "
                    + "looking done.")
    boolean failIfNothingToDo;

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            description = "text (default) or json: the plan as one JSON document on standard output, the "
                    + "progress lines on standard error.")
    OutputFormat output;

    @Option(names = "--campaign",
            description = "Plan the whole campaign instead of the next switch: the waves in order (racks together, "
                    + "spines one by one), the switches that would be skipped today and why, the expected duration at "
                    + "the measured pace and at the seed's, and how many maintenance windows it takes; writes "
                    + "campaign.html and campaign.json to --report-dir. --role and --from-version are optional here "
                    + "(default: both roles; every switch not on --to-version).")
    boolean campaign;

    @Option(names = "--to-version", paramLabel = "V",
            description = "With --campaign: the version the campaign upgrades to; without --from-version every "
                    + "switch not on it remains.")
    String toVersion;

    @Option(names = "--parallel-racks", paramLabel = "N", defaultValue = "1",
            description = "With --campaign: how many racks a wave takes, 1..64 (default: ${DEFAULT-VALUE}).")
    Integer parallelRacks;

    @Option(names = "--window", paramLabel = "WINDOW",
            description = "With --campaign: a maintenance window (repeatable), e.g. 'Mon-Fri 22:00-05:00 "
                    + "Europe/Berlin', to count the windows the campaign takes (default: none, back to back).")
    List<String> windows = new ArrayList<>();

    @Override
    public Integer call() {
        if (campaign) {
            return campaign();
        }
        Flags flags = new Flags();
        prometheus.require(flags);
        scope.require(flags);
        flags.check("plan");
        Io io = Io.of(spec);
        boolean json = output == OutputFormat.JSON;
        PrintStream lines = json ? io.err() : io.out();
        StepContext context = context(prometheus, reportDir, lines);
        Map<String, Object> result = new LinkedHashMap<>();
        Pick pick = new PickCandidate(context).run(new PickCandidate.Request()
                .datacenter(scope.datacenter).role(scope.parsedRole().label()).fromVersion(scope.fromVersion)
                .position(scope.checkedPosition()).exclude(scope.exclude()).seed(scope.seed));
        result.put("pick", StepResults.toMap(pick));
        int exit;
        if (pick.nothingToDo()) {
            FleetVersions seen = FleetVersions.read(context.fleetReader(), scope.datacenter);
            lines.println("Nothing to do: " + pick.reason());
            lines.println("Seen in " + scope.datacenter + ": " + seen.summary());
            result.put("versions", seen.toMap());
            exit = failIfNothingToDo ? ExitCode.FAILED : ExitCode.OK;
        } else {
            String candidate = pick.candidate().orElseThrow().name();
            lines.println("Candidate: " + candidate + " (" + pick.remaining() + " on the from-version)");
            List<String> siblings = pick.siblings().stream().map(Switch::name).toList();
            lines.println("Siblings: " + (siblings.isEmpty() ? "none" : String.join(" ", siblings)));
            Verdict verdict = new ValidateSibling(context).run(new ValidateSibling.Request()
                    .candidate(candidate).siblings(siblings));
            result.put("verdict", StepResults.toMap(verdict));
            if (verdict.passed()) {
                lines.println("Verdict: " + candidate + " may be upgraded now");
                exit = ExitCode.OK;
            } else {
                lines.println("Verdict: " + candidate + " would be skipped: " + verdict.reasons());
                exit = ExitCode.FAILED;
            }
        }
        if (json) {
            result.put("exitCode", exit);
            io.out().println(Json.pretty(result));
        }
        return exit;
    }

    private int campaign() {
        Flags flags = new Flags();
        prometheus.require(flags);
        flags.require(scope.datacenter, "--datacenter", "dc1").requireThat(scope.fromVersion != null
                || toVersion != null, "--campaign needs --from-version or --to-version, e.g. --to-version 5.10.0");
        flags.check("plan");
        MaintenanceWindows parsedWindows = Flags.windows(windows);
        Io io = Io.of(spec);
        boolean json = output == OutputFormat.JSON;
        PrintStream lines = json ? io.err() : io.out();
        StepContext context = context(prometheus, reportDir, lines);
        StatusCommand.Pace pace = StatusCommand.pace(reportDir);
        boolean measured = pace.source().startsWith("measured");
        CampaignPlan plan;
        try {
            plan = CampaignPlan.plan(context, new CampaignPlan.Request(scope.datacenter,
                    scope.role == null ? List.of() : List.of(scope.parsedRole()), scope.fromVersion, toVersion,
                    scope.checkedPosition(), scope.exclude(), Flags.within("--parallel-racks", parallelRacks, 1, 64),
                    parsedWindows, measured ? pace.perSwitch() : null, pace.source()));
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        plan.lines().forEach(lines::println);
        context.artifacts().save("campaign.json", Json.pretty(plan.toMap()));
        context.artifacts().save("campaign.html", CampaignPage.render(plan));
        lines.println("Plan: " + reportDir.resolve("campaign.html").toAbsolutePath());
        if (json) {
            io.out().println(Json.pretty(plan.toMap()));
        }
        return ExitCode.OK;
    }

    /** The step context every Prometheus-reading command shares; progress lines go to {@code lines}. */
    static StepContext context(PrometheusOptions prometheus, Path reportDir, PrintStream lines) {
        StepContext.Builder builder = StepContext.builder().prometheus(prometheus.client())
                .profile(prometheus.profile()).console(lines::println);
        try {
            Files.createDirectories(reportDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the report directory " + reportDir + ": " + e.getMessage(), e);
        }
        return builder.artifacts(new DirectoryArtifactStore(reportDir)).build();
    }
}
