package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.core.StepContext;

import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.await.AwaitException;
import io.jenkins.plugins.switchupgrade.await.AwaitState;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.core.SafeDisruption;
import io.jenkins.plugins.switchupgrade.core.SwitchMemory;
import io.jenkins.plugins.switchupgrade.fleet.Switch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The {@code awaitExporter} step: waits until {@code target} went down and came back (port {@code port} closed then
 * open, or its boot time changed) and Prometheus scraped it after; a switch that never went down fails. On failure
 * the silence {@code silenceId} is expired at once so that its alerts reach people. With {@code sliceSeconds} it
 * returns after that long with the state reached ({@code done: false}), for a host that persists it and calls
 * again with it (e.g. across a controller restart). Result: the wait's {@link AwaitState}, with its address (at the
 * Pipeline's edge also {@code done}).
 */
public final class AwaitExporter {
    private final StepContext context;

    public AwaitExporter(StepContext context) {
        this.context = context;
    }

    public AwaitState run(Request request) {
        if (request.target == null || request.target.isBlank()) {
            throw new IllegalArgumentException("awaitExporter needs target: the switch to wait for");
        }
        String address;
        try {
            address = address(request);
        } catch (IllegalArgumentException e) {
            // nobody will wait for this switch: its alerts must not stay muted
            SafeDisruption.expire(context, request.silenceId, request.target, e.getMessage());
            throw e;
        }
        ExporterAwait.Settings settings = context.awaitSettings().withPort(request.port).withLimits(
                Duration.ofSeconds(request.downSeconds), Duration.ofSeconds(request.upSeconds),
                Duration.ofSeconds(request.freshSeconds));
        StepContext effective = context.withAwaitSettings(settings);
        ExporterAwait await = effective.exporterAwait();
        String name = request.target;
        AwaitState start = request.state == null ? await.begin(name, address) : request.state.withAddress(address);
        Instant until = request.sliceSeconds > 0 ? context.clock().instant().plusSeconds(request.sliceSeconds) : null;
        try {
            AwaitState reached = await.await(name, address, start, until);
            if (reached.phase() == AwaitState.Phase.BACK) {
                SafeDisruption.recordBack(effective, name, reached);
            }
            return reached;
        } catch (AwaitException e) {
            if (!e.cancelled()) {
                // an interrupted wait (the host shutting down) resumes later from its saved state; a failed one pages
                SwitchMemory.settled(context, name, false, e.getMessage());
                SafeDisruption.expire(context, request.silenceId, name, e.getMessage());
            }
            throw e;
        }
    }

    /** Stops waiting for good (the build was aborted): expires the silence so that the switch's alerts reach people. */
    public void abandon(Request request, String why) {
        // nobody follows the switch any more: it stays in flight in the ledger, so the next round blocks or resumes
        SwitchMemory.interrupted(context, request.target, why);
        context.audit().ifPresent(a -> a.record(AuditKind.INTERRUPTED, request.target, why));
        SafeDisruption.expire(context, request.silenceId, request.target, why);
    }

    /** The address to probe: given, from the saved state, or from Prometheus (which forgets a switch that is down). */
    private String address(Request request) {
        if (request.address != null && !request.address.isBlank()) {
            return request.address;
        }
        if (request.state != null && request.state.address() != null && !request.state.address().isBlank()) {
            return request.state.address();
        }
        Switch target = context.fleetReader().locate(request.target).orElseThrow(() -> new IllegalArgumentException(
                "Prometheus at " + context.prometheus().url() + " does not know switch '" + request.target + "' (a switch "
                        + "that is down has no series); pass address, or the state reprovisionSwitch returned"));
        return target.address();
    }

    /** The step's arguments, named as in the Pipeline. */
    public static final class Request {
        private String target;
        private AwaitState state;
        private String silenceId;
        private int port = ExporterAwait.DEFAULT_PORT;
        private long downSeconds = ExporterAwait.DEFAULT_DOWN_SECONDS;
        private long upSeconds = ExporterAwait.DEFAULT_UP_SECONDS;
        private long freshSeconds = ExporterAwait.DEFAULT_FRESH_SECONDS;
        private String address;
        private long sliceSeconds;

        /** The management address to probe; by default from the state, else from Prometheus. */
        public Request address(String address) {
            this.address = address;
            return this;
        }

        /** Return after this many seconds with the state reached; 0 waits to the end. */
        public Request sliceSeconds(long seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("sliceSeconds must be 0 or more, was " + seconds);
            }
            this.sliceSeconds = seconds;
            return this;
        }

        public Request target(String target) {
            this.target = target;
            return this;
        }

        /** reprovisionSwitch's wait state (its ticket's), so that the wait starts from before the command. */
        public Request state(AwaitState state) {
            this.state = state;
            return this;
        }

        /** The wait state as a plain map (reprovisionSwitch's {@code await} at the Pipeline's edge). */
        public Request state(Map<?, ?> state) {
            this.state = state == null ? null : AwaitState.fromMap(state);
            return this;
        }

        public Request silenceId(String silenceId) {
            this.silenceId = silenceId;
            return this;
        }

        public Request port(int port) {
            this.port = port;
            return this;
        }

        public Request downSeconds(long seconds) {
            this.downSeconds = seconds;
            return this;
        }

        public Request upSeconds(long seconds) {
            this.upSeconds = seconds;
            return this;
        }

        public Request freshSeconds(long seconds) {
            this.freshSeconds = seconds;
            return this;
        }
    }
}
