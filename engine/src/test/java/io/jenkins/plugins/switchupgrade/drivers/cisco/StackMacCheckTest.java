package io.jenkins.plugins.switchupgrade.drivers.cisco;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;

import static io.jenkins.plugins.switchupgrade.drivers.cisco.Fixtures.cisco;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackMacCheckTest {

    @Test
    void passesWhenTheMacPersistsIndefinitely() {
        StackMacCheck check = StackMacCheck.evaluate(cisco("show-switch-persistent.txt"));

        assertTrue(check.passed());
        assertEquals(Optional.empty(), check.fixCommand());
        assertTrue(check.reason().contains("stack-mac persistent timer 0"), check.reason());
        assertEquals(List.of(), check.warnings());
    }

    @Test
    void refusesWhenTheMacChangesAfterFourMinutes() {
        StackMacCheck check = StackMacCheck.evaluate(cisco("show-switch-timer-4.txt"));

        assertFalse(check.passed());
        assertEquals(Optional.of("stack-mac persistent timer 0"), check.fixCommand());
        String reason = check.reason();
        assertTrue(reason.startsWith("Mac persistency wait time: 4 mins, so the stack MAC 0c27.24a1.5b00 changes 4"),
                reason);
        assertTrue(reason.contains("Spanning Tree bridge ID"), reason);
        assertTrue(reason.contains("LACP"), reason);
        assertTrue(reason.contains("default gateway"), reason);
    }

    @Test
    void refusesWhenPersistentMacIsDisabled() {
        StackMacCheck check = StackMacCheck.evaluate(cisco("show-switch-no-persistency.txt"));

        assertFalse(check.passed());
        assertTrue(check.reason().contains("persistent MAC is disabled"), check.reason());
        assertTrue(check.toString().startsWith("Stack MAC check failed: "));
    }

    @Test
    void warnsThatTheStackMacBelongsToASwitchThatLeft() {
        StackMacCheck check = StackMacCheck.evaluate(cisco("show-switch-foreign-mac.txt"));

        assertTrue(check.passed());
        assertEquals(1, check.warnings().size());
        assertTrue(check.warnings().get(0).contains("`no stack-mac persistent timer`"), check.warnings().get(0));
    }

    @Test
    void explainsTheDuplicateMacCaveatAndTheReleaseCommand() {
        StackMacCheck check = StackMacCheck.evaluate(cisco("show-switch-persistent.txt"));

        assertEquals("no stack-mac persistent timer", check.releaseCommand());
        assertTrue(check.duplicateMacCaveat().contains("two devices carry the same MAC"));
    }

    @Test
    void refusesToJudgeUnreadableOutput() {
        assertThrows(CliOutputException.class, () -> StackMacCheck.evaluate(cisco("show-switch-truncated.txt")));
    }
}
