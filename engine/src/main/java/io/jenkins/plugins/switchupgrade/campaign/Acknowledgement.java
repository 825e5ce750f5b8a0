package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.AlertmanagerException;
import io.jenkins.plugins.switchupgrade.alerts.FailureAlert;
import io.jenkins.plugins.switchupgrade.core.SilenceExpiry;
import io.jenkins.plugins.switchupgrade.ledger.InFlight;
import io.jenkins.plugins.switchupgrade.ledger.Ledger;
import io.jenkins.plugins.switchupgrade.ledger.LedgerEntry;
import io.jenkins.plugins.switchupgrade.ledger.LedgerState;
import io.jenkins.plugins.switchupgrade.ports.Console;
import io.jenkins.plugins.switchupgrade.ports.Sleeper;

import java.util.Optional;

/**
 * A person lets a data center go on after a failed or in-flight switch: the acknowledgement goes into the ledger with
 * the actor and the reason, a silence the switch still has from its claim is expired (nobody follows the switch any
 * more, so its alerts must reach people) and its {@code SwitchUpgradeFailed} alert is resolved. What else remains
 * blocked is said on the console.
 */
public final class Acknowledgement {
    private final Ledger ledger;
    private final Console console;
    private final AlertSilencer silencer;
    private final Sleeper sleeper;

    /** An acknowledgement that reaches the Alertmanager the switch's claim recorded. */
    public Acknowledgement(Ledger ledger, Console console) {
        this(ledger, console, null);
    }

    /** An acknowledgement that reaches {@code silencer}'s Alertmanager (null: the one the claim recorded). */
    public Acknowledgement(Ledger ledger, Console console, AlertSilencer silencer) {
        this(ledger, console, silencer, Sleeper.system());
    }

    /** The same, waiting between the expiry's retries with {@code sleeper}. */
    public Acknowledgement(Ledger ledger, Console console, AlertSilencer silencer, Sleeper sleeper) {
        this.ledger = ledger;
        this.console = console == null ? Console.silent() : console;
        this.silencer = silencer;
        this.sleeper = sleeper;
    }

    /** Records the acknowledgement; the ledger refuses an empty reason or a switch with nothing to acknowledge. */
    public LedgerEntry acknowledge(String switchName, String actor, String reason) {
        Optional<InFlight> claimed = ledger.replay().of(switchName).flatMap(LedgerState.SwitchState::inFlight);
        LedgerEntry entry = ledger.acknowledge(switchName, actor, reason);
        console.log("Acknowledged " + switchName + " of " + ledger.datacenter() + " in " + ledger.where() + " by "
                + actor + ": " + reason.trim());
        AlertSilencer reach = silencer != null ? silencer : claimed.map(InFlight::alertmanager)
                .filter(url -> !url.isEmpty()).map(url -> AlertSilencer.builder(url).build()).orElse(null);
        if (reach != null) {
            claimed.filter(InFlight::hasSilence).ifPresent(was -> expire(reach, switchName, was.silenceId()));
            resolveAlert(reach, switchName);
        }
        LedgerState after = ledger.replay();
        console.log(after.blockers().isEmpty() ? "Nothing blocks " + ledger.datacenter() + " any more."
                : "Still blocking " + ledger.datacenter() + ": " + String.join("; ", after.blockers().stream()
                .map(ledger::describe).toList()));
        return entry;
    }

    /** The one expiry with its retries; a failure is a warning, since the acknowledgement is recorded already. */
    private void expire(AlertSilencer reach, String switchName, String silenceId) {
        try {
            SilenceExpiry.expire(reach, silenceId, switchName, console, sleeper, message -> { });
            console.log("Expired the silence " + silenceId + " of " + switchName + ", so that its alerts reach "
                    + "people again");
        } catch (AlertmanagerException e) {
            console.log("WARNING: " + e.getMessage());
        } catch (RuntimeException e) {
            console.log("WARNING: the silence " + silenceId + " of " + switchName + " could not be expired ("
                    + e.getMessage() + "); expire it by hand: " + reach.expireCommand(silenceId));
        }
    }

    private void resolveAlert(AlertSilencer reach, String switchName) {
        try {
            int resolved = FailureAlert.of(reach).resolve(ledger.datacenter(), switchName);
            if (resolved > 0) {
                console.log("Resolved " + resolved + " " + FailureAlert.ALERT_NAME + " alert(s) of " + switchName);
            }
        } catch (RuntimeException e) {
            console.log("WARNING: the " + FailureAlert.ALERT_NAME + " alert of " + switchName + " could not be "
                    + "resolved (" + e.getMessage() + "); it ends by itself, or silence it in Alertmanager");
        }
    }
}
