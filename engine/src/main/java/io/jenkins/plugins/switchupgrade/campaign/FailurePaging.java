package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.alerts.AlertmanagerException;
import io.jenkins.plugins.switchupgrade.alerts.FailureAlert;
import io.jenkins.plugins.switchupgrade.core.StepContext;

/**
 * Pages people about a failed switch through the round's Alertmanager ({@link FailureAlert}); acknowledging the
 * failure resolves it with {@link FailureAlert#resolve(String, String)}. Paging never changes the round's outcome:
 * when Alertmanager cannot take the alert, the console says so and that someone must be told by hand.
 */
public final class FailurePaging {
    private FailurePaging() {
    }

    /** The command that acknowledges a failed switch, as the alert and the report show it. */
    public static String ackCommand(String datacenter, String switchName) {
        return "switch-upgrade ack --datacenter " + shellWord(datacenter) + " --switch " + shellWord(switchName)
                + " --reason TEXT";
    }

    /** A word the shell takes as it is, single-quoted when it has anything else. */
    private static String shellWord(String word) {
        return word.matches("[A-Za-z0-9._/:@%+=-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * Fires {@code SwitchUpgradeFailed} for a failed switch of the round {@code context.actor()} names; returns
     * whether Alertmanager took it (false as well when no Alertmanager is configured).
     */
    public static boolean page(StepContext context, String datacenter, SwitchResult failed) {
        FailureAlert alert = context.silencer().map(FailureAlert::of).orElse(FailureAlert.disabled());
        if (!alert.isEnabled()) {
            context.console().log("No Alertmanager is configured, so nobody was paged about " + failed.name()
                    + ": tell the team yourself");
            return false;
        }
        try {
            alert.fire(new FailureAlert.Failure(datacenter, failed.name(), context.actor(), failed.reason(),
                    "look at " + failed.name() + " (report.html says its state), then "
                            + ackCommand(datacenter, failed.name()) + ", then run the round again"));
            context.console().log("Paged: alert " + FailureAlert.ALERT_NAME + " for " + failed.name() + " posted to "
                    + alert.url());
            return true;
        } catch (AlertmanagerException | IllegalArgumentException e) {
            context.console().log("WARNING: nobody was paged about " + failed.name() + ": " + e.getMessage());
            return false;
        }
    }
}
