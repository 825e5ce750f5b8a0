package io.jenkins.plugins.switchupgrade.ledger;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A data center's ledger replayed: per switch whether it is clear, in flight (a disruption was claimed and no outcome
 * followed, interrupted or not) or failed without an acknowledgement.
 */
public record LedgerState(String datacenter, Map<String, SwitchState> switches, long lastSequence)
        implements Serializable {
    /** Where one switch stands after the replay. */
    public enum Status { CLEAR, IN_FLIGHT, FAILED }

    /**
     * One switch after the replay: its status, the entry that decided it ({@code last}) and the claim of its latest
     * disruption ({@code claim}, null when it never was claimed).
     */
    public record SwitchState(String switchName, Status status, LedgerEntry last, LedgerEntry claim)
            implements Serializable {
        /** Whether the process that claimed it was interrupted (its in-flight state is then a known one). */
        public boolean interrupted() {
            return status == Status.IN_FLIGHT && last.kind() == LedgerEntry.Kind.INTERRUPTED;
        }

        /** The rack of the claimed disruption, or an empty string. */
        public String rack() {
            return claim == null ? "" : claim.inFlight().rack();
        }

        public Optional<InFlight> inFlight() {
            return claim == null ? Optional.empty() : Optional.of(claim.inFlight());
        }
    }

    public LedgerState {
        switches = Map.copyOf(switches);
    }

    /** Folds the entries, in file order, into the state of each switch. */
    public static LedgerState replay(String datacenter, List<LedgerEntry> entries) {
        Map<String, SwitchState> states = new LinkedHashMap<>();
        long last = 0;
        for (LedgerEntry entry : entries) {
            last = Math.max(last, entry.sequence());
            SwitchState before = states.get(entry.switchName());
            LedgerEntry claim = before == null ? null : before.claim();
            Status status = switch (entry.kind()) {
                case DISRUPTION_CLAIMED, INTERRUPTED -> Status.IN_FLIGHT;
                case FAILED -> Status.FAILED;
                case RELEASED, UPGRADED, ACKNOWLEDGED -> Status.CLEAR;
            };
            if (entry.kind() == LedgerEntry.Kind.DISRUPTION_CLAIMED) {
                claim = entry;
            }
            if (entry.kind() == LedgerEntry.Kind.INTERRUPTED && (before == null || before.status() != Status.IN_FLIGHT)) {
                // an interruption reported after the outcome changes nothing
                continue;
            }
            states.put(entry.switchName(), new SwitchState(entry.switchName(), status, entry, claim));
        }
        return new LedgerState(datacenter, new LinkedHashMap<>(states), last);
    }

    /** The switches left in flight, in the order they were claimed. */
    public List<SwitchState> inFlight() {
        return with(Status.IN_FLIGHT);
    }

    /** The switches that failed and were not acknowledged. */
    public List<SwitchState> failures() {
        return with(Status.FAILED);
    }

    /** Everything that keeps a new round from starting: failures first, then switches in flight. */
    public List<SwitchState> blockers() {
        List<SwitchState> all = new ArrayList<>(failures());
        all.addAll(inFlight());
        return all;
    }

    public Optional<SwitchState> of(String switchName) {
        return Optional.ofNullable(switches.get(switchName));
    }

    private List<SwitchState> with(Status status) {
        return switches.values().stream().filter(s -> s.status() == status)
                .sorted(java.util.Comparator.comparingLong(s -> s.last().sequence())).toList();
    }
}
