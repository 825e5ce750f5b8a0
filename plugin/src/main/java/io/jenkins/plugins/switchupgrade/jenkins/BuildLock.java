package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import io.jenkins.plugins.switchupgrade.ports.FleetLock;
import java.io.IOException;

/** {@link RunLock} of one build, answered on the controller from the Lockable Resources plugin. */
final class BuildLock implements RunLock {

    private final Run<?, ?> run;

    BuildLock(@NonNull Run<?, ?> run) {
        this.run = run;
    }

    @Override
    public String lockName(String datacenter) {
        return SwitchUpgradeConfiguration.get().lockNameFor(datacenter);
    }

    @Override
    public boolean holds(String datacenter) {
        return LockRequirement.isHeldBy(run, lockName(datacenter));
    }

    @Override
    public void require(String datacenter, String step) throws IOException {
        LockRequirement.require(run, lockName(datacenter), step);
    }

    /** The engine's fleet lock of one data center, asking {@code lock} (a proxy on an agent) at every use. */
    static final class OfDatacenter implements FleetLock {
        private final RunLock lock;
        private final String datacenter;

        OfDatacenter(RunLock lock, String datacenter) {
            this.lock = lock;
            this.datacenter = datacenter;
        }

        @Override
        public String name() {
            return lock.lockName(datacenter);
        }

        @Override
        public boolean isHeld() {
            return lock.holds(datacenter);
        }
    }
}
