package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.campaign.SafeDisruption;
import io.jenkins.plugins.switchupgrade.campaign.SwitchMemory;
import io.jenkins.plugins.switchupgrade.diff.DiffReport;
import io.jenkins.plugins.switchupgrade.diff.SnapshotDiff;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;

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
        DiffReport report = diff(request);
        // the Pipeline's verdict on a switch in flight is its outcome in the data center's ledger
        SwitchMemory.settled(context, report.switchName(), report.passed(), report.passed()
                ? "post equals pre; runs " + report.postVersion()
                : "post-upgrade validation failed: " + String.join("; ", report.reasons()));
        return report.toMap();
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
        if (request.silenceId != null && !request.silenceId.isBlank()) {
            // after a pass the silence has done its job; after a failure the alerts must reach people now
            context.audit().ifPresent(a -> a.record(report.passed() ? AuditKind.DIFF_PASSED : AuditKind.DIFF_FAILED,
                    name, report.passed() ? "post equals pre" : String.join("; ", report.reasons())));
            SafeDisruption.expire(context, request.silenceId, name, report.passed()
                    ? "post-upgrade validation passed" : "post-upgrade validation failed");
        }
        context.console().log(report.passed() ? "Status: Post upgrade validation passed!"
                : "Status: Post upgrade validation FAILED: " + String.join("; ", report.reasons()));
        return report;
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
