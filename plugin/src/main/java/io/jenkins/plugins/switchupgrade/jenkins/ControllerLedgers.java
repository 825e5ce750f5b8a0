package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.switchupgrade.ledger.Ledger;
import io.jenkins.plugins.switchupgrade.ledger.LedgerEntry;
import io.jenkins.plugins.switchupgrade.ledger.LedgerState;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * The data centers' ledgers on the controller: {@code $JENKINS_HOME/switch-upgrade/ledger/<datacenter>.ledger.jsonl},
 * one per data center whatever job or build upgrades it, so that a failed switch blocks every job until someone
 * acknowledges it and disruptive steps of parallel branches and builds are one at a time.
 */
final class ControllerLedgers implements RunLedger {

    /** The ledger of {@code datacenter} on this controller. */
    static @NonNull Ledger of(@NonNull String datacenter) {
        Path dir = Jenkins.get().getRootDir().toPath().resolve("switch-upgrade").resolve("ledger");
        return Ledger.open(dir, datacenter, Remedies.INSTANCE, null);
    }

    @Override
    public String where(String datacenter) {
        return of(datacenter).where();
    }

    @Override
    public LedgerState replay(String datacenter) {
        return of(datacenter).replay();
    }

    @Override
    public LedgerState requireClear(String datacenter, boolean inFlightAllowed) {
        return of(datacenter).requireClear(inFlightAllowed);
    }

    @Override
    public void check(String datacenter, Ledger.Claim claim) {
        of(datacenter).check(claim);
    }

    @Override
    public LedgerEntry claim(String datacenter, Ledger.Claim claim) {
        return of(datacenter).claim(claim, () -> false);
    }

    @Override
    public LedgerEntry record(String datacenter, LedgerEntry.Kind kind, String switchName, String actor,
            String reason) {
        return of(datacenter).record(kind, switchName, actor, reason);
    }

    @Override
    public List<LedgerEntry> entries(String datacenter) {
        return of(datacenter).entries();
    }

    @Override
    public String describe(String datacenter, LedgerState.SwitchState state) {
        return of(datacenter).describe(state);
    }

    /** How Jenkins users go on: the Pipeline step, or the button on the build page of the round that failed. */
    static final class Remedies implements Ledger.Remedies, Serializable {
        private static final long serialVersionUID = 1L;
        static final Remedies INSTANCE = new Remedies();

        @Override
        public String acknowledge(String datacenter, String switchName) {
            return "acknowledgeFailure(datacenter: '" + datacenter + "', switchName: '" + switchName
                    + "', reason: 'what was looked at and found') in a Pipeline, or 'Acknowledge' on the Switch upgrade"
                    + " page of the build that failed (needs the Job/Build permission)";
        }

        @Override
        public String resume(String datacenter) {
            return "run the round again with 'Complete a switch left in flight' (switchUpgradeRound(..., resumeInFlight:"
                    + " true))";
        }
    }
}
