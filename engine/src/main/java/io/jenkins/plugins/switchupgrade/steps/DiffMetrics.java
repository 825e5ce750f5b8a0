package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.core.StepContext;

import io.jenkins.plugins.switchupgrade.core.PostValidation;
import io.jenkins.plugins.switchupgrade.core.SwitchMemory;
import io.jenkins.plugins.switchupgrade.diff.DiffReport;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code diffMetrics} step: a post snapshot of {@code target}, compared with its pre snapshot (given, or
 * read from {@code switch-upgrade/<switch>/pre.json}) and with {@code toVersion}; archives post.json and diff.json.
 * Result: the {@link DiffReport} ({@code passed, switch, version, metrics, reasons} at the Pipeline's edge).
 */
public final class DiffMetrics {
    private final StepContext context;

    public DiffMetrics(StepContext context) {
        this.context = context;
    }

    public DiffReport run(Request request) {
        String name = request.target;
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("diffMetrics needs target: the upgraded switch");
        }
        Snapshot pre = request.pre != null ? request.pre : PostValidation.readPre(context, name);
        PostValidation post = new PostValidation(context);
        DiffReport report = request.settleWithin.isZero() ? post.record(post.compare(name, pre, request.toVersion,
                null)) : post.settle(name, pre, request.toVersion, request.settleWithin);
        if (request.silenceId != null && !request.silenceId.isBlank()) {
            post.conclude(name, report, request.silenceId, "post equals pre");
        } else {
            // the Pipeline's verdict on a switch in flight is its outcome in the data center's ledger
            SwitchMemory.settled(context, name, report.passed(), report.passed()
                    ? "post equals pre; runs " + report.postVersion()
                    : "post-upgrade validation failed: " + String.join("; ", report.reasons()));
        }
        return report;
    }

    /** The step's arguments, named as in the Pipeline. */
    public static final class Request {
        private String target;
        private String toVersion;
        private Snapshot pre;
        private String silenceId;
        private Duration settleWithin = Duration.ZERO;

        /**
         * How long to diff again while the post snapshot differs (BGP sessions and links come back after the
         * exporter); 0, the default, diffs once.
         */
        public Request settleSeconds(long settleSeconds) {
            if (settleSeconds < 0) {
                throw new IllegalArgumentException("diffMetrics: settleSeconds must be 0 or more, was " + settleSeconds);
            }
            return settleWithin(Duration.ofSeconds(settleSeconds));
        }

        /** {@link #settleSeconds}, as a duration (the round's settle time). */
        public Request settleWithin(Duration settleWithin) {
            if (settleWithin == null || settleWithin.isNegative()) {
                throw new IllegalArgumentException("diffMetrics: the settle time must be 0 or more, was " + settleWithin);
            }
            this.settleWithin = settleWithin;
            return this;
        }

        /** reprovisionSwitch's silence, expired once the diff is known (at once on failure). */
        public Request silenceId(String silenceId) {
            this.silenceId = silenceId;
            return this;
        }

        public Request target(String target) {
            this.target = target;
            return this;
        }

        public Request toVersion(String toVersion) {
            this.toVersion = toVersion;
            return this;
        }

        /** The pre snapshot validateSibling took; {@code null} reads pre.json. */
        public Request pre(Snapshot pre) {
            this.pre = pre;
            return this;
        }

        /** The pre snapshot as validateSibling's result (a plain map, at the Pipeline's edge) carries it. */
        public Request pre(Map<?, ?> pre) {
            this.pre = pre == null ? null : Snapshot.fromMap(pre);
            return this;
        }
    }
}
