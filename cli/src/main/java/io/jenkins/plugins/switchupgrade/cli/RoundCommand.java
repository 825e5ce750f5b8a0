package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.campaign.RoundOptions;
import io.jenkins.plugins.switchupgrade.campaign.RoundReport;
import io.jenkins.plugins.switchupgrade.campaign.SafetyException;
import io.jenkins.plugins.switchupgrade.campaign.SwitchResult;
import io.jenkins.plugins.switchupgrade.campaign.UpgradeRound;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie;
import io.jenkins.plugins.switchupgrade.drivers.aos.AosVirtualChassis;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.ports.FileFleetLock;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import io.jenkins.plugins.switchupgrade.steps.StepContext;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code switch-upgrade run}: an upgrade round against any fabric, with the report in the report directory. */
final class RoundCommand {
    static final Set<String> FLAGS = Set.of("prometheus", "datacenter", "role", "from-version", "to-version",
            "position", "platform", "max-switches", "parallel-racks", "ssh-user", "ssh-key", "known-hosts", "ssh-port",
            "alertmanager", "audit-webhook", "report-dir", "lock-file", "seed", "metrics-profile", "max-inventory",
            "site-command", "settle-seconds", "down-seconds", "up-seconds", "fresh-seconds", "silence-minutes",
            "exclude", "image-dir");
    static final Set<String> SWITCHES = Set.of("no-silence", "fix-mac-retention");

    private RoundCommand() {
    }

    static int run(List<String> argv, PrintStream out) {
        Args args = Args.parse(argv, FLAGS, SWITCHES);
        Role role = parseRole(args.required("role", "leaf"));
        RoundOptions options = options(args, role);
        return execute(args, options, out, null).exitCode();
    }

    /** A round's exit code and, when it ran, its report. */
    record Result(int exitCode, RoundReport report) {
    }

    static Role parseRole(String text) {
        try {
            return Role.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--role " + e.getMessage().replace("role ", ""));
        }
    }

    static RoundOptions options(Args args, Role role) {
        try {
            return new RoundOptions(args.required("datacenter", "dc1"), role, args.required("from-version", "5.9.1"),
                    args.required("to-version", "5.10.0"), args.integer("position", null, 1, 2),
                    args.integer("max-switches", 0, 0, 100_000), args.integer("parallel-racks", 1, 1, 64),
                    args.longValue("seed"), Duration.ofMinutes(args.integer("silence-minutes", 60, 1, 24 * 60)),
                    Duration.ofSeconds(args.integer("settle-seconds", 120, 0, 3600)), args.all("exclude"));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
    }

    /**
     * Runs one round with the services the flags name; {@code audit} is shared when the demo runs several rounds.
     * Returns the exit code.
     */
    static Result execute(Args args, RoundOptions options, PrintStream out, AuditTrail sharedAudit) {
        StepContext readOnly = PlanCommand.context(args, out);
        Path reportDir = Path.of(args.has("report-dir") ? args.get("report-dir") : "switch-upgrade-report");
        String user = args.required("ssh-user", "root");
        Path key = existing(args.required("ssh-key", "~/.ssh/id_ed25519"), "ssh-key");
        Path knownHosts = existing(args.required("known-hosts", "~/.ssh/known_hosts"), "known-hosts");
        int sshPort = args.integer("ssh-port", 22, 1, 65535);
        AlertSilencer silencer;
        if (args.has("no-silence")) {
            silencer = AlertSilencer.disabled();
        } else {
            try {
                silencer = AlertSilencer.builder(args.required("alertmanager", "http://127.0.0.1:9093 (or --no-silence)"))
                        .build();
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("--alertmanager: " + e.getMessage());
            }
        }
        String actor = "switch-upgrade run by " + System.getProperty("user.name", "unknown");
        AuditTrail audit = sharedAudit;
        if (audit == null) {
            AuditTrail.Builder builder = AuditTrail.builder(actor).console(out::println)
                    .jsonLines(reportDir.resolve("audit.jsonl"));
            if (args.has("audit-webhook")) {
                builder.webhook(args.get("audit-webhook"));
            }
            audit = builder.build();
        }
        ExporterAwait.Settings await = ExporterAwait.Settings.defaults().withLimits(
                Duration.ofSeconds(args.integer("down-seconds", 300, 1, 86_400)),
                Duration.ofSeconds(args.integer("up-seconds", 1800, 1, 86_400)),
                Duration.ofSeconds(args.integer("fresh-seconds", 120, 1, 86_400)));
        CumulusOnie.Builder cumulus = CumulusOnie.builder();
        if (args.has("site-command")) {
            cumulus.siteCommand(args.get("site-command"));
        }
        String platform = args.get("platform");
        if (platform != null && !Set.of("cumulus", "aos").contains(platform)) {
            throw new Args.UsageException("--platform must be cumulus or aos, was '" + platform + "'");
        }
        AosVirtualChassis aos = aosDriver(args, options, platform, audit);
        Path lockFile = Path.of(args.has("lock-file") ? args.get("lock-file")
                : reportDir.resolve("switch-upgrade-" + options.datacenter() + ".lock").toString());
        try (FileFleetLock lock = FileFleetLock.acquire(lockFile, actor)) {
            StepContext context = StepContext.builder().prometheus(readOnly.prometheus()).profile(readOnly.profile())
                    .console(out::println).artifacts(readOnly.artifacts()).audit(audit).silencer(silencer).lock(lock)
                    .driver(cumulus.build()).awaitSettings(await).actor(actor).platformOverride(platform)
                    .sshTargets(s -> SshTarget.builder().name(s.name()).host(s.address()).port(sshPort).user(user)
                            .privateKeyFile(key).knownHostsFile(knownHosts).build())
                    .build();
            if (aos != null) {
                context = context.withDriver(aos);
            }
            RoundReport report = new UpgradeRound(context).run(options);
            out.println("Report: " + reportDir.resolve("report.html").toAbsolutePath());
            return new Result(exitCode(report), report);
        } catch (FileFleetLock.LockUnavailableException e) {
            out.println("switch-upgrade: " + e.getMessage());
            return new Result(ExitCode.SERVICE_UNUSABLE, null);
        } catch (SafetyException e) {
            out.println("switch-upgrade: " + e.getMessage());
            return new Result(e.nothingSent() ? ExitCode.SERVICE_UNUSABLE : ExitCode.FAILED, null);
        }
    }

    /**
     * The AOS virtual-chassis ISSU driver (image directory {@code --image-dir}, default new_firm; the round's
     * to-version as the expected release; {@code --fix-mac-retention} recorded as config-changed), or null when the
     * to-version is no AOS release and the platform is not aos.
     */
    static AosVirtualChassis aosDriver(Args args, RoundOptions options, String platform, AuditTrail audit) {
        try {
            return AosVirtualChassis.builder().imageDirectory(args.has("image-dir") ? args.get("image-dir") : "new_firm")
                    .expectedRelease(options.toVersion()).fixMacRetention(args.has("fix-mac-retention"))
                    .pollInterval(Duration.ofSeconds(2))
                    .configChangeListener((name, command, why) -> audit.record(AuditKind.CONFIG_CHANGED, name, why,
                            java.util.Map.of("command", command)))
                    .build();
        } catch (IllegalArgumentException e) {
            if ("aos".equals(platform)) {
                throw new Args.UsageException("--platform aos: " + e.getMessage());
            }
            return null;
        }
    }

    /** 0 completed or nothing to do; 3 aborted before any switch was touched; 1 aborted on a touched switch. */
    static int exitCode(RoundReport report) {
        if (report.status() != RoundReport.Status.ABORTED) {
            return ExitCode.OK;
        }
        boolean touched = report.switches().stream().anyMatch(s -> s.outcome() == SwitchResult.Outcome.UPGRADED
                || (s.outcome() == SwitchResult.Outcome.FAILED && !s.reason().startsWith("not touched:")));
        return touched ? ExitCode.FAILED : ExitCode.SERVICE_UNUSABLE;
    }

    private static Path existing(String file, String flag) {
        Path path = Path.of(file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file);
        if (!Files.isReadable(path)) {
            throw new Args.UsageException("--" + flag + " " + file + " is not a readable file");
        }
        return path;
    }
}
