package io.jenkins.plugins.switchupgrade.drivers.aos;

import java.util.Locale;

/** The role a chassis plays in an AOS virtual chassis, as {@code show virtual-chassis topology} prints it. */
public enum ChassisRole {
    MASTER,
    SLAVE,
    /** A chassis whose settings contradict the rest of the virtual chassis (duplicate id, group mismatch). */
    INCONSISTENT,
    /** A chassis still electing or joining. */
    STARTUP,
    UNASSIGNED,
    /** A role this parser does not know; the raw text is kept on the member. */
    UNKNOWN;

    static ChassisRole of(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "master":
                return MASTER;
            case "slave":
                return SLAVE;
            case "inconsistent":
                return INCONSISTENT;
            case "startup":
                return STARTUP;
            case "unassigned":
                return UNASSIGNED;
            default:
                return UNKNOWN;
        }
    }
}
