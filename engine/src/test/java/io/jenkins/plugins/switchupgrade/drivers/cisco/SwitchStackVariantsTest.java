package io.jenkins.plugins.switchupgrade.drivers.cisco;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;

import static io.jenkins.plugins.switchupgrade.drivers.cisco.Fixtures.cisco;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code show switch} and {@code show switch detail} as captured from IOS and IOS XE stacks (see the fixtures README). */
class SwitchStackVariantsTest {

    @Test
    void provisionedSlotsWithAnEmptyHardwareColumnAreNotMembers() {
        SwitchStack stack = SwitchStack.parse(cisco("show-switch-provisioned-slots.txt"));

        assertEquals(List.of(new StackMember(1, true, StackRole.ACTIVE, "Active", "0c75.bd6e.db00", 15, "V02",
                "Ready")), stack.members());
        assertEquals(List.of(2, 3), stack.slots().stream().map(StackMember::number).toList());
        assertEquals("", stack.slots().get(0).hardwareVersion());
        assertEquals("Provisioned", stack.slots().get(0).state());
        assertEquals(List.of(), stack.notReady(), "a healthy one-switch stack with two provisioned slots");
        assertTrue(StackMacCheck.evaluate(stack).passed());
    }

    @Test
    void aMemberInVersionMismatchWithHardwareVersionZeroIsNotReady() {
        SwitchStack stack = SwitchStack.parse(cisco("show-switch-v-mismatch.txt"));

        StackMember fourth = stack.member(4).orElseThrow();
        assertEquals("0", fourth.hardwareVersion());
        assertEquals("V-Mismatch", fourth.state());
        assertEquals(List.of(fourth), stack.notReady());
        assertEquals(4, stack.members().size());
    }

    @Test
    void theStackPortTableOfShowSwitchDetailIsReadAsStackPortsNotMembers() {
        SwitchStack stack = SwitchStack.parse(cisco("show-switch-detail-ring.txt"));

        assertEquals(List.of(1, 2, 3), stack.members().stream().map(StackMember::number).toList());
        assertEquals(List.of(new SwitchStack.StackPort(1, "OK", "OK", "3", "2"),
                new SwitchStack.StackPort(2, "OK", "OK", "1", "3"),
                new SwitchStack.StackPort(3, "OK", "OK", "2", "1")), stack.stackPorts());
        assertEquals(List.of(), stack.notReady());
    }

    @Test
    void aSingleSwitchDetailWithDownStackPorts() {
        SwitchStack stack = SwitchStack.parse(cisco("show-switch-detail-single.txt"));

        assertEquals(1, stack.members().size());
        assertEquals(List.of(new SwitchStack.StackPort(1, "DOWN", "DOWN", "None", "None")), stack.stackPorts());
    }

    @Test
    void classicIosPrintsMasterAndANumericHardwareVersion() {
        SwitchStack stack = SwitchStack.parse(cisco("show-switch-detail-ios-master.txt"));

        StackMember master = stack.active().orElseThrow();
        assertEquals("Master", master.roleText());
        assertEquals("4", master.hardwareVersion());
        assertEquals(MacPersistency.absent(), stack.persistency());
        assertEquals(2, stack.stackPorts().size());
        assertTrue(!StackMacCheck.evaluate(stack).passed(), "no persistency line: the check fails");
    }

    @Test
    void aPagedSessionWithCrLfEchoAndPromptReadsLikeThePlainText() {
        SwitchStack paged = SwitchStack.parse(cisco("show-switch-detail-paged-session.txt"));

        assertEquals(SwitchStack.parse(cisco("show-switch-detail-ring.txt")), paged);
    }

    @Test
    void anUnknownRowInTheStackPortTableNamesTheLine() {
        String odd = cisco("show-switch-detail-ring.txt").replace("  2         OK         OK               1        3 ",
                "  2         OK");

        CliOutputException e = assertThrows(CliOutputException.class, () -> SwitchStack.parse(odd));

        assertEquals("show switch detail", e.command());
        assertEquals("'2         OK'", e.seen());
        assertTrue(e.getMessage().contains("run `show switch` again"), e.getMessage());
    }

    @Test
    void onlyEmptySlotsIsNotAStack() {
        String slotsOnly = cisco("show-switch-provisioned-slots.txt").lines()
                .filter(l -> !l.startsWith("*1")).reduce("", (a, b) -> a + b + "\n");

        CliOutputException e = assertThrows(CliOutputException.class, () -> SwitchStack.parse(slotsOnly));

        assertTrue(e.seen().startsWith("only empty slots"), e.getMessage());
    }
    @Test
    void anUnprovisionedSlotWithAnEmptyHardwareColumnIsNotAMember() {
        SwitchStack stack = SwitchStack.parse(cisco("show-switch-detail-unprovisioned-no-hw.txt"));

        assertEquals(List.of(1), stack.members().stream().map(StackMember::number).toList());
        StackMember slot = stack.slots().get(0);
        assertEquals(2, slot.number());
        assertEquals("Unprovisioned", slot.state());
        assertEquals("", slot.hardwareVersion());
        assertEquals(List.of(), stack.notReady());
        assertEquals(List.of(new SwitchStack.StackPort(1, "DOWN", "DOWN", "None", "None")), stack.stackPorts());
        assertTrue(StackMacCheck.evaluate(stack).passed());
    }

    @Test
    void anUnprovisionedSlotThatPrintsAHardwareVersionIsStillNotAMember() {
        SwitchStack stack = SwitchStack.parse(cisco("show-switch-detail-unprovisioned-with-hw.txt"));

        assertEquals(List.of(1), stack.members().stream().map(StackMember::number).toList());
        assertEquals("V03", stack.slots().get(0).hardwareVersion());
        assertEquals("Unprovisioned", stack.slots().get(0).state());
        assertEquals(List.of(), stack.notReady());
    }

    @Test
    void classicIosThreeMastersRingWithOkPorts() {
        SwitchStack stack = SwitchStack.parse(cisco("show-switch-detail-ios-3-members.txt"));

        assertEquals(List.of(1, 2, 3), stack.members().stream().map(StackMember::number).toList());
        assertEquals("Master", stack.active().orElseThrow().roleText());
        assertEquals("3", stack.member(2).orElseThrow().hardwareVersion());
        assertEquals(new SwitchStack.StackPort(2, "Ok", "Ok", "1", "3"), stack.stackPorts().get(1));
        assertEquals(MacPersistency.absent(), stack.persistency());
    }

    @Test
    void fourMembersWithTheStandbyLastAndUpperCasePortStates() {
        SwitchStack stack = SwitchStack.parse(cisco("show-switch-detail-4-members-uppercase-ok.txt"));

        assertEquals(4, stack.members().size());
        assertEquals(StackRole.STANDBY, stack.member(4).orElseThrow().role());
        assertEquals(4, stack.stackPorts().size());
        assertEquals(List.of(), stack.notReady());
        assertTrue(StackMacCheck.evaluate(stack).passed());
    }

    @Test
    void anActiveAndStandbyPairWithTrailingBlanks() {
        SwitchStack stack = SwitchStack.parse(cisco("show-switch-active-standby.txt"));

        assertEquals(List.of(StackRole.ACTIVE, StackRole.STANDBY), stack.members().stream().map(StackMember::role)
                .toList());
        assertEquals("04bd.9715.5140", stack.stackMac());
        assertTrue(StackMacCheck.evaluate(stack).passed());
    }

    @Test
    void aStackWiseVirtualPairOfCatalyst9500() {
        SwitchStack stack = SwitchStack.parse(cisco("show-switch-c9500-svl.txt"));

        assertEquals(2, stack.members().size());
        assertEquals(14, stack.member(2).orElseThrow().priority());
        assertTrue(StackMacCheck.evaluate(stack).passed());
    }

    @Test
    void invalidInputIsRefusedWithTheSwitchesOwnMessage() {
        CliOutputException e = assertThrows(CliOutputException.class,
                () -> SwitchStack.parse(cisco("show-switch-detail-invalid-input-session.txt")));

        assertEquals("'% Invalid input detected at '^' marker.'", e.seen());
        assertTrue(e.getMessage().contains("may the account run `show switch`"), e.getMessage());
    }

    @Test
    void anEmptyAnswerAsAStackWiseVirtualPairGaveItOnceIsRefused() {
        CliOutputException e = assertThrows(CliOutputException.class, () -> SwitchStack.parse("c9500#show switch\r\n"
                + "c9500#"));

        assertTrue(e.expected().contains("Switch/Stack Mac Address"), e.getMessage());
        assertEquals("no such line in 2 line(s)", e.seen(), "only the echoed command and the prompt came back");
    }
}
