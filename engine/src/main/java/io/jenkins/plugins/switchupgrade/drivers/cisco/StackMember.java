package io.jenkins.plugins.switchupgrade.drivers.cisco;

import java.util.Objects;

/**
 * One row of the member table of {@code show switch}: switch number, role, MAC address, priority,
 * hardware version and current state.
 *
 * @param local      true for the row marked {@code *}, the switch the session is connected to
 * @param roleText   the role exactly as printed
 * @param macAddress the MAC in Cisco notation, lower case, e.g. {@code 70b3.1712.e800}
 * @param hardwareVersion the H/W version as printed ({@code V01}, {@code 4}); empty when the column is blank
 * @param state      the current state as printed, e.g. {@code Ready} or {@code Version Mismatch}
 */
public record StackMember(int number, boolean local, StackRole role, String roleText, String macAddress,
        int priority, String hardwareVersion, String state) {

    public StackMember {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(roleText, "roleText");
        Objects.requireNonNull(macAddress, "macAddress");
        Objects.requireNonNull(hardwareVersion, "hardwareVersion");
        Objects.requireNonNull(state, "state");
    }

    /**
     * True for a row with no switch behind it: the all-zero MAC that IOS XE prints for a provisioned or removed
     * switch number. Such a row is a slot, not a member.
     */
    public boolean isEmptySlot() {
        return "0000.0000.0000".equals(macAddress);
    }

    /** True when the switch is {@code Ready}, the state of a member that forwards traffic. */
    public boolean isReady() {
        return "ready".equalsIgnoreCase(state);
    }

    /** A short description for logs: {@code switch 2 (Standby, Ready, 70b3.1713.1a80)}. */
    public String describe() {
        return "switch " + number + " (" + roleText + ", " + state + ", " + macAddress + ")";
    }
}
