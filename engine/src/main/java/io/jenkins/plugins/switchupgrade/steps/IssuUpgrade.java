package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.await.AwaitException;
import io.jenkins.plugins.switchupgrade.campaign.SafeDisruption;
import io.jenkins.plugins.switchupgrade.campaign.SafetyException;
import io.jenkins.plugins.switchupgrade.campaign.SwitchMemory;
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
    private final StepContext context;

    public IssuUpgrade(StepContext context) {
        this.context = context;
    }

    public Map<String, Object> run(Request request) {
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
            context.artifacts().save(prePath, Json.pretty(Map.of(name, Map.of("pre", pre.toMap()))));
        }
        context.console().log(name + ": ---- " + pre.toSeedForm());
        context.console().log(preProblems.isEmpty() ? "Status: Pre upgrade validation passed!"
                : "Status: Pre upgrade validation failed: " + String.join("; ", preProblems));

        SafeDisruption safe = new SafeDisruption(context.withDriver(driver), Duration.ofMinutes(request.silenceMinutes))
                .plan(new SwitchMemory.Plan(pre, request.expectedRelease, 1, "", null));
        SafeDisruption.Started started;
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

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("switch", name);
        result.putAll(without(outcome.toMap(), "switch", "startedAt", "endedAt", "seconds"));
        if (started.preCheck() instanceof PreCheckResult.VirtualChassisReady ready) {
            Map<String, Object> preCheck = ready.check().toMap();
            result.put("macRetention", preCheck.remove("macRetention"));
            result.put("preCheck", preCheck);
        }
        result.put("silenceId", started.silence().isDisabled() ? null : started.silence().id());
        List<String> reasons = new ArrayList<>();
        boolean passed = true;
        if (request.diff) {
            DiffReport diff = settle(name, request, pre);
            result.put("diff", diff.toMap());
            passed = diff.passed();
            reasons.addAll(diff.reasons());
            SwitchMemory.settled(context, name, diff.passed(), diff.passed() ? "upgraded in service to "
                    + outcome.releaseAfter() : "post-upgrade validation failed: " + String.join("; ", diff.reasons()));
            context.audit().ifPresent(a -> a.record(diff.passed() ? AuditKind.DIFF_PASSED : AuditKind.DIFF_FAILED, name,
                    diff.passed() ? "post equals pre; runs " + diff.postVersion() : String.join("; ", diff.reasons())));
            safe.expire(started.silence(), name, diff.passed() ? "post-upgrade validation passed"
                    : "post-upgrade validation failed: " + String.join("; ", diff.reasons()));
            result.put("silenceId", null);
        }
        result.put("passed", passed);
        result.put("reasons", reasons);
        result.put("seconds", Duration.between(startedAt, context.clock().instant()).toMillis() / 1000.0);
        context.audit().ifPresent(a -> a.record(AuditKind.OUTCOME, name, result.get("passed") == Boolean.TRUE
                ? "upgraded in service to " + outcome.releaseAfter() : "failed: " + String.join("; ", reasons)));
        context.artifacts().save(ArtifactStore.switchFile(name, "issu.json"), Json.pretty(result));
        return result;
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

    /** Diffs until BGP and links have settled or the settle time is over; the last diff is the verdict. */
    private DiffReport settle(String name, Request request, Snapshot pre) {
        Instant deadline = context.clock().instant().plusSeconds(request.settleSeconds);
        while (true) {
            DiffReport diff = new DiffMetrics(context).diff(new DiffMetrics.Request().target(name)
                    .toVersion(request.expectedRelease).pre(pre.toMap()));
            if (diff.passed() || !context.clock().instant().isBefore(deadline)) {
                return diff;
            }
            context.console().log(name + ": not settled yet (" + String.join("; ", diff.reasons()) + "); checking again");
            try {
                context.sleeper().sleep(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return diff;
            }
        }
    }

    private static Map<String, Object> without(Map<String, Object> map, String... keys) {
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
        private long imageValidationSeconds = 300;
        private long imageCopySeconds = 900;
        private long slaveRebootSeconds = 1200;
        private long masterRebootSeconds = 1200;
        private int silenceMinutes = 60;
        private long settleSeconds = 120;
        private boolean diff = true;
        private String reason;
        private Duration pollInterval = Duration.ofSeconds(5);

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
