package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.steps.PickCandidate;
import io.jenkins.plugins.switchupgrade.steps.StepContext;
import io.jenkins.plugins.switchupgrade.steps.ValidateSibling;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code switch-upgrade plan}: read-only; which switch would be upgraded next, its sibling, and the verdict. */
final class PlanCommand {
    static final Set<String> FLAGS = Set.of("prometheus", "datacenter", "role", "from-version", "position", "seed",
            "metrics-profile", "max-inventory", "exclude", "report-dir");

    private PlanCommand() {
    }

    static int run(List<String> argv, PrintStream out) {
        Args args = Args.parse(argv, FLAGS, Set.of());
        StepContext context = context(args, out);
        Map<String, Object> pick = new PickCandidate(context).run(new PickCandidate.Request()
                .datacenter(args.required("datacenter", "dc1"))
                .role(args.required("role", "leaf"))
                .fromVersion(args.required("from-version", "5.9.1"))
                .position(args.integer("position", null, 1, 2))
                .exclude(args.all("exclude"))
                .seed(args.longValue("seed")));
        if (Boolean.TRUE.equals(pick.get("nothingToDo"))) {
            out.println("Nothing to do: " + pick.get("reason"));
            return ExitCode.OK;
        }
        out.println("Candidate: " + pick.get("candidate") + " (" + pick.get("remaining") + " on the from-version)");
        @SuppressWarnings("unchecked")
        List<String> siblings = (List<String>) pick.get("siblings");
        out.println("Siblings: " + (siblings.isEmpty() ? "none" : String.join(" ", siblings)));
        Map<String, Object> verdict = new ValidateSibling(context).run(new ValidateSibling.Request()
                .candidate((String) pick.get("candidate")).siblings(siblings));
        if (Boolean.TRUE.equals(verdict.get("passed"))) {
            out.println("Verdict: " + pick.get("candidate") + " may be upgraded now");
            return ExitCode.OK;
        }
        out.println("Verdict: " + pick.get("candidate") + " would be skipped: " + verdict.get("reasons"));
        return ExitCode.FAILED;
    }

    /** The step context every Prometheus-reading command shares. */
    static StepContext context(Args args, PrintStream out) {
        String url = args.required("prometheus", "http://127.0.0.1:9090");
        PrometheusClient prometheus;
        try {
            prometheus = PrometheusClient.builder(url).build();
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        MetricsProfile profile = MetricsProfile.defaults();
        if (args.has("metrics-profile")) {
            Path file = Path.of(args.get("metrics-profile"));
            try {
                profile = MetricsProfile.fromJson(Files.readString(file));
            } catch (IOException e) {
                throw new Args.UsageException("cannot read --metrics-profile " + file + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("--metrics-profile " + file + ": " + e.getMessage());
            }
        }
        Integer max = args.integer("max-inventory", null, 1, 1_000_000);
        if (max != null) {
            profile = profile.toBuilder().maxInventory(max).build();
        }
        Path reportDir = Path.of(args.has("report-dir") ? args.get("report-dir") : "switch-upgrade-report");
        try {
            Files.createDirectories(reportDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the report directory " + reportDir + ": " + e.getMessage(), e);
        }
        return StepContext.builder().prometheus(prometheus).profile(profile).console(out::println)
                .artifacts(new DirectoryArtifactStore(reportDir)).build();
    }
}
