package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.ledger.Ledger;

import java.nio.file.Path;

/** How the command line tells people to go on: the exact {@code ack} and {@code run --resume} commands. */
final class CliRemedies implements Ledger.Remedies {
    private final Path stateDir;
    private final boolean defaultStateDir;

    CliRemedies(Path stateDir, boolean defaultStateDir) {
        this.stateDir = stateDir;
        this.defaultStateDir = defaultStateDir;
    }

    @Override
    public String acknowledge(String datacenter, String switchName) {
        return "switch-upgrade ack --datacenter " + datacenter + " --switch " + switchName
                + " --reason \"<what you checked>\"" + stateDirFlag();
    }

    @Override
    public String resume(String datacenter) {
        return "the same switch-upgrade run command with --resume" + stateDirFlag();
    }

    private String stateDirFlag() {
        return defaultStateDir ? "" : " --state-dir " + stateDir;
    }
}
