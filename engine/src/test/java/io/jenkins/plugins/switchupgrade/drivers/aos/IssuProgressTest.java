package io.jenkins.plugins.switchupgrade.drivers.aos;

import static io.jenkins.plugins.switchupgrade.drivers.aos.Fixtures.aos;
import static io.jenkins.plugins.switchupgrade.drivers.aos.IssuPhase.ALL_SLAVES_COPIED;
import static io.jenkins.plugins.switchupgrade.drivers.aos.IssuPhase.COMPLETE;
import static io.jenkins.plugins.switchupgrade.drivers.aos.IssuPhase.IMAGES_VALIDATED;
import static io.jenkins.plugins.switchupgrade.drivers.aos.IssuPhase.MASTER_REBOOTING;
import static io.jenkins.plugins.switchupgrade.drivers.aos.IssuPhase.SLAVES_COPYING;
import static io.jenkins.plugins.switchupgrade.drivers.aos.IssuPhase.SLAVE_COPIED;
import static io.jenkins.plugins.switchupgrade.drivers.aos.IssuPhase.SLAVE_READY;
import static io.jenkins.plugins.switchupgrade.drivers.aos.IssuPhase.SLAVE_REBOOTING;
import static io.jenkins.plugins.switchupgrade.drivers.aos.IssuPhase.TAKEOVER;
import static io.jenkins.plugins.switchupgrade.drivers.aos.IssuPhase.VALIDATING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.switchupgrade.drivers.ConsoleText;
import io.jenkins.plugins.switchupgrade.drivers.aos.IssuLine.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IssuProgressTest {
    /** Every non-blank line of a session transcript, classified, in order. */
    private static List<IssuLine> classifyAll(String transcript) {
        List<IssuLine> classified = new ArrayList<>();
        for (String line : ConsoleText.lines(transcript)) {
            if (!line.isBlank()) {
                classified.add(IssuProgress.classify(line));
            }
        }
        return List.copyOf(classified);
    }

    /** The furthest phase the lines reached, if any. */
    private static Optional<IssuPhase> furthestPhase(List<IssuLine> lines) {
        return lines.stream().flatMap(l -> l.phase().stream()).max(Enum::compareTo);
    }

    /** The first failure among the lines, if any. */
    private static Optional<IssuLine> firstError(List<IssuLine> lines) {
        return lines.stream().filter(IssuLine::isError).findFirst();
    }


    /** Consecutive phases, each with its chassis, duplicates folded: the story the console tells. */
    private static List<String> story(List<IssuLine> lines) {
        List<String> story = new ArrayList<>();
        for (IssuLine line : lines) {
            if (line.kind() == Kind.PHASE) {
                String step = line.phase().orElseThrow()
                        + (line.chassis().isPresent() ? "(" + line.chassis().getAsInt() + ")" : "");
                if (story.isEmpty() || !story.get(story.size() - 1).equals(step)) {
                    story.add(step);
                }
            }
        }
        return story;
    }

    @Test
    void followsTheMastersSessionThroughEveryPhaseInOrder() {
        List<IssuLine> lines = classifyAll(aos("issu-from-new_firm-session.txt"));

        assertEquals(Kind.CONFIRM, lines.get(0).kind());
        assertEquals(List.of("VALIDATING", "IMAGES_VALIDATED", "SLAVES_COPYING", "SLAVE_COPIED(1)",
                "ALL_SLAVES_COPIED", "SLAVE_REBOOTING(1)", "TAKEOVER(1)", "SLAVE_READY(1)", "MASTER_REBOOTING"),
                story(lines));
        assertEquals(Optional.empty(), firstError(lines));
        assertEquals(Optional.of(MASTER_REBOOTING), furthestPhase(lines));
    }

    @Test
    void rebootsTheSlavesOneAfterTheOtherInAThreeChassisVirtualChassis() {
        List<IssuLine> lines = classifyAll(aos("issu-from-new_firm-3-members-session.txt"));

        assertEquals(List.of("VALIDATING", "IMAGES_VALIDATED", "SLAVES_COPYING", "SLAVE_COPIED(2)", "SLAVE_COPIED(3)",
                "ALL_SLAVES_COPIED", "SLAVE_REBOOTING(2)", "TAKEOVER(2)", "SLAVE_READY(2)", "SLAVE_REBOOTING(3)",
                "TAKEOVER(3)", "SLAVE_READY(3)", "MASTER_REBOOTING"), story(lines));
        assertEquals(Optional.empty(), firstError(lines));
    }

    @Test
    void treatsTheKnownNoiseOfAHealthyIssuAsNoise() {
        List<String> noise = List.of(
                "+++ Master running old version : ",
                "+++ plGetUportRangeFromChassisSlot failed: 1/2, rv=-30",
                "+++ plGetUportRangeFromChassisSlot chass: 1 slot: 3 ret: -30",
                "+++ CPU crossed Above the Threshold Limit!",
                "+++ CPU crossed Below the Threshold Limit!");

        for (String line : noise) {
            assertEquals(Kind.NOISE, IssuProgress.classify(line).kind(), line);
        }
    }

    @Test
    void doesNotMistakeAnErrorMessageHeaderForAFailure() {
        assertEquals(Kind.OTHER, IssuProgress.classify("Thu Sep 26 14:26:16 : evbCmm main error message:").kind());
        assertEquals(Kind.OTHER, IssuProgress.classify(
                "+++ CMM:vcmCMM_process_config_sync_msg@4010: Get port info (vfl 0, ifidx 40000257, ret -3)").kind());
        assertEquals(Kind.OTHER, IssuProgress.classify("+++ Reload transaction timeout - canceling").kind());
    }

    @Test
    void readsTheTakeoverOnTheRebootedSlavesConsoleWithoutErrors() {
        List<IssuLine> lines = classifyAll(aos("issu-from-new_firm-slave-console.txt"));

        assertEquals(Optional.empty(), firstError(lines));
        assertTrue(story(lines).containsAll(List.of("SLAVE_REBOOTING", "TAKEOVER", "TAKEOVER(1)")), story(lines).toString());
        assertEquals(4, lines.stream().filter(l -> l.kind() == Kind.NOISE).count());
        assertEquals(List.of("+++ VCISSU: boot manager is reloading from image directory \"new_firm\"."),
                lines.stream().filter(l -> l.kind() == Kind.INFO).map(IssuLine::text).collect(Collectors.toList()));
    }

    @Test
    void stopsOnAVcissuFailureWhenTheSlaveDoesNotReturn() {
        List<IssuLine> lines = classifyAll(aos("issu-from-new_firm-slave-fails.txt"));

        IssuLine error = firstError(lines).orElseThrow();
        assertTrue(error.text().contains("slave 1 did not rejoin"), error.text());
        assertEquals(Optional.of(SLAVE_REBOOTING), furthestPhase(lines));
    }

    @Test
    void stopsWhenImageValidationFails() {
        List<IssuLine> lines = classifyAll(aos("issu-from-new_firm-no-issu-version.txt"));

        assertTrue(firstError(lines).orElseThrow().text().contains("issu_version file not found"));
        assertEquals(Optional.of(VALIDATING), furthestPhase(lines));
    }

    @Test
    void stopsWhenTheCliRefusesTheCommand() {
        IssuLine line = IssuProgress.classify(aos("issu-from-missing-directory.txt"));

        assertTrue(line.isError());
        assertEquals("ERROR: Directory /flash/new_firm does not exist", line.text());
    }

    @Test
    void recognisesTheConfirmationPromptBeforeItsLineEnds() {
        IssuLine prompt = IssuProgress.classify(
                "\u001B[0mAre you sure you want an In Service System Upgrade? (Y/N) : ");

        assertEquals(Kind.CONFIRM, prompt.kind());
        assertEquals("Are you sure you want an In Service System Upgrade? (Y/N) :", prompt.text());
        assertEquals("y", IssuProgress.CONFIRM_ANSWER);
    }

    @Test
    void carriesTheChassisOfSlaveMessages() {
        IssuLine line = IssuProgress.classify("+++ VCISSU: slave 3 acknowledged vc ready. VCISSU complete for this slave.");

        assertEquals(Optional.of(SLAVE_READY), line.phase());
        assertEquals(OptionalInt.of(3), line.chassis());
    }

    @Test
    void recognisesEachPhaseMessage() {
        assertEquals(Optional.of(IMAGES_VALIDATED), IssuProgress.classify("+++ VCISSU: images validated.").phase());
        assertEquals(Optional.of(SLAVES_COPYING),
                IssuProgress.classify("+++ VCISSU: all slaves copying images...").phase());
        assertEquals(Optional.of(SLAVE_COPIED),
                IssuProgress.classify("+++ VCISSU: slave 1 finished copying images.").phase());
        assertEquals(Optional.of(ALL_SLAVES_COPIED),
                IssuProgress.classify("+++ VCISSU: all slaves have copied images.").phase());
        assertEquals(Optional.of(TAKEOVER),
                IssuProgress.classify("+++ Sending VC Takeover to NIs and applications [L6]").phase());
        assertEquals(Optional.of(COMPLETE), IssuProgress.classify("+++ VCISSU: VCISSU procedure complete.").phase());
    }

    @Test
    void readsWindowsLineEndingsLikeUnixOnes() {
        String text = aos("issu-from-new_firm-session.txt");

        assertEquals(classifyAll(text), classifyAll(Fixtures.crlf(text)));
    }
}
