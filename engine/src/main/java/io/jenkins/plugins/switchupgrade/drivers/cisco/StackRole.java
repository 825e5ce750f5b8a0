package io.jenkins.plugins.switchupgrade.drivers.cisco;

import java.util.Locale;

/** The role of a switch in a Cisco stack; IOS prints {@code Master}, IOS XE {@code Active}, both mean {@link #ACTIVE}. */
public enum StackRole {
    /** The switch that runs the stack ({@code Active}, or {@code Master} on older IOS). */
    ACTIVE,
    /** The switch that takes over when the active one fails. */
    STANDBY,
    MEMBER,
    /** A role this parser does not know; the raw text is kept on the member. */
    UNKNOWN;

    static StackRole of(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "active":
            case "master":
                return ACTIVE;
            case "standby":
                return STANDBY;
            case "member":
                return MEMBER;
            default:
                return UNKNOWN;
        }
    }
}
