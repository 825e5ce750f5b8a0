package io.jenkins.plugins.switchupgrade.ledger;

/**
 * The ledger cannot be read or written (disk, permissions, a line that is not a ledger entry). Nothing disruptive
 * may go out while the fleet's memory is unusable.
 */
public final class LedgerException extends IllegalStateException {
    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
