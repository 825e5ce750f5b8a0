package io.jenkins.plugins.switchupgrade.jenkins;

import hudson.AbortException;

/**
 * An engine facade refused or failed on the agent; the message is the engine's (what was expected, what was seen,
 * what to do), prefixed with the step name. Evidence saved before the failure is archived all the same.
 */
final class FacadeFailure extends AbortException {

    private static final long serialVersionUID = 1L;

    private final boolean commandsMayHaveBeenSent;

    FacadeFailure(String message, boolean commandsMayHaveBeenSent) {
        super(message);
        this.commandsMayHaveBeenSent = commandsMayHaveBeenSent;
    }

    /** False when the engine says that nothing disruptive reached the switch. */
    boolean commandsMayHaveBeenSent() {
        return commandsMayHaveBeenSent;
    }
}
