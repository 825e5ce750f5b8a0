package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.drivers.Preflight;
import io.jenkins.plugins.switchupgrade.drivers.PreflightResult;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.metrics.FleetReader;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code switch-upgrade preflight}: read-only; connects to a datacenter's switches over SSH and reports per switch
 * whether it is ready to be upgraded (AOS virtual chassis and Cisco stacks: every member up, stack MAC kept;
 * Cumulus: its system and its BGP peers). Sends read-outs only.
 */
@Command(name = "preflight", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, abbreviateSynopsis = true,
        description = {"Read-only: asks each switch over SSH whether it is ready to be upgraded.",
                "For the switches of a datacenter (from Prometheus, or those named with --switch): on AOS virtual "
                        + "chassis every chassis Running and stack MAC retention, on Cisco stacks every member "
                        + "Ready and the stack MAC kept (Mac persistency), on Cumulus the system and its BGP "
                        + "peers. Nothing is changed; only read-outs are sent.",
                "Exit codes: 0 every switch ready, 1 a switch not ready, not reachable or of a platform "
                        + "without a preflight, 2 bad input, 3 Prometheus unusable."})
final class PreflightCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PrometheusOptions prometheus = new PrometheusOptions();

    @Option(names = "--datacenter", paramLabel = "DC", description = "Required. The datacenter label, e.g. dc1.")
    String datacenter;

    @Option(names = "--role", paramLabel = "leaf|spine", completionCandidates = ScopeOptions.Roles.class,
            description = "Only the leaves or only the spines (default: both).")
    String role;

    @Option(names = "--switch", paramLabel = "SWITCH",
            description = "Only this switch (repeatable; default: every switch of the datacenter).")
    List<String> switches = new ArrayList<>();

    @Mixin
    SshOptions ssh = new SshOptions();

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            description = "text (default) or json: every switch's result as one JSON document.")
    OutputFormat output;

    @Override
    public Integer call() {
        Flags flags = new Flags();
        prometheus.require(flags);
        flags.require(datacenter, "--datacenter", "dc1");
        ssh.require(flags);
        flags.check("preflight");
        Function<Switch, SshTarget> sshTargets = ssh.targets("nothing was read");
        List<Switch> scope = scope(new FleetReader(prometheus.client(), prometheus.profile()));
        Io io = Io.of(spec);
        // with --output json the document alone goes to standard output, the progress to standard error
        PrintStream lines = output == OutputFormat.JSON ? io.err() : io.out();
        Preflight preflight = new Preflight();
        List<PreflightResult> results = new ArrayList<>();
        for (Switch target : scope) {
            lines.println(target.name() + " (" + target.platform() + ", " + target.address() + "): reading ...");
            PreflightResult result = preflight.check(target.platform(), sshTargets.apply(target));
            results.add(result);
            lines.println(target.name() + ": " + result.verdict().wireName().toUpperCase(java.util.Locale.ROOT));
            result.findings().forEach(f -> lines.println("  " + f));
            result.warnings().forEach(w -> lines.println("  WARNING: " + w));
        }
        long notReady = results.stream().filter(r -> !r.ok()).count();
        long unchecked = results.stream().filter(r -> r.verdict() == PreflightResult.Verdict.NO_CHECK).count();
        String summary = results.size() + " switch(es) read, " + (results.size() - notReady) + " ready, "
                + (notReady - unchecked) + " not ready or not reachable" + (unchecked == 0 ? ""
                : ", " + unchecked + " of a platform without a preflight") + "; nothing was changed";
        lines.println(summary);
        if (output == OutputFormat.JSON) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("datacenter", datacenter);
            json.put("ready", notReady == 0);
            json.put("switches", results.stream().map(PreflightResult::toMap).toList());
            io.out().println(Json.pretty(json));
        }
        return notReady == 0 ? ExitCode.OK : ExitCode.FAILED;
    }

    /** The switches to read: the datacenter's (of one role, or both), or those named, each found in Prometheus. */
    private List<Switch> scope(FleetReader reader) {
        List<Role> roles = role == null ? List.of(Role.values()) : List.of(parsedRole());
        Map<String, Switch> all = new LinkedHashMap<>();
        for (Role r : roles) {
            reader.read(datacenter, r).switches().forEach(s -> all.put(s.name(), s));
        }
        if (switches == null || switches.isEmpty()) {
            if (all.isEmpty()) {
                throw new UsageException("Prometheus at " + prometheus.url + " knows no switch of datacenter '"
                        + datacenter + "'" + (role == null ? "" : " with role " + role) + "; nothing was read");
            }
            return List.copyOf(all.values());
        }
        List<Switch> named = new ArrayList<>();
        for (String name : switches) {
            Switch found = all.get(name);
            if (found == null) {
                throw new UsageException("--switch " + name + ": Prometheus at " + prometheus.url + " knows no such "
                        + "switch in datacenter '" + datacenter + "'" + (role == null ? "" : " with role " + role)
                        + "; nothing was read");
            }
            named.add(found);
        }
        return named;
    }

    private Role parsedRole() {
        try {
            return Role.parse(role);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--role " + e.getMessage().replace("role ", ""));
        }
    }
}
