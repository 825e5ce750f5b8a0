package io.jenkins.plugins.switchupgrade.jenkins;

import hudson.init.Terminator;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Interrupts the long steps' background work when Jenkins shuts down, so that nothing writes to a build after the
 * controller stopped; the steps go on from their persisted fields after the restart. Public because core's
 * initialisation finder calls a {@link Terminator} method without {@code setAccessible}.
 */
@Restricted(NoExternalUse.class)
public final class StepShutdown {

    private StepShutdown() {}

    @Terminator
    public static void interruptLongSteps() {
        ResumableStepExecution.interruptOnShutdown();
    }
}
