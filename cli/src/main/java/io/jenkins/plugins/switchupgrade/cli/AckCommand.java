package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.campaign.Acknowledgement;
import io.jenkins.plugins.switchupgrade.ledger.Ledger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code switch-upgrade ack}: a person has looked at a failed or in-flight switch and lets its datacenter go on;
 * recorded in the datacenter's ledger with {@code user@host} and the reason.
 */
@Command(name = "ack", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, abbreviateSynopsis = true,
        description = {"Acknowledge a failed or in-flight switch, so that its datacenter's rounds go on.",
                "A switch that failed, or that a killed or interrupted round left in flight, blocks every later "
                        + "round of its datacenter. Once you have looked at it, this records that in the ledger "
                        + "with your user@host and the reason, expires the silence the switch still has, and "
                        + "resolves its SwitchUpgradeFailed alert."},
        footerHeading = "%n", footer = "Exit codes: 0 recorded, 2 nothing to acknowledge or bad input.")
final class AckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--datacenter", paramLabel = "DC", description = "Required. The datacenter, e.g. dc1.")
    String datacenter;

    @Option(names = "--switch", paramLabel = "NAME", description = "Required. The switch, e.g. leaf-r32-p1-pod1.")
    String switchName;

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Required. What you looked at and found, e.g. \"optic replaced, BGP back to 32 peers\".")
    String reason;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The state directory of the rounds (default: as for run).")
    String stateDir;

    @Option(names = "--alertmanager", paramLabel = "URL",
            description = "The Alertmanager of the failure alert and the silence (default: the one the switch's "
                    + "round used).")
    String alertmanager;

    @Override
    public Integer call() {
        Io io = Io.of(spec);
        new Flags().require(datacenter, "--datacenter", "dc1").require(switchName, "--switch", "leaf-r32-p1-pod1")
                .require(reason, "--reason", "\"optic replaced\"").check("ack");
        Path dir = StateDir.resolve(stateDir);
        Ledger ledger = Ledger.open(dir, datacenter, new CliRemedies(dir, stateDir == null), null);
        AlertSilencer silencer;
        try {
            silencer = alertmanager == null || alertmanager.isBlank() ? null : AlertSilencer.builder(alertmanager)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--alertmanager: " + e.getMessage());
        }
        new Acknowledgement(ledger, io.out()::println, silencer).acknowledge(switchName, RoundGuard.person(), reason);
        return ExitCode.OK;
    }
}
