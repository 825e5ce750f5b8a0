package io.jenkins.plugins.switchupgrade.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How long the next switch is expected to take (the mean of the switches upgraded so far, or the configured
 * duration before any) and whether it may still start inside the round's maintenance windows.
 */
public final class WindowPace {
    private WindowPace() {
    }

    /** The mean duration of the upgraded switches among {@code done}, or {@code configured} when there are none. */
    public static Duration expected(List<SwitchResult> done, Duration configured) {
        List<Duration> measured;
        synchronized (done) {
            measured = done.stream().filter(r -> r.outcome() == SwitchResult.Outcome.UPGRADED)
                    .filter(r -> r.startedAt() != null && r.endedAt() != null)
                    .map(r -> Duration.between(r.startedAt(), r.endedAt())).toList();
        }
        if (measured.isEmpty()) {
            return configured;
        }
        return measured.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(measured.size());
    }

    /** Why no further switch may start at {@code now}, or empty when one may. */
    public static Optional<String> refusal(RoundOptions options, List<SwitchResult> done, Instant now) {
        return options.windows().refusal(now, expected(done, options.expectedPerSwitch()));
    }
}
