package io.jenkins.plugins.switchupgrade.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code switch-upgrade} itself: lists the sub-commands; without one it is bad input (exit 2). */
@Command(name = "switch-upgrade", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Upgrades the network OS of a data-center switch fleet safely, one switch (or a few racks) "
                + "at a time, from Prometheus, with alerts silenced and every step audited.",
        subcommands = {DemoCommand.class, LabCommand.class, RoundCommand.class, AckCommand.class, PlanCommand.class,
                StatusCommand.class, PreflightCommand.class, BenchCommand.class, CompletionCommand.class, HelpCommand.class},
        footerHeading = "%n", footer = {SwitchUpgradeCommand.EXIT_CODES, "",
                SwitchUpgradeCommand.ENVIRONMENT, "",
                "'switch-upgrade <command> --help' lists the flags of a command."})
final class SwitchUpgradeCommand implements Callable<Integer> {
    static final String EXIT_CODES = "Exit codes: 0 completed or nothing to do, 1 stopped on a failed switch (plan: "
            + "validation failed), blocked by the datacenter's ledger, or interrupted, 2 bad input, 3 a required "
            + "service (Prometheus, Alertmanager, webhook, lock) unusable before anything was touched.";
    static final String ENVIRONMENT = "Defaults from the environment: a flag --some-flag VALUE left out takes the "
            + "value of SWITCH_UPGRADE_SOME_FLAG, e.g. SWITCH_UPGRADE_PROMETHEUS, SWITCH_UPGRADE_ALERTMANAGER, "
            + "SWITCH_UPGRADE_DATACENTER, SWITCH_UPGRADE_SSH_KEY; flags without a value count only when typed.";

    private final Io io;
    @Spec
    private CommandSpec spec;

    SwitchUpgradeCommand(Io io) {
        this.io = io;
    }

    Io io() {
        return io;
    }

    @Override
    public Integer call() {
        io.err().println(spec.commandLine().getUsageMessage());
        return ExitCode.BAD_INPUT;
    }
}
