package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.core.StepContext;

import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.core.PostValidation;
import io.jenkins.plugins.switchupgrade.lifecycle.Disrupted;
import io.jenkins.plugins.switchupgrade.lifecycle.SwitchRow;
import io.jenkins.plugins.switchupgrade.lifecycle.Ticket;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusException;
import io.jenkins.plugins.switchupgrade.await.AwaitException;
import io.jenkins.plugins.switchupgrade.core.SafeDisruption;
import io.jenkins.plugins.switchupgrade.core.SafetyException;
import io.jenkins.plugins.switchupgrade.core.SwitchMemory;
import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.drivers.DriverResult;
import io.jenkins.plugins.switchupgrade.drivers.PreCheckResult;
import io.jenkins.plugins.switchupgrade.diff.DiffReport;
import io.jenkins.plugins.switchupgrade.drivers.aos.AosVirtualChassis;
import io.jenkins.plugins.switchupgrade.drivers.aos.IssuOutcome;
import io.jenkins.plugins.switchupgrade.drivers.aos.IssuPreCheck;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.metrics.MetricDefinition;
import io.jenkins.plugins.switchupgrade.metrics.SiblingRule;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code issuUpgrade} step: upgrades an AOS virtual chassis in service. Takes a pre snapshot (health, BGP, links)
 * and requires it healthy (and validateSibling's verdict passed, when the build has one); then, through the safe
 * disruption (lock, pre-check, silence, audit), runs the ISSU from {@code imageDirectory} and follows it until every
 * chassis runs {@code expectedRelease}; then diffs post against pre (retrying while BGP and links settle) and expires
 * the silence. A MAC retention fix ({@code fixMacRetention}) is recorded as {@code config-changed} before it is sent.
 * Archives {@code switch-upgrade/<target>/issu.json}. Result: {@code switch, passed, releaseBefore, releaseAfter,
 * masterBefore, masterAfter, slaveOrder, phases, preCheck, macRetention, commands, silenceId, diff, reasons, seconds}.
 */
public final class IssuUpgrade {
    /** The one place of the ISSU's default phase limits: the driver's (5, 15, 20 and 20 min). */
    public static final AosVirtualChassis.PhaseLimits DEFAULT_LIMITS = AosVirtualChassis.PhaseLimits.defaults();
    /** How long the post diff may retry while BGP and links settle, unless told otherwise. */
    public static final long DEFAULT_SETTLE_SECONDS = 120;

    private final StepContext context;

    public IssuUpgrade(StepContext context) {
        this.context = context;
    }

    public Result run(Request request) {
        if (request.target == null || request.target.isBlank()) {
            throw new IllegalArgumentException("issuUpgrade needs target: the virtual chassis to upgrade");
        }
        if (request.imageDirectory == null || request.imageDirectory.isBlank()) {
            throw new IllegalArgumentException("issuUpgrade needs imageDirectory: the directory on the master's flash "
                    + "holding the new images and their issu_version file, e.g. imageDirectory: 'new_firm'");
        }
        if (request.expectedRelease == null || request.expectedRelease.isBlank()) {
            throw new IllegalArgumentException("issuUpgrade needs expectedRelease: the release every chassis runs "
                    + "afterwards, as show microcode prints it, e.g. expectedRelease: '7.3.2.374.R01'");
        }
        Instant startedAt = context.clock().instant();
        Switch found = context.fleetReader().locate(request.target).orElseThrow(() -> new IllegalArgumentException(
                "Prometheus at " + context.prometheus().url() + " does not know switch '" + request.target
                        + "'; nothing was sent"));
        // issuUpgrade means AOS, whatever the inventory's platform label says
        Switch target = found.toBuilder().platform(AosVirtualChassis.PLATFORM).build();
        String name = target.name();
        AosVirtualChassis driver = driver(request, name);
        Snapshot pre = context.snapshotReader().read(List.of(name)).get(name);
        List<String> preProblems = preProblems(name, pre);
        String prePath = ArtifactStore.switchFile(name, "pre.json");
        if (context.artifacts().read(prePath).isEmpty()) {
            // resume reads it back: the only copy of the pre snapshot a restarted host has
            context.artifacts().save(prePath, Json.pretty(Map.of(name, Map.of("pre", pre.toMap()))));
        }
        context.console().log(name + ": ---- " + pre.toSeedForm());
        context.console().log(preProblems.isEmpty() ? "Status: Pre upgrade validation passed!"
                : "Status: Pre upgrade validation failed: " + String.join("; ", preProblems));

        SafeDisruption safe = new SafeDisruption(context.withDriver(driver), Duration.ofMinutes(request.silenceMinutes))
                .plan(new SwitchMemory.Plan(pre, request.expectedRelease, 1, "", null));
        Disrupted started;
        try {
            started = safe.start(target, preProblems.isEmpty(), request.reason == null
                    ? "ISSU of " + name + " to " + request.expectedRelease + " from /flash/" + driver.imageDirectory()
                    : request.reason);
            safe.awaitBack(started);
        } catch (SafetyException | AwaitException e) {
            if (e instanceof AwaitException || e.getCause() instanceof DriverException) {
                // the chassis itself failed after its claim: the data center waits for a person
                SwitchMemory.settled(context, name, false, e.getMessage());
            }
            throw e;
        }
        if (!(started.result() instanceof DriverResult.IssuCompleted completed)) {
            throw new IllegalStateException("the ISSU of " + name + " returned " + started.result() + ", not an ISSU");
        }
        IssuOutcome outcome = completed.outcome();

        IssuPreCheck preCheck = started.preCheck() instanceof PreCheckResult.VirtualChassisReady ready
                ? ready.check() : null;
        DiffReport diff = null;
        String silenceId = started.ticket().silenceId();
        if (request.diff) {
            PostValidation post = new PostValidation(context);
            diff = post.settle(name, pre, request.expectedRelease, Duration.ofSeconds(request.settleSeconds));
            post.conclude(name, diff, silenceId, "upgraded in service to " + outcome.releaseAfter());
            silenceId = "";
        }
        Result result = new Result(name, outcome, preCheck, silenceId, diff, diff == null || diff.passed(),
                diff == null ? List.of() : diff.reasons(),
                Duration.between(startedAt, context.clock().instant()).toMillis() / 1000.0, false);
        context.audit().ifPresent(a -> a.record(AuditKind.OUTCOME, name, result.passed()
                ? "upgraded in service to " + outcome.releaseAfter() : "failed: " + String.join("; ", result.reasons())));
        context.artifacts().save(ArtifactStore.switchFile(name, "issu.json"), Json.pretty(result.toMap()));
        return result;
    }

    /**
     * The ticket of a virtual chassis this data center has in flight, as its ledger's claim recorded it (the
     * silence, the address): what a host that restarted during the ISSU resumes with.
     */
    public Ticket inFlight(String target) {
        if (context.ledger().isEmpty()) {
            throw new IllegalStateException("issuUpgrade " + target + ": the ISSU cannot be resumed without the data "
                    + "center's ledger, which records what was sent");
        }
        return SwitchMemory.ticket(context, target).orElseThrow(() -> new IllegalStateException("issuUpgrade "
                + target + ": the ledger of " + context.ledger().get().datacenter() + " has no ISSU of it in flight; "
                + "nothing to resume"));
    }

    /**
     * Resumes an ISSU after its host restarted, sending nothing to the chassis (it goes on with the ISSU by itself):
     * follows it in Prometheus until the chassis runs {@code expectedRelease} or {@code deadline} passes, then the
     * same post-validation as {@link #run} against the pre snapshot ({@code pre.json}) and the ticket's silence.
     */
    public Result resume(Ticket ticket, String expectedRelease, Instant deadline, long settleSeconds) {
        String name = ticket.switchName();
        Snapshot pre = PostValidation.readPre(context, name);
        String version = null;
        while (context.clock().instant().isBefore(deadline)) {
            try {
                Snapshot now = context.snapshotReader().read(List.of(name)).get(name);
                version = now == null ? null : now.version();
                if (expectedRelease.equals(version)) {
                    break;
                }
            } catch (PrometheusException e) {
                context.console().log("issuUpgrade " + name + ": Prometheus not answering now (" + e.getMessage() + ")");
            }
            try {
                context.sleeper().sleep(FOLLOW_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("issuUpgrade was stopped while following the ISSU", e);
            }
        }
        if (!expectedRelease.equals(version)) {
            String why = name + " does not run " + expectedRelease + " (Prometheus reports " + version + ") by the"
                    + " end of the ISSU's phase limits; check the chassis (show microcode, show virtual-chassis"
                    + " topology)";
            SafeDisruption.expire(context, ticket.silenceId(), name, why);
            context.audit().ifPresent(a -> a.record(AuditKind.OUTCOME, name, "failed: " + why));
            SwitchMemory.settled(context, name, false, why);
            throw new IllegalStateException(why);
        }
        PostValidation post = new PostValidation(context);
        DiffReport diff = post.settle(name, pre, expectedRelease, Duration.ofSeconds(settleSeconds));
        post.conclude(name, diff, ticket.silenceId(), "upgraded in service to " + diff.postVersion()
                + " (followed after a restart)");
        context.audit().ifPresent(a -> a.record(AuditKind.OUTCOME, name, diff.passed() ? "upgraded in service to "
                + diff.postVersion() + " (followed in Prometheus after a restart)"
                : "failed: " + String.join("; ", diff.reasons())));
        return new Result(name, null, null, "", diff, diff.passed(), diff.reasons(), 0, true);
    }

    /** How often a resumed ISSU asks Prometheus which release the chassis runs. */
    private static final Duration FOLLOW_POLL = Duration.ofSeconds(5);

    /**
     * What an ISSU gave: the driver's outcome (none when resumed after a restart), its pre-check, the silence still
     * open (empty once expired here), the post diff (none with {@code diff: false}) and the verdict.
     */
    public record Result(String switchName, IssuOutcome outcome, IssuPreCheck preCheck, String silenceId,
                         DiffReport diff, boolean passed, List<String> reasons, double seconds, boolean resumed) {
        public Result {
            reasons = List.copyOf(reasons);
            silenceId = silenceId == null ? "" : silenceId;
        }

        /** The chassis' row on a host's build page: the diff's verdict, or back when the diff is left to diffMetrics. */
        public SwitchRow row(String expectedRelease) {
            String before = outcome == null ? null : outcome.releaseBefore().toString();
            String after = outcome != null ? outcome.releaseAfter().toString() : diff == null ? null
                    : diff.postVersion();
            SwitchRow own = new SwitchRow(switchName, null, null, before, expectedRelease, after,
                    diff == null ? SwitchRow.Status.BACK : null, diff == null ? "in-service upgrade done; runs " + after
                    : null, null, null);
            return diff == null ? own : own.over(SwitchRow.diffed(diff));
        }

        /** The Pipeline step's result fields. */
        public Map<String, Object> toMap() {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("switch", switchName);
            if (outcome != null) {
                result.putAll(without(outcome.toMap(), "switch", "startedAt", "endedAt", "seconds"));
            }
            if (preCheck != null) {
                Map<String, Object> check = preCheck.toMap();
                result.put("macRetention", check.remove("macRetention"));
                result.put("preCheck", check);
            }
            if (resumed) {
                result.put("passed", passed);
                result.put("releaseAfter", diff == null ? null : diff.postVersion());
                result.put("resumed", true);
            }
            result.put("silenceId", silenceId.isEmpty() ? null : silenceId);
            if (diff != null) {
                result.put("diff", diff.toMap());
            }
            result.put("passed", passed);
            result.put("reasons", reasons);
            if (!resumed) {
                result.put("seconds", seconds);
            }
            return result;
        }
    }

    private AosVirtualChassis driver(Request request, String name) {
        AosVirtualChassis.Builder builder = AosVirtualChassis.builder().imageDirectory(request.imageDirectory)
                .requireMacRetention(request.requireMacRetention).fixMacRetention(request.fixMacRetention)
                .limits(new AosVirtualChassis.PhaseLimits(Duration.ofSeconds(request.imageValidationSeconds),
                        Duration.ofSeconds(request.imageCopySeconds), Duration.ofSeconds(request.slaveRebootSeconds),
                        Duration.ofSeconds(request.masterRebootSeconds)))
                .pollInterval(request.pollInterval);
        try {
            builder.expectedRelease(request.expectedRelease);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("issuUpgrade expectedRelease: " + e.getMessage(), e);
        }
        if (request.fixMacRetention) {
            if (context.audit().isEmpty()) {
                throw new IllegalArgumentException("issuUpgrade fixMacRetention changes " + name + "'s configuration, "
                        + "which needs an audit trail; nothing was sent");
            }
            builder.configChangeListener((switchName, command, why) -> context.audit().get().record(
                    AuditKind.CONFIG_CHANGED, switchName, why, Map.of("command", command)));
        }
        return builder.build();
    }

    /** What keeps the virtual chassis from being touched: a missing metric, an unhealthy one, a failed verdict. */
    private List<String> preProblems(String name, Snapshot pre) {
        List<String> problems = new ArrayList<>();
        for (MetricDefinition metric : context.profile().metrics()) {
            Double value = pre.value(metric.name());
            if (value == null) {
                problems.add("metric " + metric.name() + " is missing for " + name + ": Prometheus has no series for "
                        + "it; check that its exporter is up and scraped");
            } else if (metric.siblingRule().kind() == SiblingRule.Kind.HEALTHY
                    && value != metric.siblingRule().healthyValue()) {
                problems.add(name + " is not healthy: " + metric.name() + " is " + Snapshot.format(value)
                        + ", healthy is " + Snapshot.format(metric.siblingRule().healthyValue()));
            }
        }
        String path = ArtifactStore.switchFile(name, "validation.json");
        context.artifacts().read(path).ifPresent(text -> {
            if (!Boolean.TRUE.equals(Json.parseObject(text, path).get("passed"))) {
                problems.add("validateSibling's verdict for " + name + " in this build did not pass (" + path + ")");
            }
        });
        return problems;
    }

    static Map<String, Object> without(Map<String, Object> map, String... keys) {
        Map<String, Object> copy = new LinkedHashMap<>(map);
        for (String key : keys) {
            copy.remove(key);
        }
        return copy;
    }

    /** The step's arguments, named as in the Pipeline. */
    public static final class Request {
        private String target;
        private String imageDirectory;
        private String expectedRelease;
        private boolean requireMacRetention = true;
        private boolean fixMacRetention;
        private long imageValidationSeconds = DEFAULT_LIMITS.imageValidation().toSeconds();
        private long imageCopySeconds = DEFAULT_LIMITS.imageCopy().toSeconds();
        private long slaveRebootSeconds = DEFAULT_LIMITS.perSlave().toSeconds();
        private long masterRebootSeconds = DEFAULT_LIMITS.masterReboot().toSeconds();
        private int silenceMinutes = 60;
        private long settleSeconds = DEFAULT_SETTLE_SECONDS;
        private boolean diff = true;
        private String reason;
        private Duration pollInterval = Duration.ofSeconds(5);

        /**
         * How long after its start an ISSU may take at most, settling included: the bound a host resuming it after
         * a restart follows the chassis for (two members, each slave rebooting in turn, then the master).
         */
        public Duration limit() {
            return Duration.ofSeconds(imageValidationSeconds + imageCopySeconds + 2 * slaveRebootSeconds
                    + masterRebootSeconds + settleSeconds);
        }

        /** The virtual chassis, by its name in Prometheus. */
        public Request target(String target) {
            this.target = target;
            return this;
        }

        /** The directory on the master's flash with the new images and issu_version, e.g. {@code new_firm}. */
        public Request imageDirectory(String imageDirectory) {
            this.imageDirectory = imageDirectory;
            return this;
        }

        /** The release every chassis must run afterwards, e.g. {@code 7.3.2.374.R01}. */
        public Request expectedRelease(String expectedRelease) {
            this.expectedRelease = expectedRelease;
            return this;
        }

        /** Refuse when stack MAC retention is off (default true). */
        public Request requireMacRetention(boolean requireMacRetention) {
            this.requireMacRetention = requireMacRetention;
            return this;
        }

        /** Enable stack MAC retention when it is off, recorded in the audit trail (default false). */
        public Request fixMacRetention(boolean fixMacRetention) {
            this.fixMacRetention = fixMacRetention;
            return this;
        }

        /** Limit for the master to validate the images (default 300 s). */
        public Request imageValidationSeconds(long seconds) {
            this.imageValidationSeconds = positive(seconds, "imageValidationSeconds");
            return this;
        }

        /** Limit for the slaves to copy the images (default 900 s). */
        public Request imageCopySeconds(long seconds) {
            this.imageCopySeconds = positive(seconds, "imageCopySeconds");
            return this;
        }

        /** Limit per slave, from its reboot until it acknowledged vc ready (default 1200 s). */
        public Request slaveRebootSeconds(long seconds) {
            this.slaveRebootSeconds = positive(seconds, "slaveRebootSeconds");
            return this;
        }

        /** Limit from the master's reboot until every chassis runs the new release (default 1200 s). */
        public Request masterRebootSeconds(long seconds) {
            this.masterRebootSeconds = positive(seconds, "masterRebootSeconds");
            return this;
        }

        public Request silenceMinutes(int minutes) {
            this.silenceMinutes = (int) positive(minutes, "silenceMinutes");
            return this;
        }

        /** How long the post diff may retry while BGP and links settle (default 120 s). */
        public Request settleSeconds(long seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("settleSeconds must be 0 or more, was " + seconds);
            }
            this.settleSeconds = seconds;
            return this;
        }

        /** Diff post against pre and expire the silence here (default true); false leaves both to diffMetrics. */
        public Request diff(boolean diff) {
            this.diff = diff;
            return this;
        }

        public Request reason(String reason) {
            this.reason = reason;
            return this;
        }

        /** How often the virtual chassis is polled while its master reboots (default 5 s). */
        public Request pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        private static long positive(long value, String what) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be 1 or more, was " + value);
            }
            return value;
        }
    }
}
