package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;
import io.jenkins.plugins.switchupgrade.drivers.ConsoleText;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code show running-directory} reports: which CMM runs, from which directory, whether it is certified, and
 * whether the flash of both CMMs is synchronised; the way to confirm a save when {@code write memory flash-synchro}
 * printed no confirmation.
 *
 * @param runningCmm           {@code Running CMM}, e.g. {@code PRIMARY} or {@code MASTER-PRIMARY}
 * @param runningConfiguration {@code Running configuration}: {@code WORKING}, {@code CERTIFIED} or a directory
 * @param certifyStatus        {@code Certify/Restore Status}, e.g. {@code CERTIFY NEEDED}, when printed
 * @param flashBetweenCmms     {@code Flash Between CMMs}, e.g. {@code SYNCHRONIZED}, when printed
 * @param configurationSync    the synchronisation status of the running configuration, when printed
 */
public record RunningDirectory(String runningCmm, String runningConfiguration, Optional<String> certifyStatus,
        Optional<String> flashBetweenCmms, Optional<String> configurationSync) {

    static final String COMMAND = "show running-directory";

    private static final Pattern FIELD = Pattern.compile("^\\s*([A-Za-z][A-Za-z/ ]*?)\\s*:\\s*(.*?)\\s*,?\\s*$");
    private static final Pattern SECTION = Pattern.compile("(?i)^\\s*(CONFIGURATION|SYNCHRONIZATION)\\s+STATUS\\s*$");

    public RunningDirectory {
        Objects.requireNonNull(runningCmm, "runningCmm");
        Objects.requireNonNull(runningConfiguration, "runningConfiguration");
        Objects.requireNonNull(certifyStatus, "certifyStatus");
        Objects.requireNonNull(flashBetweenCmms, "flashBetweenCmms");
        Objects.requireNonNull(configurationSync, "configurationSync");
    }

    /**
     * Parses the output of {@code show running-directory} (AOS 6 stacks and chassis; the AOS 7/8 form has the same
     * fields). {@code Running Configuration} appears twice: first the directory, then, under
     * {@code SYNCHRONIZATION STATUS}, its synchronisation.
     *
     * @throws CliOutputException when the running CMM or the running configuration is missing
     */
    public static RunningDirectory parse(String output) {
        List<String> lines = ConsoleText.lines(output);
        String cmm = null;
        String configuration = null;
        String certify = null;
        String flash = null;
        String sync = null;
        boolean synchronizationSection = false;
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("ERROR")) {
                throw new CliOutputException(COMMAND, "the running directory fields", ConsoleText.quote(trimmed),
                        "Check that the account may run `show running-directory` on this switch.");
            }
            Matcher section = SECTION.matcher(line);
            if (section.matches()) {
                synchronizationSection = section.group(1).equalsIgnoreCase("SYNCHRONIZATION");
                continue;
            }
            Matcher field = FIELD.matcher(line);
            if (!field.matches()) {
                continue;
            }
            String name = field.group(1).replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            String value = field.group(2).replaceAll(",$", "").trim();
            switch (name) {
                case "running cmm" -> cmm = cmm == null ? value : cmm;
                case "certify/restore status" -> certify = certify == null ? value : certify;
                case "flash between cmms" -> flash = flash == null ? value : flash;
                case "running configuration" -> {
                    if (configuration == null && !synchronizationSection) {
                        configuration = value;
                    } else if (sync == null) {
                        sync = value;
                    }
                }
                default -> { }
            }
        }
        if (cmm == null || configuration == null) {
            throw new CliOutputException(COMMAND, "the fields 'Running CMM' and 'Running configuration'",
                    lines.isEmpty() ? "no output at all" : (cmm == null ? "no 'Running CMM'" : "no 'Running "
                            + "configuration'") + " in " + lines.size() + " line(s)",
                    "The output looks truncated; run `show running-directory` again.");
        }
        return new RunningDirectory(cmm, configuration, Optional.ofNullable(certify), Optional.ofNullable(flash),
                Optional.ofNullable(sync));
    }

    /** True when the switch runs from {@code /flash/working}, where a save goes. */
    public boolean runsFromWorking() {
        return "working".equalsIgnoreCase(runningConfiguration);
    }

    /**
     * Whether the flash of the CMMs (stack or chassis members) holds the same files: true for
     * {@code SYNCHRONIZED}, false for {@code NOT SYNCHRONIZED}, empty when not printed or another word.
     */
    public Optional<Boolean> flashSynchronized() {
        return flashBetweenCmms.map(v -> v.toUpperCase(Locale.ROOT)).flatMap(v -> v.equals("SYNCHRONIZED")
                ? Optional.of(true) : v.equals("NOT SYNCHRONIZED") ? Optional.of(false) : Optional.empty());
    }
}
