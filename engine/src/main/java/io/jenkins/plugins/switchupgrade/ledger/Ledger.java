package io.jenkins.plugins.switchupgrade.ledger;

import io.jenkins.plugins.switchupgrade.fleet.Switch;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The fleet's memory of one data center, shared by every round and step of it (CLI: a file in the state directory;
 * Jenkins: a file on the controller, reached from the agents). A claim is recorded before each disruptive command
 * and an outcome after it, so that a failed switch blocks every later round until a person acknowledges it, and a
 * switch left in flight by a crash, a signal or an outage is never forgotten.
 */
public interface Ledger {
    /** How a host tells people to go on: the CLI names its commands, Jenkins its step and build-page button. */
    interface Remedies {
        /** The exact command that acknowledges {@code switchName} of {@code datacenter}. */
        String acknowledge(String datacenter, String switchName);

        /** The exact command that completes the switches in flight of {@code datacenter}, or empty when none. */
        String resume(String datacenter);
    }

    /**
     * A claim of a switch for its disruption: what is about to be sent ({@code inFlight}, with the rack), how many
     * switches of the data center may be in flight at once, on whose behalf, from which process ({@code pid@host}).
     */
    record Claim(String switchName, InFlight inFlight, int maxInFlight, String actor, String process, String reason)
            implements Serializable {
    }

    /** The file ledger of {@code datacenter} in {@code stateDir}; the data center must be a safe file name. */
    static Ledger open(Path stateDir, String datacenter, Remedies remedies, Clock clock) {
        return FileLedger.open(stateDir, datacenter, remedies, clock);
    }

    /** Refuses a data center name that cannot be a file name component (path separators, dots only, controls). */
    static String requireDatacenter(String datacenter) {
        if (datacenter == null || !FileLedger.DATACENTER.matcher(datacenter).matches()) {
            StringBuilder shown = new StringBuilder();
            for (char c : (datacenter == null ? "" : datacenter).toCharArray()) {
                shown.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
            throw new IllegalArgumentException("the data center name '" + (shown.length() > 80
                    ? shown.substring(0, 80) + "..." : shown) + "' cannot name the ledger and lock files: use letters, "
                    + "digits, '.', '_' and '-' (at most 64, starting with a letter or digit)");
        }
        return datacenter;
    }

    /** This process as ledger entries name it: {@code pid@host}. */
    static String thisProcess() {
        return FileLedger.PROCESS;
    }

    /** The name of this host, for the ledger's and the lock's records. */
    static String hostName() {
        return FileLedger.host();
    }

    String datacenter();

    /** Where the ledger is kept, for messages (a file name). */
    String where();

    /** How this ledger's host tells people to go on. */
    Remedies remedies();

    /** Reads and folds every entry; an empty ledger has no switch. */
    LedgerState replay();

    /**
     * Refuses to start a round while a switch failed without acknowledgement or is in flight (unless
     * {@code inFlightAllowed}: the round is to complete them).
     *
     * @throws LedgerBlockedException naming each blocking switch, what happened, when, by whom, and how to go on
     */
    LedgerState requireClear(boolean inFlightAllowed);

    /**
     * Claims a switch for a disruption, atomically with the check: refused while any switch of the data center
     * failed without acknowledgement, while the switch itself is in flight, while a switch of its rack is, while
     * {@code maxInFlight} switches are, or once {@code stopping} says the caller is being stopped. The claim is
     * durable before this returns.
     */
    LedgerEntry claim(Claim claim, BooleanSupplier stopping);

    /**
     * Applies the claim's rule without claiming: what a disruptive step checks before it silences anything.
     *
     * @throws LedgerBlockedException when the claim would be refused now
     */
    void check(Claim claim);

    /** {@link #claim(Claim, BooleanSupplier)} from this process, never stopping. */
    default LedgerEntry claim(Switch target, InFlight inFlight, int maxInFlight, String actor, String reason) {
        return claim(new Claim(target.name(), inFlight, maxInFlight, actor, thisProcess(), reason), () -> false);
    }

    /** Records an outcome ({@link LedgerEntry.Kind#UPGRADED}, {@code FAILED}), a release or an interruption. */
    LedgerEntry record(LedgerEntry.Kind kind, String switchName, String actor, String reason);

    /**
     * Records that {@code actor} (a person: user@host, or the Jenkins user) looked at {@code switchName} and lets the
     * data center go on; only a failed or in-flight switch can be acknowledged, and the reason is required.
     */
    LedgerEntry acknowledge(String switchName, String actor, String reason);

    /** Every entry, in order. */
    List<LedgerEntry> entries();

    /** One sentence on a switch: what happened, when, by whom, from where. */
    String describe(LedgerState.SwitchState state);
}
