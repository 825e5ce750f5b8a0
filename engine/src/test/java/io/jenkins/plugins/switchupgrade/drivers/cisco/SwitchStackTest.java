package io.jenkins.plugins.switchupgrade.drivers.cisco;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;

import static io.jenkins.plugins.switchupgrade.drivers.cisco.Fixtures.cisco;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SwitchStackTest {

    @Test
    void readsAStackWithIndefiniteMacPersistency() {
        SwitchStack stack = SwitchStack.parse(cisco("show-switch-persistent.txt"));

        assertEquals("70b3.1712.e800", stack.stackMac());
        assertEquals(MacPersistency.indefinite(), stack.persistency());
        assertEquals(List.of(
                new StackMember(1, true, StackRole.ACTIVE, "Active", "70b3.1712.e800", 15, "V01", "Ready"),
                new StackMember(2, false, StackRole.STANDBY, "Standby", "70b3.1713.1a80", 14, "V01", "Ready"),
                new StackMember(3, false, StackRole.MEMBER, "Member", "70b3.1714.4c00", 1, "V01", "Ready")),
                stack.members());
        assertEquals(1, stack.active().orElseThrow().number());
        assertEquals(2, stack.standby().orElseThrow().number());
        assertEquals(1, stack.local().orElseThrow().number());
        assertEquals(List.of(), stack.notReady());
        assertFalse(stack.usesForeignMac());
    }

    @Test
    void readsAWaitTimeInMinutesAndTheOlderMasterRole() {
        SwitchStack stack = SwitchStack.parse(cisco("show-switch-timer-4.txt"));

        assertEquals(MacPersistency.Kind.MINUTES, stack.persistency().kind());
        assertEquals(OptionalInt.of(4), stack.persistency().waitMinutes());
        assertEquals(StackRole.ACTIVE, stack.member(1).orElseThrow().role());
        assertEquals("Master", stack.member(1).orElseThrow().roleText());
        assertTrue(stack.standby().isEmpty());
    }

    @Test
    void readsAMissingPersistencyLineAsDisabled() {
        SwitchStack stack = SwitchStack.parse(cisco("show-switch-no-persistency.txt"));

        assertEquals(MacPersistency.absent(), stack.persistency());
        assertEquals(2, stack.members().size());
    }

    @Test
    void noticesAStackMacThatBelongsToNoMember() {
        SwitchStack stack = SwitchStack.parse(cisco("show-switch-foreign-mac.txt"));

        assertTrue(stack.usesForeignMac());
        assertTrue(stack.member(1).isEmpty());
    }

    @Test
    void keepsAStateOfTwoWords() {
        SwitchStack stack = SwitchStack.parse(cisco("show-switch-version-mismatch.txt"));

        assertEquals("Version Mismatch", stack.member(3).orElseThrow().state());
        assertEquals(List.of(stack.member(3).orElseThrow()), stack.notReady());
    }

    @Test
    void refusesATruncatedMemberTableNamingWhatWasExpectedAndSeen() {
        CliOutputException e = assertThrows(CliOutputException.class,
                () -> SwitchStack.parse(cisco("show-switch-truncated.txt")));

        assertEquals("show switch", e.command());
        assertTrue(e.expected().startsWith("a member row"), e.getMessage());
        assertEquals("'2       Standby  70b3.17'", e.seen());
        assertTrue(e.getMessage().contains("terminal length 0"), e.getMessage());
    }

    @Test
    void refusesEmptyOutput() {
        assertEquals("no output at all", assertThrows(CliOutputException.class, () -> SwitchStack.parse("")).seen());
    }

    @Test
    void refusesOutputWithoutAMemberTable() {
        String head = String.join("\n", cisco("show-switch-persistent.txt").lines().limit(2).toList());

        assertEquals("no member table", assertThrows(CliOutputException.class, () -> SwitchStack.parse(head)).seen());
    }

    @Test
    void refusesAnUnreadableWaitTime() {
        String odd = cisco("show-switch-persistent.txt").replace("Indefinite", "soon");

        CliOutputException e = assertThrows(CliOutputException.class, () -> SwitchStack.parse(odd));

        assertTrue(e.seen().contains("soon"), e.getMessage());
    }

    @Test
    void refusesTheAnswerOfANonStackingSwitch() {
        String invalid = "show switch\r\n        ^\r\n% Invalid input detected at '^' marker.\r\n";

        CliOutputException e = assertThrows(CliOutputException.class, () -> SwitchStack.parse(invalid));

        assertTrue(e.getMessage().contains("stackable Catalyst"), e.getMessage());
    }

    @Test
    void readsTheSessionAsTheSwitchSendsIt() {
        String text = cisco("show-switch-persistent.txt");

        SwitchStack fromSession = SwitchStack.parse(Fixtures.crlf(Fixtures.session("3850-stack-01#", text)));

        assertEquals(SwitchStack.parse(text), fromSession);
    }
}
