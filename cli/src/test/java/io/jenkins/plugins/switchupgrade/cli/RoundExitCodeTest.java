package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.campaign.RoundReport;
import io.jenkins.plugins.switchupgrade.campaign.SwitchResult;
import io.jenkins.plugins.switchupgrade.drivers.Touch;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The exit code of an aborted round follows the typed {@link Touch} of its switches, not the words of their reasons:
 * 3 when no switch was touched, 1 when one was.
 */
class RoundExitCodeTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private static SwitchResult failed(String reason, Touch touch) {
        return new SwitchResult("leaf-r1-p1-pod1", "1", List.of("leaf-r1-p2-pod1"), "5.9.1", "5.10.0",
                SwitchResult.Outcome.FAILED, reason, touch, null, null, null, T0, T0.plusSeconds(5));
    }

    private static RoundReport aborted(SwitchResult... results) {
        return new RoundReport(RoundReport.Status.ABORTED, "lab1", "leaf", "5.9.1", "5.10.0", T0, T0.plusSeconds(9),
                List.of(results), "stopped", 0);
    }

    @Test
    void aRoundStoppedBeforeAnythingWasSentIsAServiceOutage() {
        assertEquals(ExitCode.SERVICE_UNUSABLE, RoundCommand.exitCode(aborted(failed("the audit webhook refused",
                Touch.NOT_TOUCHED))));
    }

    @Test
    void aTouchedSwitchFailsTheRoundWhateverItsReasonSays() {
        assertEquals(ExitCode.FAILED, RoundCommand.exitCode(aborted(failed("not touched: words alone decide nothing",
                Touch.TOUCHED))));
        assertEquals(ExitCode.FAILED, RoundCommand.exitCode(aborted(failed("the switch may be down",
                Touch.MAY_BE_DOWN))));
    }

    @Test
    void aFailureWithoutATouchGivenCountsAsTouched() {
        SwitchResult untyped = new SwitchResult("leaf-r1-p1-pod1", "1", List.of(), "5.9.1", "5.10.0",
                SwitchResult.Outcome.FAILED, "its pre-check failed", null, null, null, T0, T0);
        SwitchResult skipped = new SwitchResult("leaf-r2-p1-pod1", "2", List.of(), "5.9.1", "5.10.0",
                SwitchResult.Outcome.SKIPPED, "its sibling is down", null, null, null, T0, T0);

        assertEquals(Touch.TOUCHED, untyped.touch());
        assertEquals(Touch.NOT_TOUCHED, skipped.touch());
        assertEquals(ExitCode.FAILED, RoundCommand.exitCode(aborted(untyped, skipped)));
        assertEquals(ExitCode.SERVICE_UNUSABLE, RoundCommand.exitCode(aborted(skipped)));
    }
}
