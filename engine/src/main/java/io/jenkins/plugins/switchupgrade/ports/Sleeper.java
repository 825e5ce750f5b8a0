package io.jenkins.plugins.switchupgrade.ports;

import java.time.Duration;

/** Waits between polls; the host may make it cancellable or resumable. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    static Sleeper system() {
        return duration -> Thread.sleep(Math.max(0, duration.toMillis()));
    }
}
