package io.jenkins.plugins.switchupgrade.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code switch-upgrade status}: read-only; the fleet's versions by role and rack, and what is left. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, abbreviateSynopsis = true,
        description = {"Read-only: the fleet's versions, what is left, the time left.",
                "The versions of a datacenter's switches by role and rack, what is left to "
                + "upgrade, and the expected time left."})
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PrometheusOptions prometheus = new PrometheusOptions();

    @Option(names = "--datacenter", paramLabel = "DC", description = "Required. The datacenter label, e.g. dc1.")
    String datacenter;

    @Override
    public Integer call() {
        Flags flags = new Flags();
        prometheus.require(flags);
        flags.require(datacenter, "--datacenter", "dc1").check("status");
        FleetVersions versions = FleetVersions.read(new io.jenkins.plugins.switchupgrade.metrics.FleetReader(
                prometheus.client(), prometheus.profile()), datacenter);
        Io.of(spec).out().println(datacenter + ": " + versions.summary());
        return ExitCode.OK;
    }
}
