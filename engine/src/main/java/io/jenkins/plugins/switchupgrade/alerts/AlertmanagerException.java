package io.jenkins.plugins.switchupgrade.alerts;

/**
 * Alertmanager could not create, read or expire a silence: unreachable, an HTTP error or an answer that is not the
 * v2 API's JSON. The message names the server, the switch or silence, what was seen and what to do.
 */
public class AlertmanagerException extends RuntimeException {
    public AlertmanagerException(String message) {
        super(message);
    }

    public AlertmanagerException(String message, Throwable cause) {
        super(message, cause);
    }
}
