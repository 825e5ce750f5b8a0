package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.campaign.UpgradeRound;

/**
 * SIGINT and SIGTERM during a round: the JVM runs its shutdown hooks, and this one tells the round, which records
 * the switches in flight as interrupted, writes the report and says what became of each switch and its silence.
 * Installed for the round only; SIGKILL runs nothing, and the ledger's claim is what the next round finds then.
 */
final class RoundSignals implements AutoCloseable {
    private final Thread hook;

    private RoundSignals(UpgradeRound round, Runnable afterwards) {
        this.hook = new Thread(() -> {
            round.interrupt("the process was asked to stop (SIGINT or SIGTERM)");
            afterwards.run();
        }, "switch-upgrade-interrupted");
    }

    /** Installs the hook; {@code afterwards} runs once the round is recorded (the lock is given back). */
    static RoundSignals install(UpgradeRound round, Runnable afterwards) {
        RoundSignals signals = new RoundSignals(round, afterwards);
        Runtime.getRuntime().addShutdownHook(signals.hook);
        return signals;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is stopping: the hook runs (or ran) anyway
        }
    }
}
