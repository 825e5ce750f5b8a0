package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.ConsoleText;

import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the console of an {@code issu from <dir>} session line by line and says what each line
 * means: a phase of the procedure, known noise, a failure, the confirmation prompt, or other text.
 * Only VCISSU messages and CLI {@code ERROR:} answers can fail an ISSU; subsystem messages logged
 * as "error message" during a healthy ISSU (e.g. {@code plGetUportRangeFromChassisSlot failed}) cannot.
 */
public final class IssuProgress {

    /** The answer to the confirmation {@code Are you sure you want an In Service System Upgrade? (Y/N)}. */
    public static final String CONFIRM_ANSWER = "y";

    private static final Pattern CONFIRM = Pattern.compile("(?i)\\(\\s*y\\s*/\\s*n\\s*\\)");
    private static final Pattern VCISSU = Pattern.compile("(?i)\\bVCISSU\\b");
    private static final Pattern CLI_ERROR = Pattern.compile("^ERROR\\b.*");
    private static final Pattern FAILURE = Pattern.compile("(?i)\\b(fail(s|ed|ure)?|abort(s|ed|ing)?|errors?"
            + "|timed? ?out|cannot|can't|unable|incompatible|not compatible|mismatch(ed)?|invalid|denied"
            + "|not found|missing|no such)\\b");
    private static final List<Pattern> NOISE = List.of(
            Pattern.compile("(?i)Master running old version"),
            Pattern.compile("(?i)plGetUportRangeFromChassisSlot"),
            Pattern.compile("(?i)\\bCPU\\b.*\\bThreshold\\b"));
    private static final Pattern TAKEOVER = Pattern.compile("(?i)\\b(VC|Virtual Chassis)[ _]Takeover\\b");
    private static final Pattern CHASSIS_ID = Pattern.compile("(?i)chassis_id\\s*:\\s*(\\d+)");

    private static final List<Rule> PHASES = List.of(
            new Rule("(?i)validating images", IssuPhase.VALIDATING),
            new Rule("(?i)images validated", IssuPhase.IMAGES_VALIDATED),
            new Rule("(?i)all slaves copying", IssuPhase.SLAVES_COPYING),
            new Rule("(?i)slave (\\d+) finished copying", IssuPhase.SLAVE_COPIED),
            new Rule("(?i)all slaves have copied", IssuPhase.ALL_SLAVES_COPIED),
            new Rule("(?i)slave (\\d+) is rebooting", IssuPhase.SLAVE_REBOOTING),
            new Rule("(?i)slave (\\d+) topology change", IssuPhase.SLAVE_REBOOTING),
            new Rule("(?i)slave chassis rebooting", IssuPhase.SLAVE_REBOOTING),
            new Rule("(?i)slave (\\d+) updated shared memory", IssuPhase.TAKEOVER),
            new Rule("(?i)slave (\\d+) finished vc takeover", IssuPhase.TAKEOVER),
            new Rule("(?i)slave (\\d+) acknowledged vc ready", IssuPhase.SLAVE_READY),
            new Rule("(?i)master chassis rebooting", IssuPhase.MASTER_REBOOTING),
            new Rule("(?i)\\bcomplete(d)?\\b(?!.*for this slave)", IssuPhase.COMPLETE));

    private record Rule(Pattern pattern, IssuPhase phase) {
        Rule(String regex, IssuPhase phase) {
            this(Pattern.compile(regex), phase);
        }
    }

    private IssuProgress() {
    }

    /** What one console line of the ISSU session means. */
    public static IssuLine classify(String rawLine) {
        String text = ConsoleText.line(rawLine).trim();
        String message = text.startsWith("+++") ? text.substring(3).trim() : text;
        if (CONFIRM.matcher(message).find()) {
            return IssuLine.of(IssuLine.Kind.CONFIRM, text);
        }
        for (Pattern noise : NOISE) {
            if (noise.matcher(message).find()) {
                return IssuLine.of(IssuLine.Kind.NOISE, text);
            }
        }
        if (VCISSU.matcher(message).find()) {
            return vcissu(message, text);
        }
        if (CLI_ERROR.matcher(message).matches()) {
            return IssuLine.of(IssuLine.Kind.ERROR, text);
        }
        if (TAKEOVER.matcher(message).find()) {
            Matcher id = CHASSIS_ID.matcher(message);
            return IssuLine.phase(IssuPhase.TAKEOVER,
                    id.find() ? OptionalInt.of(Integer.parseInt(id.group(1))) : OptionalInt.empty(), text);
        }
        return IssuLine.of(IssuLine.Kind.OTHER, text);
    }

    private static IssuLine vcissu(String message, String text) {
        if (FAILURE.matcher(message).find()) {
            return IssuLine.of(IssuLine.Kind.ERROR, text);
        }
        for (Rule rule : PHASES) {
            Matcher m = rule.pattern().matcher(message);
            if (m.find()) {
                OptionalInt chassis = m.groupCount() >= 1 && m.group(1) != null && m.group(1).matches("\\d+")
                        ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
                return IssuLine.phase(rule.phase(), chassis, text);
            }
        }
        return IssuLine.of(IssuLine.Kind.INFO, text);
    }
}
