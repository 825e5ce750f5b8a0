package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.steps.PickCandidate;
import io.jenkins.plugins.switchupgrade.steps.StepContext;
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

    @Override
    public Integer call() {
        Flags flags = new Flags();
        prometheus.require(flags);
        scope.require(flags);
        flags.check("plan");
        Io io = Io.of(spec);
        boolean json = output == OutputFormat.JSON;
        PrintStream lines = json ? io.err() : io.out();
        StepContext context = context(prometheus, reportDir, lines);
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> pick = new PickCandidate(context).run(new PickCandidate.Request()
                .datacenter(scope.datacenter).role(scope.parsedRole().label()).fromVersion(scope.fromVersion)
                .position(scope.checkedPosition()).exclude(scope.exclude()).seed(scope.seed));
        result.put("pick", pick);
        int exit;
        if (Boolean.TRUE.equals(pick.get("nothingToDo"))) {
            FleetVersions seen = FleetVersions.read(context.fleetReader(), scope.datacenter);
            lines.println("Nothing to do: " + pick.get("reason"));
            lines.println("Seen in " + scope.datacenter + ": " + seen.summary());
            result.put("versions", seen.toMap());
            exit = failIfNothingToDo ? ExitCode.FAILED : ExitCode.OK;
        } else {
            lines.println("Candidate: " + pick.get("candidate") + " (" + pick.get("remaining")
                    + " on the from-version)");
            @SuppressWarnings("unchecked")
            List<String> siblings = (List<String>) pick.get("siblings");
            lines.println("Siblings: " + (siblings.isEmpty() ? "none" : String.join(" ", siblings)));
            Map<String, Object> verdict = new ValidateSibling(context).run(new ValidateSibling.Request()
                    .candidate((String) pick.get("candidate")).siblings(siblings));
            result.put("verdict", verdict);
            if (Boolean.TRUE.equals(verdict.get("passed"))) {
                lines.println("Verdict: " + pick.get("candidate") + " may be upgraded now");
                exit = ExitCode.OK;
            } else {
                lines.println("Verdict: " + pick.get("candidate") + " would be skipped: " + verdict.get("reasons"));
                exit = ExitCode.FAILED;
            }
        }
        if (json) {
            result.put("exitCode", exit);
            io.out().println(Json.pretty(result));
        }
        return exit;
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
