package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.campaign.Acknowledgement;
import io.jenkins.plugins.switchupgrade.ledger.Ledger;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code switch-upgrade ack}: a person has looked at a failed or in-flight switch and lets its data center go on;
 * recorded in the data center's ledger with {@code user@host} and the reason.
 */
final class Acknowledge {
    private Acknowledge() {
    }

    /** Acknowledges {@code switchName}; 0 when recorded, 2 when there was nothing to acknowledge or no reason. */
    static int run(String datacenter, String switchName, String reason, String stateDirFlag, PrintStream out) {
        Path stateDir = StateDir.resolve(stateDirFlag);
        Ledger ledger = Ledger.open(stateDir, datacenter, new CliRemedies(stateDir, stateDirFlag == null), null);
        new Acknowledgement(ledger, out::println).acknowledge(switchName, RoundGuard.person(), reason);
        // the failure alert of the switch (once alerts/FailureAlert exists) is resolved here
        return ExitCode.OK;
    }
}
