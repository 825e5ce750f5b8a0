package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;
import io.jenkins.plugins.switchupgrade.drivers.ConsoleText;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
    // The words AOS 6 and AOS 8 print for a synchronisation state; any other word is refused, not guessed at.
    private static final Set<String> SYNC_WORDS = Set.of("SYNCHRONIZED", "NOT SYNCHRONIZED", "NOT AVAILABLE");

    public RunningDirectory {
        Objects.requireNonNull(runningCmm, "runningCmm");
        Objects.requireNonNull(runningConfiguration, "runningConfiguration");
        Objects.requireNonNull(certifyStatus, "certifyStatus");
        Objects.requireNonNull(flashBetweenCmms, "flashBetweenCmms");
        Objects.requireNonNull(configurationSync, "configurationSync");
    }

    /**
     * Parses the output of {@code show running-directory}: AOS 6 stacks and chassis (with {@code Flash Between
     * CMMs}) and AOS 8 virtual chassis (only the running configuration's synchronisation). {@code Running
     * Configuration} appears twice: first the directory, then, under {@code SYNCHRONIZATION STATUS}, its
     * synchronisation.
     *
     * @throws CliOutputException when the running CMM or the running configuration is missing, or a synchronisation
     *                            field holds a word other than SYNCHRONIZED, NOT SYNCHRONIZED or NOT AVAILABLE
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
                case "flash between cmms" -> flash = flash == null ? syncWord(value, line) : flash;
                case "running configuration" -> {
                    if (configuration == null && !synchronizationSection) {
                        configuration = value;
                    } else if (sync == null) {
                        sync = syncWord(value, line);
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

    private static String syncWord(String value, String line) {
        String word = value.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (!SYNC_WORDS.contains(word)) {
            throw new CliOutputException(COMMAND, "a synchronisation state SYNCHRONIZED, NOT SYNCHRONIZED or NOT "
                    + "AVAILABLE", "'" + value + "' in " + ConsoleText.quote(line.trim()), "Check the chassis by hand "
                    + "(`show running-directory`); add the word to the parser only once its meaning is known.");
        }
        return word;
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
        return flashBetweenCmms.flatMap(RunningDirectory::synchronizedWord);
    }

    /**
     * Whether the running configuration is synchronised to the other CMM or chassis (the only synchronisation field
     * an AOS 8 virtual chassis prints): true for {@code SYNCHRONIZED}, false for {@code NOT SYNCHRONIZED}, empty when
     * not printed or {@code NOT AVAILABLE}.
     */
    public Optional<Boolean> configurationSynchronized() {
        return configurationSync.flatMap(RunningDirectory::synchronizedWord);
    }

    private static Optional<Boolean> synchronizedWord(String word) {
        return word.equals("SYNCHRONIZED") ? Optional.of(true)
                : word.equals("NOT SYNCHRONIZED") ? Optional.of(false) : Optional.empty();
    }
}
