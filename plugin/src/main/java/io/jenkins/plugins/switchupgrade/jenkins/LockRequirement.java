package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import org.jenkins.plugins.lockableresources.LockableResource;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Serial execution: a disruptive action runs only inside the build that holds the data center's
 * lockable resource. The Lockable Resources plugin does the queueing; this only verifies the
 * outcome, so a Jenkinsfile that forgot the lock fails before any switch is touched.
 */
@Restricted(NoExternalUse.class)
public final class LockRequirement {

    private LockRequirement() {}

    /** Whether {@code run} currently holds the lockable resource named {@code resourceName}. */
    public static boolean isHeldBy(@NonNull Run<?, ?> run, @NonNull String resourceName) {
        Run<?, ?> holder = holderOf(resourceName);
        return holder != null && holder.getExternalizableId().equals(run.getExternalizableId());
    }

    /**
     * Fails with a message that shows the Jenkinsfile line to add unless {@code run} holds
     * {@code resourceName}.
     *
     * @param step the step or build step asking, named in the message
     */
    public static void require(@NonNull Run<?, ?> run, @NonNull String resourceName, @NonNull String step)
            throws AbortException {
        Run<?, ?> holder = holderOf(resourceName);
        if (holder != null && holder.getExternalizableId().equals(run.getExternalizableId())) {
            return;
        }
        String heldBy = holder == null
                ? "No build holds it."
                : "It is held by " + holder.getFullDisplayName() + ".";
        throw new AbortException(step + " refused to run: " + run.getFullDisplayName()
                + " does not hold the lockable resource '" + resourceName + "', and switches of one data center"
                + " are upgraded strictly one at a time. " + heldBy + "\n"
                + "Run the upgrade inside the lock. Scripted Pipeline, or inside a declarative stage's steps:\n"
                + "    lock('" + resourceName + "') { ... }\n"
                + "Declarative Pipeline, for the whole build:\n"
                + "    options { lock('" + resourceName + "') }\n"
                + "Freestyle job: enable \"This build requires lockable resources\" with resource " + resourceName + ".");
    }

    private static @CheckForNull Run<?, ?> holderOf(String resourceName) {
        synchronized (LockableResourcesManager.syncResources) {
            for (LockableResource resource : LockableResourcesManager.get().getResources()) {
                if (resourceName.equals(resource.getName())) {
                    return resource.getBuild();
                }
            }
        }
        return null;
    }
}
