package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.await.AwaitException;
import io.jenkins.plugins.switchupgrade.await.AwaitState;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.fleet.Switch;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code awaitExporter} step: waits until {@code target} went down and came back (port {@code port} closed then
 * open, or its boot time changed) and Prometheus scraped it after; a switch that never went down fails. On failure
 * the silence {@code silenceId} is expired at once so that its alerts reach people. Result: the wait's state.
 */
public final class AwaitExporter {
    private final StepContext context;

    public AwaitExporter(StepContext context) {
        this.context = context;
    }

    public Map<String, Object> run(Request request) {
        if (request.target == null || request.target.isBlank()) {
            throw new IllegalArgumentException("awaitExporter needs target: the switch to wait for");
        }
        Switch target = context.fleetReader().locate(request.target).orElseThrow(() -> new IllegalArgumentException(
                "Prometheus at " + context.prometheus().url() + " does not know switch '" + request.target + "'"));
        ExporterAwait.Settings settings = context.awaitSettings().withPort(request.port).withLimits(
                Duration.ofSeconds(request.downSeconds), Duration.ofSeconds(request.upSeconds),
                Duration.ofSeconds(request.freshSeconds));
        StepContext effective = context.withAwaitSettings(settings);
        ExporterAwait await = effective.exporterAwait();
        AwaitState start = request.state == null ? await.begin(target.name()) : AwaitState.fromMap(request.state);
        try {
            AwaitState back = await.await(target.name(), target.address(), start);
            effective.audit().ifPresent(a -> {
                a.record(AuditKind.SWITCH_DOWN, target.name(), back.downEvidence());
                a.record(AuditKind.SWITCH_UP, target.name(), "port " + request.port + " open and scraped by Prometheus");
            });
            return back.toMap();
        } catch (AwaitException e) {
            expire(request.silenceId, target.name(), e.getMessage());
            throw e;
        }
    }

    private void expire(String silenceId, String name, String why) {
        if (silenceId == null || silenceId.isBlank() || context.silencer().isEmpty()) {
            return;
        }
        context.silencer().get().expire(silenceId);
        context.audit().ifPresent(a -> a.record(AuditKind.SILENCE_EXPIRED, name, why, Map.of("silenceId", silenceId)));
    }

    /** The step's arguments, named as in the Pipeline. */
    public static final class Request {
        private String target;
        private Map<?, ?> state;
        private String silenceId;
        private int port = 9100;
        private long downSeconds = 300;
        private long upSeconds = 1800;
        private long freshSeconds = 120;

        public Request target(String target) {
            this.target = target;
            return this;
        }

        /** reprovisionSwitch's {@code await}, so that the wait starts from before the command. */
        public Request state(Map<?, ?> state) {
            this.state = state;
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
