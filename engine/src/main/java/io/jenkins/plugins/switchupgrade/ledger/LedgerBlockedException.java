package io.jenkins.plugins.switchupgrade.ledger;

import java.util.List;

/**
 * The ledger forbids what was asked: a switch of the data center failed without an acknowledgement, or is in flight
 * (a disruption was sent and no outcome recorded), or another disruption runs in the same rack or beyond the allowed
 * number at once. The message names the switch, what happened, when, by whom, and the exact command to go on.
 */
public final class LedgerBlockedException extends IllegalStateException {
    private final transient List<LedgerState.SwitchState> blockers;

    public LedgerBlockedException(String message, List<LedgerState.SwitchState> blockers) {
        super(message);
        this.blockers = List.copyOf(blockers);
    }

    /** The switches that block, as the ledger had them. */
    public List<LedgerState.SwitchState> blockers() {
        // null once the exception crossed a process boundary (a Jenkins agent): the message still names them
        return blockers == null ? List.of() : blockers;
    }
}
