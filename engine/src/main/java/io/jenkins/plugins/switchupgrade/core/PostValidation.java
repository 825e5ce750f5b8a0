package io.jenkins.plugins.switchupgrade.core;

import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.diff.DiffReport;
import io.jenkins.plugins.switchupgrade.diff.SnapshotDiff;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.lifecycle.Verified;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import io.jenkins.plugins.switchupgrade.metrics.SnapshotReader;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one post-validation every path shares (the diffMetrics step, the ISSU, the round, a resumed switch): compare
 * post with pre, settle while BGP and links come back, write post.json and diff.json once, and conclude (audit, the
 * ledger's outcome, the silence expired).
 */
public final class PostValidation {
    private final StepContext context;

    public PostValidation(StepContext context) {
        this.context = context;
    }

    /** The pre snapshot of {@code name} this build archived (pre.json), which its post snapshot must match. */
    public static Snapshot readPre(StepContext context, String name) {
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

    /** A post snapshot ({@code null}: read one now) compared with {@code pre}; nothing written or said. */
    public DiffReport compare(String name, Snapshot pre, String toVersion, Snapshot post) {
        Snapshot after = post != null ? post : context.snapshotReader().read(List.of(name)).get(name);
        return new SnapshotDiff(context.profile()).diff(pre, after, toVersion);
    }

    /**
     * Diffs until BGP and links have settled (the diff passes) or {@code within} is over; the last diff is the
     * verdict, and only it is written (post.json, diff.json) and logged. Each check comes just after the switch's
     * next scrape, since between scrapes Prometheus has nothing new to say; a line every 5 s says what is awaited.
     */
    public DiffReport settle(String name, Snapshot pre, String toVersion, Duration within) {
        Instant deadline = context.clock().instant().plus(within);
        Instant lastSaid = Instant.EPOCH;
        Optional<Duration> interval = context.prometheus().scrapeInterval();
        while (true) {
            SnapshotReader.Reading reading = context.snapshotReader().readAt(List.of(name));
            DiffReport diff = compare(name, pre, toVersion, reading.snapshots().get(name));
            Instant now = context.clock().instant();
            if (diff.passed() || !now.isBefore(deadline)) {
                return record(diff);
            }
            if (Duration.between(lastSaid, now).compareTo(Duration.ofSeconds(5)) >= 0) {
                lastSaid = now;
                context.console().log(name + ": waiting for BGP and links to settle (" + String.join("; ",
                        diff.reasons()) + "), " + Duration.between(now, deadline).toSeconds() + " s left");
            }
            try {
                context.sleeper().sleep(untilNextScrape(now, reading.scrapedAt().get(name), interval));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                context.console().log(name + ": stopped while waiting for BGP and links to settle");
                return record(diff);
            }
        }
    }

    /** From now to just after the switch's next scrape; half a scrape interval (or 500 ms) when either is unknown. */
    public static Duration untilNextScrape(Instant now, Instant lastScrape, Optional<Duration> interval) {
        if (interval.isEmpty()) {
            return Duration.ofMillis(500);
        }
        if (lastScrape == null) {
            return interval.get().dividedBy(2);
        }
        return Duration.between(now, ExporterAwait.nextScrape(lastScrape, interval.get(), now));
    }

    /** Archives post.json and diff.json and logs the verdict. */
    public DiffReport record(DiffReport report) {
        String name = report.switchName();
        Snapshot post = report.post();
        context.artifacts().save(ArtifactStore.switchFile(name, "post.json"),
                Json.pretty(Map.of(name, Map.of("post", post.toMap()))));
        context.artifacts().save(ArtifactStore.switchFile(name, "diff.json"), Json.pretty(report.toMap()));
        context.console().log(name + ": ---- " + post.toSeedForm());
        context.console().log(report.passed() ? "Status: Post upgrade validation passed!"
                : "Status: Post upgrade validation FAILED: " + String.join("; ", report.reasons()));
        return report;
    }

    /**
     * Concludes a switch in flight on its diff: records diff-passed or diff-failed, writes its outcome to the
     * ledger (when the switch is in flight there) and expires its silence ({@code silenceId} empty: none). After a
     * pass the silence has done its job; after a failure the alerts must reach people now.
     */
    public Verified conclude(String name, DiffReport diff, String silenceId, String passedWhy) {
        conclude(name, diff.passed(), diff.passed() ? passedWhy : String.join("; ", diff.reasons()),
                diff.passed() ? passedWhy : "post-upgrade validation failed: " + String.join("; ", diff.reasons()),
                silenceId);
        return new Verified(name, diff);
    }

    /**
     * As {@link #conclude(String, DiffReport, String, String)}, on a verdict the caller decided (e.g. a diff that
     * passed but a configuration that did not come back fails): {@code detail} goes to the audit event, {@code why}
     * to the ledger and, on failure, to the silence's expiry.
     */
    public void conclude(String name, boolean passed, String detail, String why, String silenceId) {
        context.audit().ifPresent(a -> a.record(passed ? AuditKind.DIFF_PASSED : AuditKind.DIFF_FAILED, name, detail));
        SwitchMemory.settled(context, name, passed, why);
        SafeDisruption.expire(context, silenceId, name, passed ? "post-upgrade validation passed" : why);
    }
}
