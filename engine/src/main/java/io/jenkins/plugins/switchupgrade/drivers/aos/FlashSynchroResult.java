package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.ConsoleText;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether {@code write memory flash-synchro} saved the configuration and synchronised it to every
 * chassis, judged from what the session printed; ISSU must not start after a failed save.
 */
public final class FlashSynchroResult {

    /** The command this result judges. */
    public static final String COMMAND = "write memory flash-synchro";

    /** How the command ended. */
    public enum Outcome {
        /** A synchronisation-complete message was printed. */
        SUCCEEDED,
        /** An {@code ERROR:} answer or a failure message was printed. */
        FAILED,
        /**
         * Nothing but the prompt came back: AOS prints errors, so this is no failure, but it is no
         * confirmation either; verify with {@code show running-directory} when in doubt.
         */
        NO_CONFIRMATION
    }

    private static final Pattern CLI_ERROR = Pattern.compile("^ERROR\\b.*");
    // "Local Flash Sync complete - fail watchdog is 0" is a success line, hence no bare "fail".
    private static final Pattern FAILURE = Pattern.compile("(?i)\\b(failed|failure|aborted|aborting|"
            + "not enough space|no space left|insufficient|not synchronized)\\b");
    // AOS 8 virtual chassis: "Copy running to certified succeeded; Secondary synchronization succeeded"; a chassis
    // without a secondary prints the first half only. A failed half is caught by FAILURE first.
    private static final Pattern SUCCESS = Pattern.compile("(?i)(completed successfully|"
            + "synchroni[sz]ation (process )?(is )?complete|flash sync(hro)? complete|"
            + "synchroni[sz]ation succeeded|copy running to certified succeeded)");

    private final Outcome outcome;
    private final String evidence;

    private FlashSynchroResult(Outcome outcome, String evidence) {
        this.outcome = outcome;
        this.evidence = evidence;
    }

    /** Judges the output of {@code write memory flash-synchro}, console messages included. */
    public static FlashSynchroResult parse(String output) {
        List<String> lines = ConsoleText.lines(output);
        String success = null;
        for (String line : lines) {
            String message = line.trim();
            message = message.startsWith("+++") ? message.substring(3).trim() : message;
            if (CLI_ERROR.matcher(message).matches() || FAILURE.matcher(message).find()) {
                return new FlashSynchroResult(Outcome.FAILED, message);
            }
            if (success == null && SUCCESS.matcher(message).find()) {
                success = message;
            }
        }
        return success == null ? new FlashSynchroResult(Outcome.NO_CONFIRMATION, null)
                : new FlashSynchroResult(Outcome.SUCCEEDED, success);
    }

    public Outcome outcome() {
        return outcome;
    }

    /** True when the save failed: do not start the ISSU. */
    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    /** The line that decided the outcome; empty for {@link Outcome#NO_CONFIRMATION}. */
    public Optional<String> evidence() {
        return Optional.ofNullable(evidence);
    }

    /** One sentence for the build log, with what to do when the save failed. */
    public String describe() {
        switch (outcome) {
            case SUCCEEDED:
                return "`" + COMMAND + "` succeeded: " + evidence;
            case FAILED:
                return "`" + COMMAND + "` failed: " + evidence + ". The configuration is not saved on every "
                        + "chassis; fix the cause (flash space, chassis state) and save again before any ISSU.";
            default:
                return "`" + COMMAND + "` returned to the prompt without an error and without a confirmation.";
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlashSynchroResult && outcome == ((FlashSynchroResult) o).outcome
                && Objects.equals(evidence, ((FlashSynchroResult) o).evidence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(outcome, evidence);
    }

    @Override
    public String toString() {
        return describe();
    }
}
