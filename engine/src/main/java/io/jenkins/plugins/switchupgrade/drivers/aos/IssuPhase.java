package io.jenkins.plugins.switchupgrade.drivers.aos;

/**
 * The phases of an AOS virtual-chassis ISSU ({@code issu from <dir>}) in the order they happen:
 * the master validates the images, the slaves copy them and reboot one by one on the new image,
 * a rebooted slave takes over, and finally the old master reboots.
 */
public enum IssuPhase {
    /** {@code VCISSU: validating images on master. (directory "new_firm")} */
    VALIDATING,
    /** {@code VCISSU: images validated.} */
    IMAGES_VALIDATED,
    /** {@code VCISSU: all slaves copying images...} */
    SLAVES_COPYING,
    /** {@code VCISSU: slave 1 finished copying images.} (with the chassis) */
    SLAVE_COPIED,
    /** {@code VCISSU: all slaves have copied images.} */
    ALL_SLAVES_COPIED,
    /** {@code VCISSU: slave 1 is rebooting} and the slave leaving the topology (with the chassis). */
    SLAVE_REBOOTING,
    /** The rebooted slave takes over: shared memory updated, VC takeover events. */
    TAKEOVER,
    /** {@code VCISSU: slave 1 acknowledged vc ready. VCISSU complete for this slave.} (with the chassis) */
    SLAVE_READY,
    /** {@code VCISSU: Master Chassis rebooting at end of VCISSU procedure}; the session drops next. */
    MASTER_REBOOTING,
    /**
     * A console that reports the whole procedure complete. The master's own session usually ends
     * with {@link #MASTER_REBOOTING}; completion is then confirmed by polling topology and microcode.
     */
    COMPLETE
}
