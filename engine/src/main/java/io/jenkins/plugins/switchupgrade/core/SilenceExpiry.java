package io.jenkins.plugins.switchupgrade.core;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.AlertmanagerException;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.ports.Console;
import io.jenkins.plugins.switchupgrade.ports.Sleeper;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Expiring a silence when Alertmanager may be briefly away: tried {@value #ATTEMPTS} times with a doubling pause
 * (0.5 s, 1 s, 2 s), then given up with a {@code silence-expiry-failed} audit event and an error that names the
 * silence and the exact command to expire it by hand. The one way a silence is expired: after a switch's verdict, on a
 * stop, and when a person acknowledges a switch.
 */
public final class SilenceExpiry {
    static final int ATTEMPTS = 4;
    static final Duration FIRST_PAUSE = Duration.ofMillis(500);

    private SilenceExpiry() {
    }

    /** Expires {@code silenceId}; throws once every attempt failed, after a {@code silence-expiry-failed} event. */
    static void expire(StepContext context, AlertSilencer silencer, String silenceId, String name) {
        expire(silencer, silenceId, name, context.console(), context.sleeper(), message -> {
            try {
                context.audit().ifPresent(a -> a.record(AuditKind.SILENCE_EXPIRY_FAILED, name, message,
                        Map.of("silenceId", silenceId, "command", silencer.expireCommand(silenceId))));
            } catch (RuntimeException ignored) {
                // the expiry's failure is what the caller reports; the audit trail said why it cannot record
            }
        });
    }

    /**
     * Expires {@code silenceId} of switch {@code name}, saying each retry on {@code console}; once every attempt
     * failed, {@code onGaveUp} is told the message and an {@link AlertmanagerException} with it is thrown.
     */
    public static void expire(AlertSilencer silencer, String silenceId, String name, Console console, Sleeper sleeper,
                              Consumer<String> onGaveUp) {
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            try {
                silencer.expire(silenceId);
                return;
            } catch (AlertmanagerException e) {
                if (attempt >= ATTEMPTS) {
                    AlertmanagerException failed = gaveUp(silencer, silenceId, name, attempt, e);
                    onGaveUp.accept(failed.getMessage());
                    throw failed;
                }
                console.log("Alertmanager did not expire the silence " + silenceId + " of " + name
                        + " (attempt " + attempt + " of " + ATTEMPTS + "): " + e.getMessage() + "; trying again in "
                        + pause.toMillis() + " ms");
                try {
                    sleeper.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new AlertmanagerException("interrupted while expiring the silence " + silenceId + " of "
                            + name + "; expire it by hand: " + silencer.expireCommand(silenceId), e);
                }
                pause = pause.multipliedBy(2);
            }
        }
    }

    private static AlertmanagerException gaveUp(AlertSilencer silencer, String silenceId, String name, int attempts,
                                                AlertmanagerException last) {
        String message = "the silence " + silenceId + " of " + name + " could not be expired after " + attempts
                + " attempts (" + last.getMessage() + "); its alerts stay muted until it ends: expire it by hand: "
                + silencer.expireCommand(silenceId);
        return new AlertmanagerException(message, last);
    }
}
