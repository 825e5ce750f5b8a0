package io.jenkins.plugins.switchupgrade.jenkins;

import io.jenkins.plugins.switchupgrade.ledger.Ledger;
import io.jenkins.plugins.switchupgrade.ledger.LedgerEntry;
import io.jenkins.plugins.switchupgrade.ledger.LedgerState;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The controller's ledgers (one per data center, under {@code JENKINS_HOME}, shared by every job), exported to the
 * agent that runs a step the way {@link RunLock} is, so that the engine claims and settles switches on the
 * controller. Acknowledging is not here: only a person does that, on the controller, with a permission check.
 * Public only because remoting builds a proxy of it.
 */
@Restricted(NoExternalUse.class)
public interface RunLedger {

    String where(String datacenter);

    LedgerState replay(String datacenter);

    LedgerState requireClear(String datacenter, boolean inFlightAllowed);

    void check(String datacenter, Ledger.Claim claim);

    LedgerEntry claim(String datacenter, Ledger.Claim claim);

    LedgerEntry record(String datacenter, LedgerEntry.Kind kind, String switchName, String actor, String reason);

    List<LedgerEntry> entries(String datacenter);

    String describe(String datacenter, LedgerState.SwitchState state);
}
