package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.aos.AosVirtualChassis.PhaseLimits;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Follows an ISSU from the master's console as a pure function: {@code (state, line, now) -> (state, action)}. It
 * reads no console and prints nothing; the driver's loop feeds it the lines it reads and acts on what it returns
 * (show a line, stop on a failure, wait for the master's reboot), so a captured session replays line by line.
 */
public final class IssuTracker {
    /** How many console lines the transcript keeps, so that a chatty console cannot fill the memory. */
    static final int TRANSCRIPT_LINES = 2000;

    private IssuTracker() {
    }

    /**
     * Where the ISSU stands: the phase reached (empty until the first phase line), the slave rebooting, the slaves
     * in the order they rebooted, every phase with its time, the console seen so far, and the time the current
     * phase may take ({@code limit}, up to {@code deadline}, counted from {@code lastProgress}).
     */
    public record State(PhaseLimits limits, Set<Integer> members, int masterBefore, Optional<IssuPhase> phase,
                        Optional<Integer> currentSlave, List<Integer> slaveOrder, List<IssuOutcome.PhaseEvent> phases,
                        List<String> transcript, Duration limit, Instant lastProgress, Instant deadline,
                        Optional<Instant> droppedAt) {
        public State {
            Objects.requireNonNull(limits, "limits");
            members = Set.copyOf(members);
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(currentSlave, "currentSlave");
            slaveOrder = List.copyOf(slaveOrder);
            phases = List.copyOf(phases);
            transcript = List.copyOf(transcript);
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(lastProgress, "lastProgress");
            Objects.requireNonNull(deadline, "deadline");
            Objects.requireNonNull(droppedAt, "droppedAt");
        }

        /** Whether the phase reached is {@code phase}. */
        public boolean in(IssuPhase p) {
            return phase.equals(Optional.of(p));
        }

        /** Whether a slave went into its reboot, so that the virtual chassis may run without its redundancy. */
        public boolean slaveDown() {
            return phase.map(p -> p.compareTo(IssuPhase.SLAVE_REBOOTING) >= 0).orElse(false);
        }

        /** The time left in the current phase at {@code now}. */
        public Duration left(Instant now) {
            return Duration.between(now, deadline);
        }

        /** Whether the current phase is over its limit at {@code now}. */
        public boolean overLimit(Instant now) {
            return !now.isBefore(deadline);
        }

        private State enter(Optional<IssuPhase> next, Duration within, Instant now) {
            return new State(limits, members, masterBefore, next, currentSlave, slaveOrder, phases, transcript, within,
                    now, now.plus(within), droppedAt);
        }

        private State withPhase(Optional<IssuPhase> next) {
            return new State(limits, members, masterBefore, next, currentSlave, slaveOrder, phases, transcript, limit,
                    lastProgress, deadline, droppedAt);
        }

        private State transcribed(String line) {
            if (transcript.size() >= TRANSCRIPT_LINES) {
                return this;
            }
            List<String> more = new ArrayList<>(transcript);
            more.add(line);
            return new State(limits, members, masterBefore, phase, currentSlave, slaveOrder, phases, more, limit,
                    lastProgress, deadline, droppedAt);
        }

        private State recorded(IssuOutcome.PhaseEvent event) {
            List<IssuOutcome.PhaseEvent> more = new ArrayList<>(phases);
            more.add(event);
            return new State(limits, members, masterBefore, phase, currentSlave, slaveOrder, more, transcript, limit,
                    lastProgress, deadline, droppedAt);
        }

        private State rebooting(int slave) {
            List<Integer> order = new ArrayList<>(slaveOrder);
            order.add(slave);
            return new State(limits, members, masterBefore, phase, Optional.of(slave), order, phases, transcript,
                    limit, lastProgress, deadline, droppedAt);
        }

        private State droppedAt(Instant at) {
            return new State(limits, members, masterBefore, phase, currentSlave, slaveOrder, phases, transcript, limit,
                    lastProgress, deadline, Optional.of(at));
        }
    }

    /** What the driver's loop does with a line. */
    public sealed interface Action permits Quiet, Show, MasterRebooting, Failed {
    }

    /** Nothing to show: a blank line, the echoed question, another subsystem's message. */
    public record Quiet() implements Action {
    }

    /** A line to show as it is, with what it is: a phase, VCISSU information, or known harmless noise. */
    public record Show(IssuLine.Kind kind, String text) implements Action {
    }

    /** The master announced its reboot: the session drops next, then the virtual chassis is polled. */
    public record MasterRebooting(String text) implements Action {
    }

    /** The console reported a failure: stop, and send nothing further. */
    public record Failed(String text) implements Action {
    }

    /** One step of the tracker: the state after the line and what to do about the line. */
    public record Step(State state, Action action) {
    }

    /** The state right after the ISSU was confirmed: the master validates the images within its limit. */
    public static State confirmed(PhaseLimits limits, Set<Integer> members, int masterBefore, Instant now) {
        return new State(limits, members, masterBefore, Optional.empty(), Optional.empty(), List.of(), List.of(),
                List.of(), limits.imageValidation(), now, now.plus(limits.imageValidation()), Optional.empty());
    }

    /** Reads one console line of the master's ISSU session at {@code now}. */
    public static Step read(State state, String rawLine, Instant now) {
        IssuLine line = IssuProgress.classify(rawLine);
        if (line.text().isEmpty()) {
            return new Step(state, new Quiet());
        }
        State seen = state.transcribed(line.text());
        String text = line.text().startsWith("+++") ? line.text().substring(3).trim() : line.text();
        return switch (line.kind()) {
            case ERROR -> new Step(seen, new Failed(text));
            case NOISE, INFO -> new Step(seen, new Show(line.kind(), text));
            case PHASE -> {
                State advanced = advance(seen, line, text, now);
                yield new Step(advanced, advanced.in(IssuPhase.MASTER_REBOOTING) ? new MasterRebooting(text)
                        : new Show(IssuLine.Kind.PHASE, text));
            }
            default -> new Step(seen, new Quiet());
        };
    }

    /** A console line read after the master announced its reboot: kept in the transcript, nothing else. */
    public static State afterReboot(State state, String rawLine) {
        IssuLine line = IssuProgress.classify(rawLine);
        return line.text().isEmpty() ? state : state.transcribed(line.text());
    }

    /**
     * The master's session ended at {@code now}. When that happened before the master announced its reboot, the
     * procedure goes on without us: the remaining slaves and the master get their time.
     */
    public static State dropped(State state, Instant now) {
        State dropped = state.droppedAt(now);
        if (state.in(IssuPhase.MASTER_REBOOTING)) {
            return dropped;
        }
        PhaseLimits limits = state.limits();
        int slavesLeft = Math.max(0, state.members().size() - 1 - state.slaveOrder().size())
                + (state.in(IssuPhase.SLAVE_READY) || state.phase().isEmpty() ? 0 : 1);
        boolean copying = state.phase().map(p -> p.compareTo(IssuPhase.ALL_SLAVES_COPIED) < 0).orElse(true);
        return dropped.enter(state.phase(), limits.perSlave().multipliedBy(slavesLeft).plus(limits.masterReboot())
                .plus(copying ? limits.imageValidation().plus(limits.imageCopy()) : Duration.ZERO), now);
    }

    /**
     * The console is left and the virtual chassis is polled from {@code now} on: a session that neither announced
     * the master's reboot nor dropped gives the master its reboot's time.
     */
    public static State polling(State state, Instant now) {
        if (!state.in(IssuPhase.MASTER_REBOOTING) && state.droppedAt().isEmpty()) {
            return state.enter(state.phase(), state.limits().masterReboot(), now);
        }
        return state;
    }

    private static State advance(State state, IssuLine line, String text, Instant now) {
        IssuPhase next = line.phase().orElseThrow();
        Integer chassis = line.chassis().isPresent() ? line.chassis().getAsInt() : null;
        State recorded = state.recorded(new IssuOutcome.PhaseEvent(now, next, chassis, text));
        PhaseLimits limits = state.limits();
        Optional<IssuPhase> phase = Optional.of(next);
        return switch (next) {
            case VALIDATING -> recorded.enter(phase, limits.imageValidation(), now);
            case IMAGES_VALIDATED, SLAVES_COPYING, SLAVE_COPIED -> recorded.enter(phase, limits.imageCopy(), now);
            case SLAVE_REBOOTING -> {
                if (chassis != null && !state.slaveOrder().contains(chassis)) {
                    yield recorded.rebooting(chassis).enter(phase, limits.perSlave(), now);
                }
                // the topology-change line of the same slave: its reboot is under way, same limit
                yield recorded.withPhase(phase);
            }
            case TAKEOVER -> recorded.withPhase(phase);
            case ALL_SLAVES_COPIED, SLAVE_READY -> recorded.enter(phase, limits.perSlave(), now);
            case MASTER_REBOOTING -> recorded.enter(phase, limits.masterReboot(), now);
            case COMPLETE -> recorded.withPhase(state.phase().isEmpty() ? phase : state.phase());
        };
    }
}
