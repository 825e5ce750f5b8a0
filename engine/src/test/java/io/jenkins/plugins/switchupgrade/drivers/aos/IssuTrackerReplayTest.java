package io.jenkins.plugins.switchupgrade.drivers.aos;

import static io.jenkins.plugins.switchupgrade.drivers.aos.Fixtures.aos;
import static io.jenkins.plugins.switchupgrade.drivers.aos.Fixtures.crlf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.switchupgrade.drivers.ConsoleText;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link IssuTracker} fed the captured consoles of {@code issu from} line by line, as the driver's loop feeds it, with
 * the clock of each line taken from the console's own time stamps: no SSH, no lab, no sleeping.
 */
class IssuTrackerReplayTest {

    private static final Instant DAY = Instant.parse("2013-09-26T00:00:00Z");
    private static final Instant CONFIRMED = DAY.plusSeconds(14 * 3600 + 19 * 60 + 50);
    private static final Pattern STAMP = Pattern.compile("^\\w{3} \\w{3} \\d+ (\\d\\d:\\d\\d:\\d\\d)");
    private static final AosVirtualChassis.PhaseLimits LIMITS = AosVirtualChassis.PhaseLimits.defaults();

    /** The tracker's every step over a session, and the state after its last line. */
    private record Replay(List<IssuTracker.Action> actions, IssuTracker.State state) {
        List<String> shown(IssuLine.Kind kind) {
            return actions.stream().filter(a -> a instanceof IssuTracker.Show s && s.kind() == kind)
                    .map(a -> ((IssuTracker.Show) a).text()).toList();
        }

        <T extends IssuTracker.Action> List<T> all(Class<T> type) {
            return actions.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    /** Feeds every line until the tracker says stop (a failure, the master's reboot), as the driver does. */
    private static Replay replay(String console, Set<Integer> members, int master) {
        IssuTracker.State state = IssuTracker.confirmed(LIMITS, members, master, CONFIRMED);
        Instant now = CONFIRMED;
        List<IssuTracker.Action> actions = new ArrayList<>();
        for (String line : ConsoleText.lines(console)) {
            Matcher stamp = STAMP.matcher(line.trim());
            if (stamp.find()) {
                now = LocalTime.parse(stamp.group(1)).atDate(DAY.atZone(ZoneOffset.UTC).toLocalDate())
                        .toInstant(ZoneOffset.UTC);
            }
            IssuTracker.Step step = IssuTracker.read(state, line, now);
            state = step.state();
            actions.add(step.action());
            if (step.action() instanceof IssuTracker.Failed || step.action() instanceof IssuTracker.MasterRebooting) {
                break;
            }
        }
        return new Replay(actions, state);
    }

    private static List<String> story(IssuTracker.State state) {
        return state.phases().stream().map(e -> e.phase() + (e.chassis() == null ? "" : "(" + e.chassis() + ")"))
                .distinct().toList();
    }

    @Test
    void theSeedsSessionEndsWithTheMastersRebootAfterOneSlave() {
        Replay replay = replay(aos("issu-from-new_firm-session.txt"), Set.of(1, 2), 2);

        IssuTracker.MasterRebooting reboot = assertInstanceOf(IssuTracker.MasterRebooting.class,
                replay.actions().get(replay.actions().size() - 1));
        assertEquals("VCISSU: Master Chassis rebooting at end of VCISSU procedure", reboot.text());
        assertEquals(List.of(), replay.all(IssuTracker.Failed.class));
        assertEquals(List.of(1), replay.state().slaveOrder());
        assertEquals(List.of("VALIDATING", "IMAGES_VALIDATED", "SLAVES_COPYING", "SLAVE_COPIED(1)",
                "ALL_SLAVES_COPIED", "SLAVE_REBOOTING(1)", "TAKEOVER(1)", "SLAVE_READY(1)", "MASTER_REBOOTING"),
                story(replay.state()));
        assertEquals(Optional.of(IssuPhase.MASTER_REBOOTING), replay.state().phase());
        // the master's reboot gets its own limit, from the line that announced it (14:26:46)
        Instant announced = Instant.parse("2013-09-26T14:26:46Z");
        assertEquals(announced, replay.state().lastProgress());
        assertEquals(announced.plus(LIMITS.masterReboot()), replay.state().deadline());
        assertTrue(replay.shown(IssuLine.Kind.NOISE).contains("plGetUportRangeFromChassisSlot failed: 1/2, rv=-30"),
                replay.shown(IssuLine.Kind.NOISE).toString());
    }

    @Test
    void everyPhaseEventCarriesTheTimeItsLineWasPrinted() {
        Replay replay = replay(aos("issu-from-new_firm-session.txt"), Set.of(1, 2), 2);

        IssuOutcome.PhaseEvent rebooting = replay.state().phases().stream()
                .filter(e -> e.phase() == IssuPhase.SLAVE_REBOOTING).findFirst().orElseThrow();
        assertEquals(Instant.parse("2013-09-26T14:21:02Z"), rebooting.at());
        assertEquals(1, rebooting.chassis());
        IssuOutcome.PhaseEvent ready = replay.state().phases().stream()
                .filter(e -> e.phase() == IssuPhase.SLAVE_READY).findFirst().orElseThrow();
        assertEquals(Instant.parse("2013-09-26T14:26:46Z"), ready.at());
    }

    @Test
    void aThreeChassisSessionRebootsTheSlavesInTheOrderTheyArePrinted() {
        Replay replay = replay(aos("issu-from-new_firm-3-members-session.txt"), Set.of(1, 2, 3), 1);

        assertEquals(List.of(2, 3), replay.state().slaveOrder());
        assertEquals(Optional.of(3), replay.state().currentSlave());
        assertInstanceOf(IssuTracker.MasterRebooting.class, replay.actions().get(replay.actions().size() - 1));
    }

    @Test
    void aSlaveThatDoesNotRejoinFailsTheIssuWithTheConsolesWordsAndLeavesTheChassisWithoutRedundancy() {
        Replay replay = replay(aos("issu-from-new_firm-slave-fails.txt"), Set.of(1, 2), 2);

        List<IssuTracker.Failed> failed = replay.all(IssuTracker.Failed.class);
        assertEquals(1, failed.size());
        assertEquals("VCISSU: slave 1 did not rejoin the virtual chassis - timed out waiting for shared memory update",
                failed.get(0).text());
        assertTrue(replay.state().slaveDown());
        assertEquals(Optional.of(1), replay.state().currentSlave());
        assertEquals(List.of(), replay.all(IssuTracker.MasterRebooting.class));
    }

    @Test
    void aMissingIssuVersionFailsWhileValidatingWithNoSlaveDown() {
        Replay replay = replay(aos("issu-from-new_firm-no-issu-version.txt"), Set.of(1, 2), 2);

        IssuTracker.Failed failed = assertInstanceOf(IssuTracker.Failed.class,
                replay.actions().get(replay.actions().size() - 1));
        assertTrue(failed.text().contains("issu_version file not found"), failed.text());
        assertFalse(replay.state().slaveDown());
        assertEquals(Optional.of(IssuPhase.VALIDATING), replay.state().phase());
    }

    @Test
    void aCliErrorBeforeTheQuestionFailsAtOnce() {
        Replay replay = replay(aos("issu-from-missing-directory.txt"), Set.of(1, 2), 2);

        assertEquals(List.of(new IssuTracker.Failed("ERROR: Directory /flash/new_firm does not exist")),
                replay.all(IssuTracker.Failed.class));
        assertEquals(Optional.empty(), replay.state().phase());
    }

    @Test
    void theSameSessionWithWindowsLineEndsAndColourCodesTellsTheSameStory() {
        String noisy = crlf(aos("issu-from-new_firm-session.txt")).replace("VCISSU:", "\u001B[1mVCISSU:\u001B[0m");

        assertEquals(story(replay(aos("issu-from-new_firm-session.txt"), Set.of(1, 2), 2).state()),
                story(replay(noisy, Set.of(1, 2), 2).state()));
    }

    @Test
    void eachPhaseSetsItsOwnLimitAndASlavesSecondLineKeepsTheFirstOnesDeadline() {
        IssuTracker.State state = IssuTracker.confirmed(LIMITS, Set.of(1, 2), 2, CONFIRMED);
        assertEquals(CONFIRMED.plus(LIMITS.imageValidation()), state.deadline());

        Instant copying = CONFIRMED.plusSeconds(30);
        state = IssuTracker.read(state, "+++ VCISSU: all slaves copying images...", copying).state();
        assertEquals(copying.plus(LIMITS.imageCopy()), state.deadline());

        Instant rebooting = CONFIRMED.plusSeconds(60);
        state = IssuTracker.read(state, "+++ VCISSU: slave 1 is rebooting", rebooting).state();
        assertEquals(rebooting.plus(LIMITS.perSlave()), state.deadline());
        state = IssuTracker.read(state, "+++ VCISSU: slave 1 topology change.  Waiting for shared memory update.",
                rebooting.plusSeconds(20)).state();
        assertEquals(rebooting.plus(LIMITS.perSlave()), state.deadline(), "the same slave's reboot, same limit");
        assertFalse(state.overLimit(rebooting.plus(LIMITS.perSlave()).minusMillis(1)));
        assertTrue(state.overLimit(rebooting.plus(LIMITS.perSlave())));
    }

    @Test
    void aSessionDroppedBeforeTheMastersRebootGivesTheRemainingSlavesAndTheMasterTheirTime() {
        IssuTracker.State state = IssuTracker.confirmed(LIMITS, Set.of(1, 2, 3), 1, CONFIRMED);
        state = IssuTracker.read(state, "+++ VCISSU: all slaves have copied images.", CONFIRMED.plusSeconds(60))
                .state();
        state = IssuTracker.read(state, "+++ VCISSU: slave 2 is rebooting", CONFIRMED.plusSeconds(70)).state();
        Instant dropped = CONFIRMED.plusSeconds(80);

        IssuTracker.State after = IssuTracker.dropped(state, dropped);

        assertEquals(Optional.of(dropped), after.droppedAt());
        // slave 3 still to come, slave 2 under way, then the master
        Duration expected = LIMITS.perSlave().multipliedBy(2).plus(LIMITS.masterReboot());
        assertEquals(expected, after.limit());
        assertEquals(dropped.plus(expected), after.deadline());
        assertEquals(after, IssuTracker.polling(after, dropped.plusSeconds(5)), "a dropped session keeps its time");
    }

    @Test
    void aSessionThatEndsWithoutTheRebootOrADropGivesTheMasterItsRebootsTime() {
        IssuTracker.State state = IssuTracker.confirmed(LIMITS, Set.of(1, 2), 2, CONFIRMED);
        Instant left = CONFIRMED.plusSeconds(5);

        IssuTracker.State polling = IssuTracker.polling(state, left);

        assertEquals(left.plus(LIMITS.masterReboot()), polling.deadline());
        assertEquals(state.transcript(), polling.transcript());
    }

    @Test
    void linesAfterTheRebootAnnouncementOnlyGrowTheTranscript() {
        Replay replay = replay(aos("issu-from-new_firm-session.txt"), Set.of(1, 2), 2);

        IssuTracker.State after = IssuTracker.afterReboot(replay.state(), "+++ bootMgrRebootCMM: Rebooting CMM");

        assertEquals(replay.state().transcript().size() + 1, after.transcript().size());
        assertEquals(replay.state().phases(), after.phases());
        assertEquals(replay.state().deadline(), after.deadline());
    }
}
