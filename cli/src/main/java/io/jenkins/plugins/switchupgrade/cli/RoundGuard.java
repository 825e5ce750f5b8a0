package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.ledger.DatacenterLock;
import io.jenkins.plugins.switchupgrade.ledger.Ledger;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a round of one data center holds on this host for its whole run: the data center's lock in the state
 * directory (a dead holder's record is taken over, and the audit trail says so) and the data center's ledger.
 */
final class RoundGuard implements AutoCloseable {
    private final DatacenterLock lock;
    private final Ledger ledger;

    private RoundGuard(DatacenterLock lock, Ledger ledger) {
        this.lock = lock;
        this.ledger = ledger;
    }

    /** Who runs a round from the command line: the user and the host, e.g. {@code switch-upgrade run by ops@jump-1}. */
    static String actor() {
        return "switch-upgrade run by " + person();
    }

    /** The user and the host, e.g. {@code ops@jump-1}, for acknowledgements. */
    static String person() {
        return System.getProperty("user.name", "unknown") + "@" + Ledger.hostName();
    }

    /**
     * Takes the data center's lock in the state directory {@code stateDirFlag} names (or the default one) and opens
     * its ledger.
     *
     * @throws DatacenterLock.HeldException when another round holds the lock; the message names it
     */
    static RoundGuard acquire(String stateDirFlag, String datacenter, Path reportDir, String actor, AuditTrail audit) {
        Path stateDir = StateDir.resolve(stateDirFlag);
        Ledger ledger = Ledger.open(stateDir, datacenter, new CliRemedies(stateDir, stateDirFlag == null), null);
        DatacenterLock lock = DatacenterLock.acquire(stateDir, datacenter, reportDir.toAbsolutePath().toString(),
                actor, null);
        try {
            lock.takenOverFrom().ifPresent(dead -> audit.record(AuditKind.LOCK_TAKEN_OVER, "", "the lock of "
                    + datacenter + " (" + lock.file() + ") was left by " + dead + (dead.alive() ? ""
                    : ", a process that no longer runs") + "; that round never finished, and this one takes the lock "
                    + "over (the ledger says what it left in flight)", Map.of("pid", dead.pid(), "host", dead.host(),
                    "since", String.valueOf(dead.since()), "reportDir", dead.reportDir())));
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        return new RoundGuard(lock, ledger);
    }

    DatacenterLock lock() {
        return lock;
    }

    Ledger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        lock.close();
    }
}
