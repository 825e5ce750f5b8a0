package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code switch-upgrade lab}: starts the lab fabric, writes lab.json, and runs until interrupted. */
@Command(name = "lab", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, abbreviateSynopsis = true,
        description = {"Start the lab fabric and keep it running until interrupted.",
                "Starts the lab fabric (switches with SSH and exporters, real Prometheus and Alertmanager), "
                + "writes lab.json in the state directory, and keeps it running until interrupted (Ctrl-C)."})
final class LabCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FabricOptions fabricOptions = new FabricOptions();

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Required. Where the lab keeps lab.json, keys, known_hosts and its servers' data.")
    Path stateDir;

    @Override
    public Integer call() throws InterruptedException {
        new Flags().require(stateDir, "--state-dir", "lab-state").check("lab");
        PrintStream out = Io.of(spec).out();
        Path dir = stateDir.toAbsolutePath();
        Fabric fabric = fabricOptions.builder(dir).build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fabric.close();
            stopped.countDown();
        }, "lab-stop"));
        out.println("Starting the lab in " + dir + " ...");
        fabric.start();
        out.println("Lab up: " + dir.resolve("lab.json"));
        out.println("  Prometheus   " + fabric.prometheus().url() + " (pid " + fabric.prometheus().pid() + ")");
        out.println("  Alertmanager " + fabric.alertmanager().url() + " (pid " + fabric.alertmanager().pid() + ")");
        out.println("  " + fabric.switches().size() + " switches, SSH user " + fabric.ssh().user() + " on port "
                + fabric.ssh().port() + ", key " + fabric.ssh().clientKeyFile() + ", known_hosts "
                + fabric.ssh().knownHostsFile());
        out.println("Press Ctrl-C to stop the lab.");
        stopped.await();
        return ExitCode.OK;
    }
}
