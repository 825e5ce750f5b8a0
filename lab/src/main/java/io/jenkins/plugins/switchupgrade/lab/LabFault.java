package io.jenkins.plugins.switchupgrade.lab;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A fault the lab can inject into one simulated switch, named as on the command line ({@code --fault NAME=KIND}). */
public enum LabFault {
    /** The switch goes down on reboot and never comes back. */
    NO_RETURN("no-return"),
    /** After the next reboot two BGP peers stay down. */
    BGP_LOSS("bgp-loss"),
    /** After the next reboot two links stay down. */
    LINK_LOSS("link-loss"),
    /** The reboot brings the switch back on the version it ran before. */
    OLD_VERSION("old-version"),
    /** The global health status reports a failure from the start. */
    UNHEALTHY("unhealthy"),
    /** Ports stay open for a while after the reboot command before the switch goes down. */
    SLOW_REBOOT("slow-reboot"),
    /** The SSH server does not accept connections. */
    SSH_DOWN("ssh-down"),
    /** The SSH server presents a host key other than the one in known_hosts. */
    HOSTKEY_CHANGED("hostkey-changed"),
    /** During ISSU the slave chassis never returns. */
    ISSU_SLAVE_FAILS("issu-slave-fails"),
    /** During ISSU the master prints a VCISSU failure and stops. */
    ISSU_ERROR("issu-error"),
    /** Stack MAC retention is disabled. */
    MAC_RETENTION_OFF("mac-retention-off"),
    /** The MLAG peer link is down: clagd on the switch sees no peer. */
    CLAG_PEER_DOWN("clag-peer-down"),
    /** A single-attached (orphan) port of the MLAG pair carries traffic on the switch. */
    ORPHAN_PORT("orphan-port"),
    /** The switch answers the drain commands, but its traffic does not move to its sibling. */
    DRAIN_IGNORED("drain-ignored"),
    /**
     * After the next reboot the configuration ZTP brings back lacks a BGP neighbor and an interface MTU; on an AOS
     * virtual chassis, after the ISSU its {@code vcboot.cfg} lacks a link aggregate and an IP interface.
     */
    CONFIG_DRIFT("config-drift"),
    /**
     * {@code write memory flash-synchro} answers with the prompt only and {@code show running-directory} shows the
     * running configuration NOT SYNCHRONIZED.
     */
    FLASH_NOT_SYNCHRONIZED("flash-not-synchronized");

    private final String kind;

    LabFault(String kind) {
        this.kind = kind;
    }

    /** The name used on the command line and in lab.json. */
    public String kind() {
        return kind;
    }

    /** Parses a fault kind such as {@code no-return}; the error lists the known kinds. */
    public static LabFault parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (LabFault fault : values()) {
            if (fault.kind.equals(wanted)) {
                return fault;
            }
        }
        throw new IllegalArgumentException("unknown fault kind '" + text + "'; known kinds: "
                + Arrays.stream(values()).map(LabFault::kind).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return kind;
    }
}
