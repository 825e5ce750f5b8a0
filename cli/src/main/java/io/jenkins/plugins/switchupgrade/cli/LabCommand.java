package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.lab.Fabric;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code switch-upgrade lab}: starts the lab fabric, writes lab.json, and runs until interrupted. */
final class LabCommand {
    static final Set<String> FLAGS = DemoCommand.union(DemoCommand.FABRIC_FLAGS, Set.of("state-dir"));

    private LabCommand() {
    }

    static int run(List<String> argv, PrintStream out) throws InterruptedException {
        Args args = Args.parse(argv, FLAGS, Set.of());
        Path stateDir = Path.of(args.required("state-dir", "lab-state")).toAbsolutePath();
        Fabric fabric = DemoCommand.fabric(args, stateDir).build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fabric.close();
            stopped.countDown();
        }, "lab-stop"));
        out.println("Starting the lab in " + stateDir + " ...");
        fabric.start();
        out.println("Lab up: " + stateDir.resolve("lab.json"));
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
