package io.jenkins.plugins.switchupgrade.jenkins;

import java.io.IOException;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The build's view of the data centers' lockable resources, exported from the controller to the agent that runs a
 * disruptive step, so that the engine's fleet lock asks the controller each time whether the build still holds the
 * lock (an administrator may take it away while a switch is being prepared). Public only because remoting builds a
 * proxy of it.
 */
@Restricted(NoExternalUse.class)
public interface RunLock {

    /** The lockable resource of {@code datacenter}, e.g. {@code switch-upgrade-dc1}. */
    String lockName(String datacenter);

    /** Whether the build holds the lockable resource of {@code datacenter} now. */
    boolean holds(String datacenter);

    /**
     * Fails, with the Jenkinsfile line to add, unless the build holds the lockable resource of {@code datacenter}.
     *
     * @param step the step asking, named in the message
     */
    void require(String datacenter, String step) throws IOException;
}
