package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.ledger.InFlight;
import io.jenkins.plugins.switchupgrade.ledger.Ledger;
import io.jenkins.plugins.switchupgrade.ledger.LedgerEntry;
import io.jenkins.plugins.switchupgrade.ledger.LedgerState;
import io.jenkins.plugins.switchupgrade.ports.Console;

import java.util.Optional;

/**
 * A person lets a data center go on after a failed or in-flight switch: the acknowledgement goes into the ledger with
 * the actor and the reason, and a silence the switch still has from its claim is expired (nobody follows the switch
 * any more, so its alerts must reach people). What else remains blocked is said on the console.
 */
public final class Acknowledgement {
    private final Ledger ledger;
    private final Console console;

    public Acknowledgement(Ledger ledger, Console console) {
        this.ledger = ledger;
        this.console = console == null ? Console.silent() : console;
    }

    /** Records the acknowledgement; the ledger refuses an empty reason or a switch with nothing to acknowledge. */
    public LedgerEntry acknowledge(String switchName, String actor, String reason) {
        Optional<InFlight> claimed = ledger.replay().of(switchName).flatMap(LedgerState.SwitchState::inFlight);
        LedgerEntry entry = ledger.acknowledge(switchName, actor, reason);
        console.log("Acknowledged " + switchName + " of " + ledger.datacenter() + " in " + ledger.where() + " by "
                + actor + ": " + reason.trim());
        claimed.filter(InFlight::hasSilence).ifPresent(was -> expire(switchName, was));
        LedgerState after = ledger.replay();
        console.log(after.blockers().isEmpty() ? "Nothing blocks " + ledger.datacenter() + " any more."
                : "Still blocking " + ledger.datacenter() + ": " + String.join("; ", after.blockers().stream()
                .map(ledger::describe).toList()));
        return entry;
    }

    private void expire(String switchName, InFlight was) {
        if (was.alertmanager().isEmpty()) {
            return;
        }
        AlertSilencer silencer = AlertSilencer.builder(was.alertmanager()).build();
        try {
            silencer.expire(was.silenceId());
            console.log("Expired the silence " + was.silenceId() + " of " + switchName + ", so that its alerts reach "
                    + "people again");
        } catch (RuntimeException e) {
            console.log("WARNING: the silence " + was.silenceId() + " of " + switchName + " could not be expired ("
                    + e.getMessage() + "); expire it by hand: " + silencer.expireCommand(was.silenceId()));
        }
    }
}
