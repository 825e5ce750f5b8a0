package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.SilenceMatchers;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.campaign.ConfigCheck;
import io.jenkins.plugins.switchupgrade.core.DrainSettings;
import io.jenkins.plugins.switchupgrade.campaign.RoundOptions;
import io.jenkins.plugins.switchupgrade.campaign.RoundReport;
import io.jenkins.plugins.switchupgrade.core.SafetyException;
import io.jenkins.plugins.switchupgrade.campaign.SwitchResult;
import io.jenkins.plugins.switchupgrade.campaign.UpgradeRound;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie;
import io.jenkins.plugins.switchupgrade.drivers.aos.AosVirtualChassis;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.ledger.DatacenterLock;
import io.jenkins.plugins.switchupgrade.ledger.LedgerBlockedException;
import io.jenkins.plugins.switchupgrade.ledger.LedgerException;
import io.jenkins.plugins.switchupgrade.ports.FileFleetLock;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code switch-upgrade run}: an upgrade round against any fabric, with the report in the report directory. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, abbreviateSynopsis = true,
        description = {"Run an upgrade round against a fabric.",
                "Picks a switch at random among those on the from-version, checks it "
                + "against its rack sibling, silences its alerts, records the event, upgrades it, waits until it is "
                + "back and compares it with its state before; the first failure stops the round."},
        footerHeading = "%n", footer = SwitchUpgradeCommand.EXIT_CODES)
final class RoundCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // what the round upgrades
    @Mixin
    PrometheusOptions prometheus = new PrometheusOptions();

    @Mixin
    ScopeOptions scope = new ScopeOptions();

    @Option(names = "--to-version", paramLabel = "V", description = "Required. The OS version to upgrade to.")
    String toVersion;

    @Option(names = "--platform", paramLabel = "cumulus|aos", completionCandidates = Platforms.class,
            description = "cumulus (re-provisioning through ONIE) or aos (ISSU of an OmniSwitch virtual chassis); "
                    + "default: each switch's platform label.")
    String platform;

    @Option(names = "--max-switches", paramLabel = "N", defaultValue = "0",
            description = "Upgrade at most N switches (default: 0, all).")
    Integer maxSwitches;

    @Option(names = "--parallel-racks", paramLabel = "N", defaultValue = "1",
            description = "How many racks at a time, 1..64 (default: 1, the serial way; spines always one at a time).")
    Integer parallelRacks;

    @Option(names = "--max-skips", paramLabel = "N", defaultValue = "10",
            description = "Stop the round, with its report, after N candidates were skipped at validation "
                    + "(1..10000; default: ${DEFAULT-VALUE}).")
    Integer maxSkips;

    @Option(names = "--window", paramLabel = "WINDOW",
            description = "A maintenance window (repeatable), e.g. 'Mon-Fri 22:00-05:00 Europe/Berlin': a switch is "
                    + "started only if its expected duration ends inside a window; at the window's end the round "
                    + "stops with 'window closed, N remain', which is success (default: no window, any time).")
    List<String> windows = new ArrayList<>();

    @Option(names = "--expected-minutes", paramLabel = "M",
            description = "How long one switch is expected to take until this round has measured one, 1..1440 "
                    + "(default: the pace of the last round in --report-dir, else the seed's 30: 15 minutes of "
                    + "re-provisioning plus the validations).")
    Integer expectedMinutes;

    @Option(names = "--drain",
            description = "Drain each switch before its disruptive command (Cumulus: BGP graceful shutdown through "
                    + "vtysh; AOS: none, ISSU is in service) and prove from Prometheus that its traffic moved to its "
                    + "sibling; if it did not, the switch is undrained and nothing else is sent.")
    boolean drain;

    @Option(names = "--drain-traffic-query", paramLabel = "PROMQL",
            description = "With --drain: each switch's traffic in bytes per second, one series per switch, selected "
                    + "with instance=~\"$${switches}\" (default: node-exporter's transmit and receive byte rates of "
                    + "the swp ports).")
    String drainTrafficQuery;

    @Option(names = "--drain-threshold", paramLabel = "SHARE", defaultValue = "0.1",
            description = "With --drain: the share of its traffic before the drain a drained switch may still "
                    + "carry, 0..1 exclusive (default: ${DEFAULT-VALUE}).")
    Double drainThreshold;

    @Option(names = "--drain-seconds", paramLabel = "S", defaultValue = "120",
            description = "With --drain: how long the traffic may take to move (default: ${DEFAULT-VALUE}).")
    Integer drainSeconds;

    @Option(names = "--config-check",
            description = "Save each switch's configuration before its disruptive command beside pre.json (Cumulus: "
                    + "nv config show -o json, else /etc/network/interfaces, /etc/frr/frr.conf, /etc/frr/daemons; "
                    + "AOS: vcboot.cfg and vcsetup.cfg of the running directory), read it again after the return "
                    + "and fail the switch when it differs.")
    boolean configCheck;

    @Option(names = "--config-ignore", paramLabel = "REGEX",
            description = "With --config-check: a configuration key that may differ (repeatable; a regular "
                    + "expression over keys such as [1].set.interface.swp1.link.mtu, '/etc/frr/frr.conf: line' or "
                    + "'vcboot.cfg: line'; "
                    + "default: NVUE's header and anything named like a timestamp, last-changed, serial number "
                    + "or uptime).")
    List<String> configIgnore = new ArrayList<>();

    // how to reach the switches
    @Mixin
    SshOptions ssh = new SshOptions();

    @Option(names = "--site-command", paramLabel = "CMD",
            description = "The site's own re-provisioning command instead of 'onie-select -i -f' then 'reboot', "
                    + "e.g. '/root/run_switch_provision.sh -F'.")
    String siteCommand;

    @Option(names = "--image-dir", paramLabel = "DIR", defaultValue = "new_firm",
            description = "AOS: the directory on the master holding the new image (default: ${DEFAULT-VALUE}).")
    String imageDir;

    @Option(names = "--fix-mac-retention",
            description = "AOS: enable MAC retention when it is off (recorded as a configuration change) instead "
                    + "of refusing the switch.")
    boolean fixMacRetention;

    // alerts and audit
    @Option(names = "--alertmanager", paramLabel = "URL",
            description = "The Alertmanager that takes the silences (required unless --no-silence).")
    String alertmanager;

    @Option(names = "--no-silence", description = "Do not silence alerts (recorded in the audit trail).")
    boolean noSilence;

    @Option(names = "--silence-matcher", paramLabel = "MATCHERS",
            description = "One silence per flag (repeatable), its matchers separated by commas; {switch} is the "
                    + "switch's name, e.g. --silence-matcher 'instance=~\"{switch}(:\\d+)?\"' --silence-matcher "
                    + "'alertname=\"BGPPeerDown\",peer=\"{switch}\"' (default: one silence, instance=\"{switch}\"). "
                    + "A matcher that could mute another switch is refused.")
    List<String> silenceMatchers = new ArrayList<>();

    @Option(names = "--silence-minutes", paramLabel = "M", defaultValue = "60",
            description = "How long a switch's silence lasts at most, 1..1440 (default: ${DEFAULT-VALUE}); it is "
                    + "expired as soon as the switch is done.")
    Integer silenceMinutes;

    @Option(names = "--audit-webhook", paramLabel = "URL",
            description = "Also POST every audit event here; a refused event stops the round before the command.")
    String auditWebhook;

    // waits
    @Option(names = "--down-seconds", paramLabel = "S", defaultValue = "" + ExporterAwait.DEFAULT_DOWN_SECONDS,
            description = "How long a switch may take to go down after the command (default: ${DEFAULT-VALUE}).")
    Integer downSeconds;

    @Option(names = "--up-seconds", paramLabel = "S", defaultValue = "" + ExporterAwait.DEFAULT_UP_SECONDS,
            description = "How long it may take to come back, port 9100 open (default: ${DEFAULT-VALUE}).")
    Integer upSeconds;

    @Option(names = "--fresh-seconds", paramLabel = "S", defaultValue = "" + ExporterAwait.DEFAULT_FRESH_SECONDS,
            description = "How long Prometheus may take to scrape it once it is back (default: ${DEFAULT-VALUE}).")
    Integer freshSeconds;

    @Option(names = "--settle-seconds", paramLabel = "S", defaultValue = "120",
            description = "How long BGP and links may take to settle before the post-validation's verdict "
                    + "(default: ${DEFAULT-VALUE}).")
    Integer settleSeconds;

    // where the results go
    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "switch-upgrade-report",
            description = "Where report.json, report.html, audit.jsonl and the snapshots go "
                    + "(default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where this host keeps each datacenter's lock (DC.lock) and ledger (DC.ledger.jsonl), "
                    + "whatever the report directory (default: $XDG_STATE_HOME/switch-upgrade, else "
                    + "~/.local/state/switch-upgrade; /var/lib/switch-upgrade as root).")
    String stateDir;

    @Option(names = "--resume",
            description = "Complete a switch an earlier round left in flight (killed, interrupted) when its state can "
                    + "be established: rebooted, back, on the to-version, equal to its recorded pre snapshot; "
                    + "otherwise it stays blocked.")
    boolean resume;

    @Option(names = "--lock-file", paramLabel = "FILE",
            description = "Deprecated: the datacenter's lock in --state-dir is always taken; a lock file given here "
                    + "is taken besides it.")
    Path lockFile;

    @Option(names = "--metrics-file", paramLabel = "FILE",
            description = "Write the round's own metrics (switches upgraded, failed, skipped, remaining; round start, "
                    + "end, last success) in the Prometheus text format to FILE, for the node exporter's textfile "
                    + "collector (e.g. /var/lib/prometheus/node-exporter/switch-upgrade.prom); replaced atomically.")
    Path metricsFile;

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            description = "text (default) or json: report.json on standard output, the progress on standard error.")
    OutputFormat output;

    @Option(names = "--fail-if-nothing-to-do",
            description = "Exit 1 when no switch matches, so that a nightly job with a typo fails instead of "
                    + "looking done.")
    boolean failIfNothingToDo;

    @Option(names = "--verbose", description = "Print every audit event in full beside the progress lines.")
    boolean verbose;

    @Override
    public Integer call() {
        Io io = Io.of(spec);
        boolean json = output == OutputFormat.JSON;
        Result result = execute(json ? io.err() : io.out(), null);
        if (json) {
            io.out().println(result.report() == null
                    ? Json.pretty(Map.of("exitCode", result.exitCode(), "error", result.problem()))
                    : Json.pretty(result.report().toMap()));
        }
        return result.exitCode();
    }

    /** A round's exit code and, when it ran, its report; else why it did not run. */
    record Result(int exitCode, RoundReport report, String problem) {
        Result(int exitCode, RoundReport report) {
            this(exitCode, report, "");
        }
    }

    /** Every required flag that is missing, all at once. */
    void requireFlags() {
        Flags flags = new Flags();
        prometheus.require(flags);
        scope.require(flags);
        ssh.require(flags);
        flags.require(toVersion, "--to-version", "5.10.0")
                .requireThat(noSilence || (alertmanager != null && !alertmanager.isBlank()),
                        "--alertmanager is required, e.g. --alertmanager http://127.0.0.1:9093 (or --no-silence)");
        flags.check("run");
    }

    /** The configured silences; a matcher that is not tied to the switch is a usage error, not a wider silence. */
    private SilenceMatchers silenceMatchers() {
        try {
            return SilenceMatchers.parse(silenceMatchers);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--silence-matcher: " + e.getMessage());
        }
    }

    RoundOptions options() {
        try {
            return new RoundOptions(scope.datacenter, scope.parsedRole(), scope.fromVersion, toVersion,
                    scope.checkedPosition(), Flags.within("--max-switches", maxSwitches, 0, 100_000),
                    Flags.within("--parallel-racks", parallelRacks, 1, 64), scope.seed,
                    Duration.ofMinutes(Flags.within("--silence-minutes", silenceMinutes, 1, 24 * 60)),
                    Duration.ofSeconds(Flags.within("--settle-seconds", settleSeconds, 0, 3600)), scope.exclude(),
                    Flags.within("--max-skips", maxSkips, 1, 10_000))
                    .withWindows(Flags.windows(windows), expectedPerSwitch()).withDrain(drainSettings())
                    .withConfigCheck(configCheck());
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private ConfigCheck configCheck() {
        try {
            return new ConfigCheck(configCheck, configIgnore);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--config-ignore: " + e.getMessage());
        }
    }

    private DrainSettings drainSettings() {
        if (!drain) {
            return DrainSettings.off();
        }
        try {
            return new DrainSettings(true, drainTrafficQuery, drainThreshold == null ? 0.1 : drainThreshold,
                    Duration.ofSeconds(Flags.within("--drain-seconds", drainSeconds, 1, 3600)));
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--drain: " + e.getMessage());
        }
    }

    /** {@code --expected-minutes}, else the pace of the report directory's last round, else the seed's. */
    private Duration expectedPerSwitch() {
        if (expectedMinutes != null) {
            return Duration.ofMinutes(Flags.within("--expected-minutes", expectedMinutes, 1, 24 * 60));
        }
        StatusCommand.Pace pace = StatusCommand.pace(reportDir);
        return pace.source().startsWith("measured") ? pace.perSwitch() : RoundOptions.SEED_PACE;
    }

    /**
     * Runs one round with the services the flags name, progress to {@code lines}; {@code sharedAudit} is the demo's
     * trail when it runs several rounds (null: a trail of this round's own).
     */
    Result execute(PrintStream lines, AuditTrail sharedAudit) {
        requireFlags();
        SilenceMatchers matchers = silenceMatchers.isEmpty() ? null : silenceMatchers();
        RoundOptions options = options();
        StepContext readOnly = PlanCommand.context(prometheus, reportDir, lines);
        Function<Switch, SshTarget> sshTargets = ssh.targets("nothing was silenced or sent");
        AlertSilencer silencer;
        if (noSilence) {
            silencer = AlertSilencer.disabled();
        } else {
            try {
                AlertSilencer.Builder builder = AlertSilencer.builder(alertmanager);
                if (matchers != null) {
                    builder.matchers(matchers);
                }
                silencer = builder.build();
            } catch (IllegalArgumentException e) {
                throw new UsageException("--alertmanager: " + e.getMessage());
            }
        }
        String actor = RoundGuard.actor();
        AuditTrail audit = sharedAudit;
        if (audit == null) {
            AuditLines console = AuditLines.console(lines, verbose);
            AuditTrail.Builder builder = AuditTrail.builder(actor).console(console)
                    .jsonLines(reportDir.resolve("audit.jsonl"));
            if (auditWebhook != null) {
                builder.webhook(auditWebhook);
            }
            audit = console.bind(builder.build());
        }
        ExporterAwait.Settings await = ExporterAwait.Settings.defaults().withLimits(
                Duration.ofSeconds(Flags.within("--down-seconds", downSeconds, 1, 86_400)),
                Duration.ofSeconds(Flags.within("--up-seconds", upSeconds, 1, 86_400)),
                Duration.ofSeconds(Flags.within("--fresh-seconds", freshSeconds, 1, 86_400)));
        CumulusOnie.Builder cumulus = CumulusOnie.builder();
        if (siteCommand != null) {
            cumulus.siteCommand(siteCommand);
        }
        if (platform != null && !Platforms.ALL.contains(platform)) {
            throw new UsageException("--platform must be cumulus or aos, was '" + platform + "'");
        }
        AosVirtualChassis aos = aosDriver(options, audit);
        FileFleetLock extra = null;
        try (RoundGuard guard = RoundGuard.acquire(stateDir, options.datacenter(), reportDir, actor, audit)) {
            if (lockFile != null) {
                lines.println("switch-upgrade: --lock-file is deprecated: the lock of " + options.datacenter()
                        + " in the state directory (" + guard.lock().file() + ") is always taken; " + lockFile
                        + " is taken besides it");
                extra = FileFleetLock.acquire(lockFile, actor);
            }
            StepContext context = StepContext.builder().prometheus(readOnly.prometheus()).profile(readOnly.profile())
                    .console(lines::println).artifacts(readOnly.artifacts()).audit(audit).silencer(silencer)
                    .lock(guard.lock()).ledger(guard.ledger()).driver(cumulus.build()).awaitSettings(await)
                    .actor(actor).platformOverride(platform)
                    .sshTargets(sshTargets)
                    .build();
            if (aos != null) {
                context = context.withDriver(aos);
            }
            UpgradeRound round = new UpgradeRound(context).resumeInFlight(resume);
            RoundReport report;
            // a stopped round gives its lock back cleanly; the ledger, not the lock, says what it left in flight
            try (RoundSignals signals = RoundSignals.install(round, guard::close)) {
                report = round.run(options);
            }
            if (metricsFile != null) {
                writeMetrics(report, context, lines);
            }
            int exit = exitCode(report);
            if (report.status() == RoundReport.Status.NOTHING_TO_DO) {
                lines.println("Seen in " + options.datacenter() + ": "
                        + FleetVersions.read(context.fleetReader(), options.datacenter()).summary());
                if (failIfNothingToDo) {
                    lines.println("Nothing matched and --fail-if-nothing-to-do is given: exit 1");
                    exit = ExitCode.FAILED;
                }
            }
            lines.println("Report: " + reportDir.resolve("report.html").toAbsolutePath());
            return new Result(exit, report);
        } catch (DatacenterLock.HeldException | FileFleetLock.LockUnavailableException | LedgerException e) {
            // another round holds the datacenter, or its lock or ledger cannot be used: nothing was touched
            lines.println("switch-upgrade: " + e.getMessage());
            return new Result(ExitCode.SERVICE_UNUSABLE, null, e.getMessage());
        } catch (LedgerBlockedException e) {
            // a failed or forgotten switch: the seed's "do not move on" across rounds
            lines.println("switch-upgrade: " + e.getMessage());
            return new Result(ExitCode.FAILED, null, e.getMessage());
        } catch (SafetyException e) {
            lines.println("switch-upgrade: " + e.getMessage());
            return new Result(e.nothingSent() ? ExitCode.SERVICE_UNUSABLE : ExitCode.FAILED, null, e.getMessage());
        } finally {
            if (extra != null) {
                extra.close();
            }
        }
    }

    private void writeMetrics(RoundReport report, StepContext context, PrintStream lines) {
        Integer remaining = null;
        try {
            remaining = (int) context.fleetReader().read(report.datacenter(), scope.parsedRole()).switches().stream()
                    .filter(s -> s.version().equals(report.fromVersion())).count();
        } catch (RuntimeException e) {
            lines.println("WARNING: the switches remaining could not be counted for " + metricsFile + ": "
                    + e.getMessage());
        }
        RoundMetrics.write(metricsFile, report, remaining);
        lines.println("Metrics: " + metricsFile.toAbsolutePath());
    }

    /**
     * The AOS virtual-chassis ISSU driver (image directory {@code --image-dir}; the round's to-version as the
     * expected release; {@code --fix-mac-retention} recorded as config-changed), or null when the to-version is no
     * AOS release and the platform is not aos.
     */
    AosVirtualChassis aosDriver(RoundOptions options, AuditTrail audit) {
        try {
            return AosVirtualChassis.builder().imageDirectory(imageDir)
                    .expectedRelease(options.toVersion()).fixMacRetention(fixMacRetention)
                    .pollInterval(Duration.ofSeconds(2))
                    .configChangeListener((name, command, why) -> audit.record(AuditKind.CONFIG_CHANGED, name, why,
                            Map.of("command", command)))
                    .build();
        } catch (IllegalArgumentException e) {
            if ("aos".equals(platform)) {
                throw new UsageException("--platform aos: " + e.getMessage());
            }
            return null;
        }
    }

    /**
     * 0 completed or nothing to do; 3 aborted before any switch was touched; 1 aborted on a touched switch, or
     * interrupted, or stopped by --max-skips (a person looks at the skipped racks).
     */
    static int exitCode(RoundReport report) {
        if (report.status() == RoundReport.Status.INTERRUPTED) {
            return ExitCode.FAILED;
        }
        if (report.status() != RoundReport.Status.ABORTED) {
            return ExitCode.OK;
        }
        if (report.reason().startsWith(UpgradeRound.SKIP_BOUND_REACHED)) {
            return ExitCode.FAILED;
        }
        boolean touched = report.switches().stream().anyMatch(s -> s.outcome() == SwitchResult.Outcome.UPGRADED
                || (s.outcome() == SwitchResult.Outcome.FAILED && s.touch().touched()));
        return touched ? ExitCode.FAILED : ExitCode.SERVICE_UNUSABLE;
    }

    /** The platforms {@code --platform} accepts. */
    static final class Platforms extends ArrayList<String> {
        static final List<String> ALL = List.of("cumulus", "aos");

        Platforms() {
            super(ALL);
        }
    }
}
