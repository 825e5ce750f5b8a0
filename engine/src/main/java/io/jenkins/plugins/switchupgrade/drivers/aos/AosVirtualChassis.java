package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;
import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.drivers.DriverResult;
import io.jenkins.plugins.switchupgrade.drivers.PreCheckResult;
import io.jenkins.plugins.switchupgrade.drivers.SwitchConfiguration;
import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver;
import io.jenkins.plugins.switchupgrade.drivers.SwitchLink;
import io.jenkins.plugins.switchupgrade.drivers.Touch;
import io.jenkins.plugins.switchupgrade.ports.Console;
import io.jenkins.plugins.switchupgrade.ssh.SshException;
import io.jenkins.plugins.switchupgrade.ssh.SshShell;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Upgrades an Alcatel-Lucent OmniSwitch virtual chassis in service (ISSU) over its {@code -> } shell, as the
 * mission's story B does it, and follows the upgrade to its end.
 *
 * <p>Pre-check (read-only unless the MAC retention fix is asked for): every chassis {@code Running}, the running
 * release, the image directory with an image and its {@code issu_version}, stack MAC retention. Disruption: stage
 * the configuration ({@code cp working/vcboot.cfg <dir>}, {@code cp working/vcsetup.cfg <dir>}, {@code write memory
 * flash-synchro}, checked), {@code issu from <dir>} answered {@code y}, then every {@code +++ VCISSU:} message as
 * progress; known noise is shown, not judged. When the master reboots the session drops; the driver reconnects and
 * polls topology and microcode until every chassis is back {@code Running} on the expected release. A VCISSU failure,
 * a phase over its limit, a chassis that does not return, or another release stops with a {@link DriverException};
 * nothing further is sent.
 */
public final class AosVirtualChassis implements SwitchDriver {
    public static final String PLATFORM = "aos";
    public static final String TOPOLOGY = VirtualChassisTopology.COMMAND;
    public static final String MICROCODE = Microcode.COMMAND;
    public static final String MAC_RETENTION_STATUS = MacRetentionStatus.COMMAND;
    public static final String FLASH_SYNCHRO = FlashSynchroResult.COMMAND;
    public static final String SHOW_SYSTEM = "show system";
    private static final Pattern SYSTEM_NAME = Pattern.compile("(?m)^\\s*Name:\\s*(\\S(?:.*?\\S)?)\\s*,?\\s*$");
    public static final String RUNNING_DIRECTORY = RunningDirectory.COMMAND;
    /** The configuration files ISSU needs next to the new images. */
    public static final List<String> STAGED_FILES = List.of("vcboot.cfg", "vcsetup.cfg");

    /** The evidence format of {@link #readConfiguration}: the configuration files by name. */
    public static final String CONFIG_FORMAT = "aos-files";
    private static final Pattern INVALID_ENTRY = Pattern.compile("(?i)^\\s*ERROR:\\s*Invalid entry");
    private static final Pattern READ_FAILED = Pattern.compile("(?i)^\\s*(ERROR\\b|cat:|more:)|no such file");

    private static final Pattern DEFAULT_PROMPT = Pattern.compile("-> ");
    private static final Pattern EVERY_LINE = Pattern.compile("^");
    private static final Pattern QUESTION = Pattern.compile("\\((?i:y/n)\\)");
    private static final Pattern COPY_FAILED = Pattern.compile("(?i)^\\s*(ERROR\\b|cp:)|cannot|no such file|"
            + "no space|not enough space|read-only");

    /**
     * Told right before the driver changes a switch's configuration (the MAC retention fix), so that the caller can
     * record it in the audit trail; throwing stops the change.
     */
    @FunctionalInterface
    public interface ConfigChangeListener {
        void beforeChange(String switchName, String command, String reason);
    }

    /**
     * How long each phase of the ISSU may take: image validation on the master, copying to the slaves, each slave's
     * reboot until it acknowledged vc ready, and the master's reboot until every chassis is back on the new release.
     */
    public record PhaseLimits(Duration imageValidation, Duration imageCopy, Duration perSlave, Duration masterReboot) {
        public PhaseLimits {
            positive(imageValidation, "imageValidation");
            positive(imageCopy, "imageCopy");
            positive(perSlave, "perSlave");
            positive(masterReboot, "masterReboot");
        }

        /** 5 min to validate, 15 min to copy, 20 min per slave and for the master (the seed's slave took 5 min). */
        public static PhaseLimits defaults() {
            return new PhaseLimits(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(20),
                    Duration.ofMinutes(20));
        }
    }

    private final String imageDirectory;
    private final Release expectedRelease;
    private final boolean requireMacRetention;
    private final boolean fixMacRetention;
    private final ConfigChangeListener configChangeListener;
    private final PhaseLimits limits;
    private final Duration pollInterval;
    private final Duration stagingTimeout;
    private final Pattern prompt;
    private final SwitchLink link;

    private AosVirtualChassis(Builder b) {
        this.imageDirectory = b.imageDirectory;
        this.expectedRelease = b.expectedRelease;
        this.requireMacRetention = b.requireMacRetention;
        this.fixMacRetention = b.fixMacRetention;
        this.configChangeListener = b.configChangeListener;
        this.limits = b.limits;
        this.pollInterval = b.pollInterval;
        this.stagingTimeout = b.stagingTimeout;
        this.prompt = b.prompt;
        this.link = b.link;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String platform() {
        return PLATFORM;
    }

    @Override
    public AuditKind disruptionKind() {
        return AuditKind.DISRUPTION_SENT;
    }

    @Override
    public Optional<SwitchConfiguration> configurationEvidence(SshTarget target) throws DriverException {
        return Optional.of(readConfiguration(target));
    }

    @Override
    public String withoutDrain() {
        return "ISSU keeps the virtual chassis forwarding; nothing to drain";
    }

    public String imageDirectory() {
        return imageDirectory;
    }

    public Release expectedRelease() {
        return expectedRelease;
    }

    public PhaseLimits limits() {
        return limits;
    }

    @Override
    public String readVersion(SshTarget target) throws DriverException {
        try (AosShell shell = AosShell.open(link, target, prompt)) {
            Microcode microcode = parse(shell, MICROCODE, Microcode::parse);
            try {
                return microcode.release().toString();
            } catch (CliOutputException e) {
                throw DriverException.notTouched(target.name(), target.name() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String identity(SshTarget target) throws DriverException {
        try (AosShell shell = AosShell.open(link, target, prompt)) {
            String output = shellOutput(shell.run(SHOW_SYSTEM));
            java.util.regex.Matcher name = SYSTEM_NAME.matcher(output);
            if (!name.find()) {
                throw DriverException.notTouched(target.name(), target.describe() + ": '" + SHOW_SYSTEM + "' answered "
                        + quote(output) + " without the 'Name:' line of the system's name; nothing was sent", null);
            }
            return name.group(1).replaceAll(",$", "");
        }
    }

    /**
     * Reads the virtual chassis' configuration files ({@code vcboot.cfg}, {@code vcsetup.cfg}) from the directory it
     * runs from ({@code show running-directory}: {@code working} before the ISSU, the image directory after it), as
     * evidence keyed by file name so that before and after compare across directories. Read-only: {@code cat}, or
     * {@code more} where the release does not know {@code cat}.
     */
    public SwitchConfiguration readConfiguration(SshTarget target) throws DriverException {
        String name = target.name();
        try (AosShell shell = AosShell.open(link, target, prompt)) {
            RunningDirectory running = parse(shell, RUNNING_DIRECTORY, RunningDirectory::parse);
            // WORKING and CERTIFIED are printed in capitals; a directory of the site's is printed as it is named
            String printed = running.runningConfiguration().trim().replaceFirst("^/flash/", "");
            String directory = printed.equalsIgnoreCase("WORKING") || printed.equalsIgnoreCase("CERTIFIED")
                    ? printed.toLowerCase(java.util.Locale.ROOT) : printed;
            java.util.Map<String, String> files = new java.util.LinkedHashMap<>();
            for (String file : STAGED_FILES) {
                String path = directory + "/" + file;
                String text = shellOutput(shell.run("cat " + path));
                if (text.lines().findFirst().map(l -> INVALID_ENTRY.matcher(l).find()).orElse(false)) {
                    text = shellOutput(shell.run("more " + path));
                }
                if (text.isEmpty() || text.lines().anyMatch(l -> READ_FAILED.matcher(l).find())) {
                    throw DriverException.notTouched(name, name + ": the configuration file /flash/" + path + " could not "
                            + "be read: " + quote(text) + "; expected its text (the running directory is "
                            + running.runningConfiguration() + "). Nothing was sent", null);
                }
                files.put(file, text);
            }
            return new SwitchConfiguration(CONFIG_FORMAT, files);
        }
    }

    /**
     * What a read-only preflight sees on a virtual chassis, whatever release it is to be upgraded to: every chassis
     * and its state, the release they run, and the stack MAC retention verdict. Sends nothing but read-outs.
     */
    public record Health(VirtualChassisTopology topology, Release running, MacRetentionCheck macRetention) {
    }

    /** Reads {@link Health} over {@code link} behind the default {@code -> } prompt. */
    public static Health readHealth(SwitchLink link, SshTarget target) throws DriverException {
        try (AosShell shell = AosShell.open(link, target, DEFAULT_PROMPT)) {
            VirtualChassisTopology topology = parse(shell, TOPOLOGY, VirtualChassisTopology::parse);
            Microcode microcode = parse(shell, MICROCODE, Microcode::parse);
            String name = target.name();
            try {
                Release running = microcode.release();
                return new Health(topology, running, MacRetentionCheck.evaluate(running,
                        shell.run(MAC_RETENTION_STATUS)));
            } catch (CliOutputException e) {
                throw DriverException.notTouched(name, name + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public PreCheckResult preCheck(SshTarget target, Console console) throws DriverException {
        return new PreCheckResult.VirtualChassisReady(inspect(target, console));
    }

    /**
     * The pre-check with what it found. Throws with the reason and the fix when the virtual chassis must not be
     * upgraded; sends nothing but read-outs, except {@code mac-retention status enable} when the fix was asked for
     * (announced to the {@link ConfigChangeListener} first).
     */
    public IssuPreCheck inspect(SshTarget target, Console console) throws DriverException {
        String name = target.name();
        try (AosShell shell = AosShell.open(link, target, prompt)) {
            VirtualChassisTopology topology = healthyTopology(shell, "the ISSU pre-check");
            Release running = runningRelease(shell);
            ImageDirectory directory = images(shell);
            console.log(name + ": virtual chassis of " + topology.members().size() + " chassis, every one Running ("
                    + topology.members().stream().map(ChassisMember::describe).collect(Collectors.joining(", "))
                    + "); runs AOS " + running + "; /flash/" + imageDirectory + " holds "
                    + String.join(", ", directory.files()));
            String statusOutput = shell.run(MAC_RETENTION_STATUS);
            MacRetentionCheck check = macRetention(name, running, statusOutput);
            boolean fixed = false;
            if (!check.passed()) {
                if (fixMacRetention) {
                    check = fixMacRetention(shell, name, running, check, console);
                    fixed = true;
                } else if (requireMacRetention) {
                    throw DriverException.notTouched(name, name + ": stack MAC retention pre-check failed: " + check.reason()
                            + " Nothing was changed or sent. To let the upgrade enable it, set fixMacRetention "
                            + "(recorded in the audit trail); to go on without it, set requireMacRetention to false.",
                            null);
                } else {
                    console.log(name + ": WARNING: " + check.reason() + " Going on because requireMacRetention is "
                            + "false.");
                }
            }
            if (check.passed()) {
                console.log(name + ": " + check.reason());
            }
            check.warnings().forEach(w -> console.log(name + ": WARNING: " + w));
            return new IssuPreCheck(name, topology, running, expectedRelease, directory, check, fixed);
        }
    }

    private MacRetentionCheck macRetention(String name, Release running, String output) throws DriverException {
        try {
            return MacRetentionCheck.evaluate(running, output);
        } catch (CliOutputException e) {
            throw DriverException.notTouched(name, name + ": " + e.getMessage(), e);
        }
    }

    private MacRetentionCheck fixMacRetention(AosShell shell, String name, Release running, MacRetentionCheck failed,
                                              Console console) throws DriverException {
        String command = MacRetentionCheck.FIX_COMMAND;
        String why = "enable stack MAC retention before the ISSU, as asked (fixMacRetention): " + failed.status()
                .map(s -> "the stack's MAC " + s.currentMac() + " would change when the master reboots").orElse("");
        try {
            configChangeListener.beforeChange(name, command, why);
        } catch (RuntimeException e) {
            throw DriverException.notTouched(name, name + ": MAC retention was not enabled: recording the change failed ("
                    + e.getMessage() + "). Nothing was changed or sent.", e);
        }
        console.log(name + ": sending '" + command + "' (fixMacRetention)");
        String answer = shell.run(command);
        MacRetentionCheck after = macRetention(name, running, shell.run(MAC_RETENTION_STATUS));
        if (!after.passed() || answer.lines().anyMatch(l -> l.trim().startsWith("ERROR"))) {
            throw DriverException.touched(name, name + ": '" + command + "' did not enable MAC retention: answered "
                    + quote(answer) + ", then " + after.reason() + " Nothing else was sent; enable it by hand.", List.of(), null);
        }
        console.log(name + ": MAC retention enabled; it is saved with the configuration by '" + FLASH_SYNCHRO
                + "' before the ISSU");
        return after;
    }

    @Override
    public DriverResult disrupt(SshTarget target, Console console) throws DriverException {
        console.log("Sending " + target.name() + " to upgrade, driver is " + this);
        return new DriverResult.IssuCompleted(issu(target, console));
    }

    /**
     * Stages the configuration, starts {@code issu from <dir>}, follows it to its end and returns how it went.
     * The connection dropping when the master reboots is expected.
     */
    public IssuOutcome issu(SshTarget target, Console console) throws DriverException {
        Objects.requireNonNull(console, "console");
        String name = target.name();
        Instant startedAt = Instant.now();
        List<Exchange> exchanges = new ArrayList<>();
        Follow follow = new Follow(name, console, exchanges);
        VirtualChassisTopology before;
        Release releaseBefore;
        try (AosShell shell = AosShell.open(link, target, prompt)) {
            before = healthyTopology(shell, "the ISSU");
            releaseBefore = runningRelease(shell);
            images(shell);
            follow.masterBefore = before.master().orElseThrow().chassisId();
            follow.members = before.members().stream().map(ChassisMember::chassisId).collect(Collectors.toSet());
            console.log(name + ": ISSU of AOS " + releaseBefore + " to " + expectedRelease + " from /flash/"
                    + imageDirectory + "; master chassis " + follow.masterBefore + ", slaves "
                    + before.slaves().stream().map(m -> String.valueOf(m.chassisId())).collect(Collectors.joining(", ")));
            stage(shell, name, releaseBefore, exchanges, console);
            follow.start(shell, releaseBefore);
        }
        follow.awaitUpgraded(target, releaseBefore);
        Instant endedAt = Instant.now();
        Disruption disruption = new Disruption(PLATFORM, name, startedAt, releaseBefore.toString(), exchanges);
        IssuOutcome outcome = new IssuOutcome(name, imageDirectory, releaseBefore, expectedRelease,
                follow.masterBefore, follow.masterAfter, follow.state.slaveOrder(), follow.state.phases(),
                follow.state.droppedAt().orElse(null), follow.reconnects, startedAt, endedAt, disruption);
        console.log(name + ": ISSU complete in " + seconds(outcome.duration()) + ": every chassis Running on AOS "
                + expectedRelease + "; master is chassis " + follow.masterAfter + " (was " + follow.masterBefore
                + "), slaves rebooted in the order " + follow.state.slaveOrder());
        return outcome;
    }

    private void stage(AosShell shell, String name, Release running, List<Exchange> exchanges, Console console)
            throws DriverException {
        String nothingSent = " Nothing disruptive was sent; " + name + " still runs " + running + ".";
        for (String file : STAGED_FILES) {
            String command = "cp working/" + file + " " + imageDirectory;
            Instant at = Instant.now();
            String answer = shell.run(command, stagingTimeout);
            exchanges.add(new Exchange(at, command, Ending.EXITED, -1, answer));
            if (answer.lines().anyMatch(l -> COPY_FAILED.matcher(l).find())) {
                throw DriverException.notTouched(name, name + ": '" + command + "' failed: " + quote(answer) + "; expected "
                        + "no answer (a silent copy)." + nothingSent + " Check the flash space and the file names.", exchanges, null);
            }
        }
        ImageDirectory staged = images(shell);
        List<String> missing = STAGED_FILES.stream().filter(f -> !staged.contains(f)).toList();
        if (!missing.isEmpty()) {
            throw DriverException.notTouched(name, name + ": after copying, /flash/" + imageDirectory + " still lacks "
                    + String.join(", ", missing) + " (it holds " + String.join(", ", staged.files()) + ")."
                    + nothingSent, exchanges, null);
        }
        Instant at = Instant.now();
        String answer = shell.run(FLASH_SYNCHRO, stagingTimeout);
        exchanges.add(new Exchange(at, FLASH_SYNCHRO, Ending.EXITED, -1, answer));
        FlashSynchroResult saved = FlashSynchroResult.parse(answer);
        if (saved.failed()) {
            throw DriverException.notTouched(name, name + ": " + saved.describe() + nothingSent, exchanges, null);
        }
        if (saved.outcome() == FlashSynchroResult.Outcome.NO_CONFIRMATION) {
            confirmSaved(shell, name, exchanges, nothingSent, console);
        }
        console.log(name + ": configuration staged in /flash/" + imageDirectory + " (" + String.join(", ", STAGED_FILES)
                + "); " + saved.describe());
    }

    /**
     * Some releases answer {@code write memory flash-synchro} with nothing but the prompt: {@code show running-directory}
     * then says whether the flash of the chassis is synchronised; without that, the ISSU does not start.
     */
    private void confirmSaved(AosShell shell, String name, List<Exchange> exchanges, String nothingSent,
                              Console console) throws DriverException {
        Instant at = Instant.now();
        String output = shell.run(RUNNING_DIRECTORY);
        exchanges.add(new Exchange(at, RUNNING_DIRECTORY, Ending.EXITED, -1, output));
        RunningDirectory directory;
        try {
            directory = RunningDirectory.parse(output);
        } catch (CliOutputException e) {
            throw DriverException.notTouched(name, name + ": '" + FLASH_SYNCHRO + "' printed no confirmation and "
                    + e.getMessage() + nothingSent, exchanges, e);
        }
        boolean notSynchronized = directory.flashSynchronized().equals(Optional.of(false))
                || directory.configurationSynchronized().equals(Optional.of(false));
        // An AOS 6 stack names the flash, an AOS 8 virtual chassis only the running configuration: one of them must
        // say SYNCHRONIZED, since a save that nothing confirms is no save to start an ISSU on.
        boolean confirmed = directory.flashSynchronized().equals(Optional.of(true))
                || directory.configurationSynchronized().equals(Optional.of(true));
        if (notSynchronized || !confirmed) {
            throw DriverException.notTouched(name, name + ": '" + FLASH_SYNCHRO + "' printed no confirmation, and '"
                    + RUNNING_DIRECTORY + "' shows the chassis " + (notSynchronized ? "not synchronised"
                    : "without a synchronisation to confirm the save") + " (flash between CMMs: "
                    + directory.flashBetweenCmms().orElse("not printed") + ", running configuration: "
                    + directory.configurationSync().orElse("not printed") + ")." + nothingSent
                    + " Save again with '" + FLASH_SYNCHRO + "' and check '" + RUNNING_DIRECTORY + "'.", exchanges, null);
        }
        console.log(name + ": '" + FLASH_SYNCHRO + "' printed no confirmation; '" + RUNNING_DIRECTORY + "' shows "
                + "running configuration " + directory.runningConfiguration() + directory.flashBetweenCmms()
                .map(v -> ", flash between CMMs " + v).orElse("") + directory.configurationSync()
                .map(v -> ", synchronisation " + v).orElse(""));
    }

    /**
     * The console I/O of an ISSU: sends and confirms {@code issu from}, feeds every console line to the pure
     * {@link IssuTracker} and acts on what it returns, then polls until every chassis is back. The tracker decides;
     * this loop reads, prints and polls.
     */
    private final class Follow {
        private final String name;
        private final Console console;
        private final List<Exchange> exchanges;
        private IssuTracker.State state;
        private int masterBefore;
        private Set<Integer> members = Set.of();
        private int masterAfter;
        private int reconnects;

        Follow(String name, Console console, List<Exchange> exchanges) {
            this.name = name;
            this.console = console;
            this.exchanges = exchanges;
        }

        void start(AosShell shell, Release running) throws DriverException {
            String command = "issu from " + imageDirectory;
            Instant sentAt = Instant.now();
            String asked;
            try {
                shell.shell.sendLine(command);
                asked = shell.shell.readUntil(shell.questionOrPrompt, shell.target.commandTimeout());
            } catch (SshException e) {
                exchanges.add(new Exchange(sentAt, command, e.reason() == SshException.Reason.TIMEOUT
                        ? Ending.NO_ANSWER : Ending.CONNECTION_DROPPED, -1, ""));
                throw DriverException.touched(name, name + ": '" + command + "' was sent but its confirmation "
                        + "question did not come: " + e.getMessage() + " The ISSU was not confirmed, so it should not "
                        + "run; check with 'show virtual-chassis topology' before trying again.", exchanges, e);
            }
            if (!QUESTION.matcher(asked).find()) {
                exchanges.add(new Exchange(sentAt, command, Ending.EXITED, -1, asked));
                throw DriverException.touched(name, name + ": '" + command + "' was refused: "
                        + quote(shellOutput(asked)) + "; expected the question 'Are you sure you want an In Service "
                        + "System Upgrade? (Y/N)'. Nothing was upgraded; " + name + " still runs " + running + ".",
                        exchanges, null);
            }
            try {
                shell.shell.sendLine(IssuProgress.CONFIRM_ANSWER);
            } catch (SshException e) {
                exchanges.add(new Exchange(sentAt, command, Ending.CONNECTION_DROPPED, -1, asked));
                throw DriverException.touched(name, name + ": the connection dropped before the ISSU was confirmed: "
                        + e.getMessage() + " It should not run; check with 'show virtual-chassis topology'.",
                        exchanges, e);
            }
            console.log(name + ": '" + command + "' confirmed with '" + IssuProgress.CONFIRM_ANSWER + "'");
            state = IssuTracker.confirmed(limits, members, masterBefore, Instant.now());
            Ending ending = followConsole(shell);
            exchanges.add(new Exchange(sentAt, issuCommand(), ending, -1, String.join("\n", state.transcript())));
        }

        private String issuCommand() {
            return "issu from " + imageDirectory + " (answered " + IssuProgress.CONFIRM_ANSWER + ")";
        }

        /** Reads the master's console until it reboots; returns how the session ended. */
        private Ending followConsole(AosShell shell) throws DriverException {
            while (true) {
                Duration left = state.left(Instant.now());
                if (left.isNegative() || left.isZero()) {
                    throw overLimit();
                }
                SshShell.Streamed line;
                try {
                    line = shell.shell.streamLines(l -> { }, EVERY_LINE, left);
                } catch (SshException e) {
                    if (e.reason() == SshException.Reason.TIMEOUT) {
                        throw overLimit();
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        throw stopped();
                    }
                    return dropped(e.getMessage());
                }
                switch (line.end()) {
                    case CLOSED:
                        return dropped("the switch closed the session");
                    case PROMPT:
                        continue;
                    default:
                        break;
                }
                IssuTracker.Step step = IssuTracker.read(state, line.text(), Instant.now());
                state = step.state();
                IssuTracker.Action action = step.action();
                if (action instanceof IssuTracker.Failed f) {
                    throw failed(f.text(), shell);
                } else if (action instanceof IssuTracker.Show show) {
                    console.log(name + ": " + (show.kind() == IssuLine.Kind.NOISE ? "(known noise, not a failure) "
                            : "") + show.text());
                } else if (action instanceof IssuTracker.MasterRebooting m) {
                    console.log(name + ": " + m.text());
                    return awaitDrop(shell);
                }
            }
        }

        /** After the master announced its reboot: the session drops within a short while, or is closed here. */
        private Ending awaitDrop(AosShell shell) {
            Duration wait = limits.masterReboot().compareTo(Duration.ofSeconds(60)) < 0 ? limits.masterReboot()
                    : Duration.ofSeconds(60);
            Instant until = Instant.now().plus(wait);
            while (Instant.now().isBefore(until)) {
                try {
                    SshShell.Streamed line = shell.shell.streamLines(l -> { }, EVERY_LINE,
                            Duration.between(Instant.now(), until));
                    if (line.end() == SshShell.StreamEnd.CLOSED) {
                        return dropped("the master rebooted");
                    }
                    if (line.end() == SshShell.StreamEnd.MATCHED) {
                        state = IssuTracker.afterReboot(state, line.text());
                    }
                } catch (SshException e) {
                    if (e.reason() == SshException.Reason.TIMEOUT) {
                        break;
                    }
                    return dropped("the master rebooted");
                }
            }
            console.log(name + ": the session stayed open after the master announced its reboot; closing it and "
                    + "polling the virtual chassis");
            return Ending.NO_ANSWER;
        }

        private Ending dropped(String why) {
            boolean expected = state.in(IssuPhase.MASTER_REBOOTING);
            console.log(name + ": session closed (" + why + ")" + (expected
                    ? "; expected: the master reboots and chassis " + (state.slaveOrder().isEmpty() ? "?"
                    : state.slaveOrder().get(0)) + " takes over"
                    : " before the master announced its reboot; following the ISSU by polling"));
            state = IssuTracker.dropped(state, Instant.now());
            return Ending.CONNECTION_DROPPED;
        }

        private DriverException failed(String text, AosShell shell) {
            List<String> more = new ArrayList<>();
            Instant until = Instant.now().plusSeconds(1);
            try {
                while (Instant.now().isBefore(until)) {
                    SshShell.Streamed next = shell.shell.streamLines(l -> { }, EVERY_LINE,
                            Duration.between(Instant.now(), until));
                    if (next.end() != SshShell.StreamEnd.MATCHED) {
                        break;
                    }
                    IssuLine classified = IssuProgress.classify(next.text());
                    if (classified.isError() || classified.isProgress()) {
                        more.add(classified.text().replaceFirst("^\\+\\+\\+\\s*", ""));
                    }
                }
            } catch (SshException | RuntimeException e) {
                // what was printed so far is enough to report
            }
            String all = "'" + text + "'" + (more.isEmpty() ? "" : " then '" + String.join("', '", more) + "'");
            exchanges.add(new Exchange(state.lastProgress(), issuCommand(), Ending.EXITED, -1,
                    String.join("\n", state.transcript())));
            return DriverException.of(name, name + ": the ISSU failed " + where() + ": " + all + ". Nothing further "
                    + "was sent. " + stateHint(), state.slaveDown() ? Touch.MAY_BE_DOWN : Touch.TOUCHED, exchanges,
                    null);
        }

        /**
         * The step was stopped (its thread interrupted) while following the ISSU: the chassis goes on by itself, this
         * side stops following. The interrupt is consumed here, so that the caller can still expire the silence and
         * record the outcome (I/O on an interrupted thread fails).
         */
        private DriverException stopped() {
            Thread.interrupted();
            return DriverException.of(name, name + ": stopped while following the ISSU " + where() + "; the "
                    + "virtual chassis goes on with it by itself. " + stateHint(), state.slaveDown()
                    ? Touch.MAY_BE_DOWN : Touch.TOUCHED, exchanges, null);
        }

        private DriverException overLimit() {
            String what = switch (state.phase().orElse(IssuPhase.VALIDATING)) {
                case VALIDATING -> "the master did not validate the images in /flash/" + imageDirectory;
                case IMAGES_VALIDATED, SLAVES_COPYING, SLAVE_COPIED -> "the slaves did not finish copying the images";
                case SLAVE_REBOOTING, TAKEOVER -> "chassis " + slave() + " did not return from its ISSU reboot "
                        + "(no 'slave " + slave() + " acknowledged vc ready')";
                default -> "the ISSU made no progress after " + state.phases().get(state.phases().size() - 1).text();
            };
            exchanges.add(new Exchange(state.lastProgress(), issuCommand(), Ending.NO_ANSWER, -1,
                    String.join("\n", state.transcript())));
            return DriverException.of(name, name + ": " + what + " within " + seconds(state.limit()) + " (the limit "
                    + "of this phase). Nothing further was sent. " + stateHint(), state.slaveDown()
                    ? Touch.MAY_BE_DOWN : Touch.TOUCHED, exchanges, null);
        }

        private String slave() {
            return state.currentSlave().map(String::valueOf).orElse("null");
        }

        private String where() {
            return state.phase().map(p -> "after phase " + p.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + state.currentSlave().map(c -> " (slave " + c + ")").orElse(""))
                    .orElse("while validating the images");
        }

        private String stateHint() {
            return "The master chassis " + masterBefore + " keeps the old release" + (state.slaveDown() ? "; chassis "
                    + slave() + " may be down or on the new release, so the virtual chassis runs without its "
                    + "redundancy" : "") + ". Check 'show virtual-chassis topology' and 'show microcode' on " + name
                    + ", fix the cause, then finish by hand (reload the chassis onto one release) or run the ISSU again.";
        }

        /** Polls topology and microcode (reconnecting as needed) until every chassis runs the expected release. */
        void awaitUpgraded(SshTarget target, Release before) throws DriverException {
            state = IssuTracker.polling(state, Instant.now());
            String lastState = null;
            int attempts = 0;
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    throw stopped();
                }
                attempts++;
                String seen;
                try (AosShell shell = AosShell.open(link, target, prompt)) {
                    VirtualChassisTopology topology = VirtualChassisTopology.parse(shell.run(TOPOLOGY));
                    Microcode microcode = Microcode.parse(shell.run(MICROCODE));
                    List<Integer> missing = members.stream().filter(id -> topology.member(id)
                            .map(m -> !m.isRunning()).orElse(true)).sorted().toList();
                    Optional<ChassisMember> master = topology.master();
                    boolean masterChanged = master.isPresent() && master.get().chassisId() != masterBefore;
                    if (missing.isEmpty() && master.isPresent()) {
                        if (microcode.runs(expectedRelease)) {
                            masterAfter = master.get().chassisId();
                            return;
                        }
                        if (masterChanged) {
                            throw mismatch(microcode, master.get(), before);
                        }
                    }
                    seen = "master chassis " + master.map(m -> String.valueOf(m.chassisId())).orElse("?") + " runs "
                            + describe(microcode) + (missing.isEmpty() ? ", every chassis Running"
                            : ", waiting for chassis " + missing.stream().map(String::valueOf)
                            .collect(Collectors.joining(", ")) + " (" + topology.members().stream()
                            .map(ChassisMember::describe).collect(Collectors.joining(", ")) + ")");
                } catch (DriverException e) {
                    if (e.touch().touched()) {
                        throw e;
                    }
                    reconnects++;
                    seen = "not reachable yet (" + firstSentence(e.getMessage()) + ")";
                } catch (CliOutputException e) {
                    seen = "answered unreadable output (" + firstSentence(e.getMessage()) + ")";
                }
                if (!seen.equals(lastState)) {
                    console.log(name + ": " + seen);
                    lastState = seen;
                }
                if (state.overLimit(Instant.now())) {
                    throw notBack(seen, attempts);
                }
                try {
                    Thread.sleep(Math.max(1, Math.min(pollInterval.toMillis(), state.left(Instant.now()).toMillis())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw DriverException.mayBeDown(name, name + ": interrupted while waiting for the ISSU to finish; "
                            + "the switch goes on by itself: check 'show virtual-chassis topology'.", exchanges, e);
                }
            }
        }

        private DriverException mismatch(Microcode microcode, ChassisMember master, Release before) {
            return DriverException.touched(name, name + ": release mismatch after the ISSU: expected AOS "
                    + expectedRelease + ", but master chassis " + master.chassisId() + " runs " + describe(microcode)
                    + " (it ran " + before + " before). Every chassis is Running, but not on the expected release. "
                    + "Nothing further was sent; check the images in /flash/" + imageDirectory + " and 'show "
                    + "microcode' on every chassis.", exchanges, null);
        }

        private DriverException notBack(String seen, int attempts) {
            return DriverException.mayBeDown(name, name + ": the virtual chassis did not come back on AOS "
                    + expectedRelease + " within " + seconds(state.limit()) + " after " + (state.in(IssuPhase
                    .MASTER_REBOOTING) ? "the master rebooted" : "the session dropped") + " (" + attempts
                    + " polls): " + seen + ". Nothing further was sent; a chassis that does not return needs hands on "
                    + "it (console, power).", exchanges, null);
        }
    }

    private static String describe(Microcode microcode) {
        try {
            return "AOS " + microcode.release() + microcode.directory().map(d -> " from " + d).orElse("");
        } catch (CliOutputException e) {
            return "the releases " + microcode.releases();
        }
    }

    private VirtualChassisTopology healthyTopology(AosShell shell, String what) throws DriverException {
        String name = shell.target.name();
        VirtualChassisTopology topology = parse(shell, TOPOLOGY, VirtualChassisTopology::parse);
        Optional<String> problem = topology.problem();
        if (problem.isPresent()) {
            throw DriverException.notTouched(name, name + ": " + what + " needs every chassis Running with one master: "
                    + problem.get() + ". Nothing was sent; bring the chassis back (or remove it from the virtual "
                    + "chassis) first.", null);
        }
        return topology;
    }

    private Release runningRelease(AosShell shell) throws DriverException {
        String name = shell.target.name();
        Microcode microcode = parse(shell, MICROCODE, Microcode::parse);
        Release running;
        try {
            running = microcode.release();
        } catch (CliOutputException e) {
            throw DriverException.notTouched(name, name + ": " + e.getMessage(), e);
        }
        if (running.sameBuildAs(expectedRelease)) {
            throw DriverException.notTouched(name, name + " already runs AOS " + running + " (" + MICROCODE + "); there is "
                    + "nothing to upgrade. Nothing was sent.", null);
        }
        if (running.compareTo(expectedRelease) > 0) {
            throw DriverException.notTouched(name, name + " runs AOS " + running + ", newer than the expected " + expectedRelease
                    + "; ISSU only upgrades. Nothing was sent; check the expected release.", null);
        }
        return running;
    }

    private ImageDirectory images(AosShell shell) throws DriverException {
        String name = shell.target.name();
        String output = shell.run(ImageDirectory.command(imageDirectory));
        ImageDirectory directory;
        try {
            directory = ImageDirectory.parse(imageDirectory, output);
        } catch (CliOutputException e) {
            throw DriverException.notTouched(name, name + ": " + e.getMessage(), e);
        }
        Optional<String> problem = directory.problem();
        if (problem.isPresent()) {
            throw DriverException.notTouched(name, name + ": " + problem.get() + " Nothing was sent.", null);
        }
        return directory;
    }

    private interface Parser<T> {
        T parse(String output);
    }

    private static <T> T parse(AosShell shell, String command, Parser<T> parser) throws DriverException {
        try {
            return parser.parse(shell.run(command));
        } catch (CliOutputException e) {
            throw DriverException.notTouched(shell.target.name(), shell.target.name() + ": " + e.getMessage(), e);
        }
    }

    /** One SSH session with the AOS shell open, past its first prompt. */
    private static final class AosShell implements AutoCloseable {
        final SshTarget target;
        final SwitchLink.Session session;
        final SwitchLink.Shell shell;
        final Pattern questionOrPrompt;

        private AosShell(SshTarget target, SwitchLink.Session session, SwitchLink.Shell shell, Pattern prompt) {
            this.target = target;
            this.session = session;
            this.shell = shell;
            this.questionOrPrompt = Pattern.compile("(?:\\((?i:y/n)\\)\\s*:?\\s*|(?:" + prompt.pattern() + "))\\z");
        }

        static AosShell open(SwitchLink link, SshTarget target, Pattern prompt) throws DriverException {
            SwitchLink.Session session;
            try {
                session = link.open(target);
            } catch (SshException e) {
                throw DriverException.unreachable(target.name(), "Cannot reach " + target.name() + " over SSH; nothing was "
                        + "sent. " + e.getMessage(), e);
            }
            try {
                SwitchLink.Shell shell = session.shell(prompt);
                shell.readUntilPrompt(target.commandTimeout());
                return new AosShell(target, session, shell, prompt);
            } catch (SshException e) {
                session.close();
                throw DriverException.unreachable(target.name(), target.describe() + ": the AOS shell did not show its prompt "
                        + "/" + prompt.pattern() + "/; nothing was sent. " + e.getMessage(), e);
            }
        }

        String run(String command) throws DriverException {
            return run(command, target.commandTimeout());
        }

        String run(String command, Duration timeout) throws DriverException {
            try {
                return shell.command(command, timeout);
            } catch (SshException e) {
                throw DriverException.notTouched(target.name(), target.describe() + ": '" + command + "' did not complete: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            shell.close();
            session.close();
        }
    }

    private static String shellOutput(String raw) {
        return raw.replace("\r", "").strip();
    }

    private static String quote(String text) {
        String trimmed = text == null ? "" : text.replace("\r", "").strip();
        if (trimmed.isEmpty()) {
            return "nothing";
        }
        return "'" + (trimmed.length() <= 300 ? trimmed : trimmed.substring(0, 300) + "…") + "'";
    }

    private static String firstSentence(String message) {
        String m = message == null ? "" : message;
        int dot = m.indexOf(". ");
        return dot > 0 ? m.substring(0, dot) : m;
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("the ISSU limit " + what + " must be positive, was " + d);
        }
    }

    @Override
    public String toString() {
        return "AosVirtualChassis ISSU from /flash/" + imageDirectory + " to " + expectedRelease
                + (fixMacRetention ? ", enabling MAC retention if off" : requireMacRetention ? ""
                : ", MAC retention not required");
    }

    /** Configures {@link AosVirtualChassis}; the image directory and the expected release are required. */
    public static final class Builder {
        private String imageDirectory;
        private Release expectedRelease;
        private boolean requireMacRetention = true;
        private boolean fixMacRetention;
        private ConfigChangeListener configChangeListener;
        private PhaseLimits limits = PhaseLimits.defaults();
        private Duration pollInterval = Duration.ofSeconds(5);
        private Duration stagingTimeout = Duration.ofMinutes(5);
        private Pattern prompt = DEFAULT_PROMPT;
        private SwitchLink link = SwitchLink.ssh();

        private Builder() {
        }

        /** How the driver reaches the switch (default SSH); flow tests replay a transcript through it. */
        public Builder link(SwitchLink link) {
            this.link = Objects.requireNonNull(link, "link");
            return this;
        }

        /** The directory on the master's flash holding the new images, e.g. {@code new_firm}. */
        public Builder imageDirectory(String directory) {
            String d = directory == null ? "" : directory.trim().replaceFirst("^/flash/", "").replaceAll("/+$", "");
            if (d.isEmpty() || !d.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("the image directory must be a directory name on the master's "
                        + "flash such as new_firm, was '" + directory + "'");
            }
            this.imageDirectory = d;
            return this;
        }

        /** The release every chassis must run afterwards, as {@code show microcode} prints it. */
        public Builder expectedRelease(String release) {
            this.expectedRelease = Release.parse(release);
            return this;
        }

        public Builder expectedRelease(Release release) {
            this.expectedRelease = Objects.requireNonNull(release, "release");
            return this;
        }

        /** Refuse when stack MAC retention is off (default true). */
        public Builder requireMacRetention(boolean require) {
            this.requireMacRetention = require;
            return this;
        }

        /** Enable MAC retention when it is off (default false); needs a {@link ConfigChangeListener}. */
        public Builder fixMacRetention(boolean fix) {
            this.fixMacRetention = fix;
            return this;
        }

        /** Told before a configuration change, to record it in the audit trail. */
        public Builder configChangeListener(ConfigChangeListener listener) {
            this.configChangeListener = listener;
            return this;
        }

        public Builder limits(PhaseLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** How often the virtual chassis is polled while the master reboots (default 5 s). */
        public Builder pollInterval(Duration interval) {
            positive(interval, "pollInterval");
            this.pollInterval = interval;
            return this;
        }

        /** How long a copy or {@code write memory flash-synchro} may take (default 5 min). */
        public Builder stagingTimeout(Duration timeout) {
            positive(timeout, "stagingTimeout");
            this.stagingTimeout = timeout;
            return this;
        }

        /** The shell prompt, when the site changed it from {@code -> }; matched at the end of the output. */
        public Builder prompt(Pattern prompt) {
            this.prompt = Objects.requireNonNull(prompt, "prompt");
            return this;
        }

        public AosVirtualChassis build() {
            if (imageDirectory == null) {
                throw new IllegalArgumentException("an AOS ISSU needs the image directory on the master's flash, e.g. "
                        + "new_firm");
            }
            if (expectedRelease == null) {
                throw new IllegalArgumentException("an AOS ISSU needs the expected release, e.g. 7.3.2.374.R01");
            }
            if (fixMacRetention && configChangeListener == null) {
                throw new IllegalArgumentException("fixMacRetention changes the switch's configuration, which must be "
                        + "recorded: give a configChangeListener that writes the audit trail");
            }
            return new AosVirtualChassis(this);
        }
    }
}
