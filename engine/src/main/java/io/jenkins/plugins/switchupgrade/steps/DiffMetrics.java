package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.core.StepContext;

import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.core.SafeDisruption;
import io.jenkins.plugins.switchupgrade.core.SwitchMemory;
import io.jenkins.plugins.switchupgrade.diff.DiffReport;
import io.jenkins.plugins.switchupgrade.diff.SnapshotDiff;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code diffMetrics} step: a post snapshot of {@code target}, compared with its pre snapshot (given, or
 * read from {@code switch-upgrade/<switch>/pre.json}) and with {@code toVersion}; archives post.json and diff.json.
 * Result: {@code passed, switch, version, metrics, reasons}.
 */
public final class DiffMetrics {
    private final StepContext context;

    public DiffMetrics(StepContext context) {
        this.context = context;
    }

    public Map<String, Object> run(Request request) {
        DiffReport report = request.settleWithin.isZero() ? diff(request) : settle(request);
        // the Pipeline's verdict on a switch in flight is its outcome in the data center's ledger
        SwitchMemory.settled(context, report.switchName(), report.passed(), report.passed()
                ? "post equals pre; runs " + report.postVersion()
                : "post-upgrade validation failed: " + String.join("; ", report.reasons()));
        return report.toMap();
    }

    /**
     * Diffs until BGP and links have settled (the diff passes) or {@code settleSeconds} (or the settle time) are over; the last diff is
     * the verdict, and only then is the silence expired. Only the last check's log and a line every 5 s are printed.
     */
    public DiffReport settle(Request request) {
        Instant deadline = context.clock().instant().plus(request.settleWithin);
        Instant lastSaid = Instant.EPOCH;
        java.util.Optional<Duration> interval = context.prometheus().scrapeInterval();
        Request check = new Request().target(request.target).toVersion(request.toVersion).pre(request.pre);
        while (true) {
            // each check comes just after the switch's next scrape: between scrapes Prometheus has nothing new
            io.jenkins.plugins.switchupgrade.metrics.SnapshotReader.Reading reading = context.snapshotReader()
                    .readAt(List.of(request.target));
            DiffReport diff = compare(check, reading.snapshots().get(request.target));
            Instant now = context.clock().instant();
            boolean stopped = false;
            if (!diff.passed() && now.isBefore(deadline)) {
                if (Duration.between(lastSaid, now).compareTo(Duration.ofSeconds(5)) >= 0) {
                    lastSaid = now;
                    context.console().log(request.target + ": waiting for BGP and links to settle (" + String.join(
                            "; ", diff.reasons()) + "), " + Duration.between(now, deadline).toSeconds() + " s left");
                }
                try {
                    context.sleeper().sleep(untilNextScrape(now, reading.scrapedAt().get(request.target), interval));
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
            // post.json and diff.json are written once, at the verdict
            record(check, diff);
            expireSilence(request, diff);
            if (stopped) {
                context.console().log(request.target + ": stopped while waiting for BGP and links to settle");
            }
            return diff;
        }
    }

    /** From now to just after the switch's next scrape; half a scrape interval (or 500 ms) when either is unknown. */
    static Duration untilNextScrape(Instant now, Instant lastScrape, java.util.Optional<Duration> interval) {
        if (interval.isEmpty()) {
            return Duration.ofMillis(500);
        }
        if (lastScrape == null) {
            return interval.get().dividedBy(2);
        }
        return Duration.between(now, io.jenkins.plugins.switchupgrade.await.ExporterAwait.nextScrape(lastScrape,
                interval.get(), now));
    }

    /** The report itself, for the upgrade round. */
    public DiffReport diff(Request request) {
        return record(request, compare(request));
    }

    /**
     * A post snapshot compared with the pre one, nothing written or said: the round's settle loop compares until
     * BGP and links are back, then {@link #record}s only the verdict.
     */
    public DiffReport compare(Request request) {
        return compare(request, null);
    }

    /** As {@link #compare(Request)}, with a post snapshot already read ({@code null} reads one). */
    public DiffReport compare(Request request, Snapshot post) {
        String name = request.target;
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("diffMetrics needs target: the upgraded switch");
        }
        Snapshot pre = request.pre != null ? Snapshot.fromMap(request.pre) : readPre(name);
        Snapshot after = post != null ? post : context.snapshotReader().read(List.of(name)).get(name);
        return new SnapshotDiff(context.profile()).diff(pre, after, request.toVersion);
    }

    /** Archives post.json and diff.json, logs the verdict and, given a silence, expires it. */
    public DiffReport record(Request request, DiffReport report) {
        String name = request.target;
        Snapshot post = report.post();
        context.artifacts().save(ArtifactStore.switchFile(name, "post.json"),
                Json.pretty(Map.of(name, Map.of("post", post.toMap()))));
        context.artifacts().save(ArtifactStore.switchFile(name, "diff.json"), Json.pretty(report.toMap()));
        context.console().log(name + ": ---- " + post.toSeedForm());
        expireSilence(request, report);
        context.console().log(report.passed() ? "Status: Post upgrade validation passed!"
                : "Status: Post upgrade validation FAILED: " + String.join("; ", report.reasons()));
        return report;
    }

    private void expireSilence(Request request, DiffReport report) {
        String name = request.target;
        if (request.silenceId != null && !request.silenceId.isBlank()) {
            // after a pass the silence has done its job; after a failure the alerts must reach people now
            context.audit().ifPresent(a -> a.record(report.passed() ? AuditKind.DIFF_PASSED : AuditKind.DIFF_FAILED,
                    name, report.passed() ? "post equals pre" : String.join("; ", report.reasons())));
            SafeDisruption.expire(context, request.silenceId, name, report.passed()
                    ? "post-upgrade validation passed" : "post-upgrade validation failed");
        }
    }

    private Snapshot readPre(String name) {
        String path = ArtifactStore.switchFile(name, "pre.json");
        String text = context.artifacts().read(path).orElseThrow(() -> new IllegalArgumentException("no pre snapshot "
                + "of " + name + ": pass pre (validateSibling's result .pre['" + name + "']) or run validateSibling "
                + "first so that " + path + " exists"));
        Map<String, Object> state = Json.parseObject(text, path);
        if (!(state.get(name) instanceof Map<?, ?> entry) || !(entry.get("pre") instanceof Map<?, ?> pre)) {
            throw new IllegalArgumentException(path + " has no pre snapshot of " + name);
        }
        return Snapshot.fromMap(pre);
    }

    /** The step's arguments, named as in the Pipeline. */
    public static final class Request {
        private String target;
        private String toVersion;
        private Map<?, ?> pre;
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

        /** The pre snapshot as validateSibling returned it; {@code null} reads pre.json. */
        public Request pre(Map<?, ?> pre) {
            this.pre = pre;
            return this;
        }
    }
}
