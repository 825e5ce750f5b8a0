package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.switchupgrade.await.AwaitException;
import io.jenkins.plugins.switchupgrade.await.AwaitState;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusException;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;
import io.jenkins.plugins.switchupgrade.ports.Sleeper;
import io.jenkins.plugins.switchupgrade.steps.StepContext;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import jenkins.MasterToSlaveFileCallable;

/**
 * One slice of the wait for a rebooting switch, run on the agent: the engine's {@link ExporterAwait} goes on from
 * the persisted state for at most ten seconds and hands back how far it came, so that the step can persist it and a
 * controller restart loses at most one slice. A slice ends by making the engine's sleeper refuse to sleep, which the
 * engine reports as a stop in the current phase.
 *
 * <p>The switch's address is located once, while Prometheus still has its series (a switch that is down has none),
 * and then travels with the state.
 */
final class ExporterWait extends MasterToSlaveFileCallable<ExporterWait.Slice> {

    private static final long serialVersionUID = 1L;

    /** How long one slice waits at most before the state is persisted (the engine prints progress as often). */
    static final Duration SLICE = Duration.ofSeconds(10);

    private final EngineSettings settings;
    private final TaskListener listener;
    private final String target;
    private final String address;
    private final Map<String, Object> state;
    private final int port;
    private final long downSeconds;
    private final long upSeconds;
    private final long freshSeconds;

    ExporterWait(EngineSettings settings, TaskListener listener, String target, @CheckForNull String address,
            @CheckForNull Map<String, Object> state, int port, long downSeconds, long upSeconds, long freshSeconds) {
        this.settings = settings;
        this.listener = listener;
        this.target = target;
        this.address = address;
        this.state = state == null ? null : PlainValues.copy(state);
        this.port = port;
        this.downSeconds = downSeconds;
        this.upSeconds = upSeconds;
        this.freshSeconds = freshSeconds;
    }

    /** Where a slice ended: the state to persist, the switch's address and, when the wait failed, why. */
    static final class Slice implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Map<String, Object> state;
        private final String address;
        private final String error;

        Slice(@CheckForNull Map<String, Object> state, @CheckForNull String address, @CheckForNull String error) {
            this.state = state == null ? null : PlainValues.copy(state);
            this.address = address;
            this.error = error;
        }

        @CheckForNull
        Map<String, Object> state() {
            return state;
        }

        @CheckForNull
        String address() {
            return address;
        }

        /** Why the wait failed (the switch did not go down, did not come back, ...), or {@code null}. */
        @CheckForNull
        String error() {
            return error;
        }

        boolean isBack() {
            return error == null && state != null && AwaitState.Phase.BACK.name().equals(state.get("phase"));
        }
    }

    @Override
    public Slice invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        SliceSleeper sleeper = new SliceSleeper(SLICE);
        StepContext engine = settings.engineContext(listener, NO_ARTIFACTS, null, null, sleeper);
        String where = address;
        try {
            if (where == null) {
                Optional<Switch> located = engine.fleetReader().locate(target);
                if (located.isEmpty()) {
                    return new Slice(state, null, "Prometheus at " + engine.prometheus().url() + " does not know switch '"
                            + target + "'. While a switch is down Prometheus has no current series of it: give"
                            + " awaitExporter the await map that reprovisionSwitch returned (state: sent.await), which"
                            + " carries the switch's address.");
                }
                where = located.get().address();
            }
            ExporterAwait.Settings limits = engine.awaitSettings().withPort(port).withLimits(
                    Duration.ofSeconds(downSeconds), Duration.ofSeconds(upSeconds), Duration.ofSeconds(freshSeconds));
            ExporterAwait await = engine.withAwaitSettings(limits).exporterAwait();
            AwaitState from = state == null ? await.begin(target) : AwaitState.fromMap(state);
            try {
                return new Slice(await.await(target, where, from).toMap(), where, null);
            } catch (AwaitException e) {
                if (sleeper.ended) {
                    // the engine marked the thread interrupted when the slice's sleeper refused to sleep
                    Thread.interrupted();
                    return new Slice(e.state().toMap(), where, null);
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("awaitExporter " + target + " was stopped");
                }
                return new Slice(e.state().toMap(), where, e.getMessage());
            }
        } catch (PrometheusException | IllegalArgumentException e) {
            return new Slice(state, where, e.getMessage());
        }
    }

    /** Sleeps as the engine asks until the slice is over, then refuses, which ends the engine's wait. */
    private static final class SliceSleeper implements Sleeper {
        private final long end;
        private volatile boolean ended;

        SliceSleeper(Duration slice) {
            this.end = System.nanoTime() + slice.toNanos();
        }

        @Override
        public void sleep(@NonNull Duration duration) throws InterruptedException {
            if (System.nanoTime() - end >= 0) {
                ended = true;
                throw new InterruptedException("slice over");
            }
            Thread.sleep(Math.max(0, duration.toMillis()));
        }
    }

    private static final ArtifactStore NO_ARTIFACTS = new ArtifactStore() {
        @Override
        public void save(String relativePath, String content) {
            // a wait saves nothing
        }

        @Override
        public Optional<String> read(String relativePath) {
            return Optional.empty();
        }
    };
}
