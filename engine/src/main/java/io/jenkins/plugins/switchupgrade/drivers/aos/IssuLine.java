package io.jenkins.plugins.switchupgrade.drivers.aos;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One console line of an {@code issu from} session and what it means: a phase (with the chassis
 * it concerns), known harmless noise, a failure, the Y/N confirmation, or anything else.
 *
 * @param text the line as read, without terminal escapes
 */
public record IssuLine(Kind kind, Optional<IssuPhase> phase, OptionalInt chassis, String text) {

    /** What a line means to the driver following the ISSU. */
    public enum Kind {
        /** A VCISSU message that starts or advances a phase; see {@link IssuLine#phase()}. */
        PHASE,
        /** A VCISSU message that reports progress within a phase, e.g. the boot manager reloading. */
        INFO,
        /** Seen during every successful ISSU and harmless, e.g. {@code Master running old version}. */
        NOISE,
        /** The ISSU failed or was refused: stop, and touch nothing further. */
        ERROR,
        /** The {@code (Y/N)} confirmation prompt; answer it. */
        CONFIRM,
        /** Everything else: message headers, other subsystems, blank lines. */
        OTHER
    }

    public IssuLine {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(chassis, "chassis");
        Objects.requireNonNull(text, "text");
        if (kind == Kind.PHASE && phase.isEmpty()) {
            throw new IllegalArgumentException("a PHASE line needs a phase: " + text);
        }
    }

    static IssuLine of(Kind kind, String text) {
        return new IssuLine(kind, Optional.empty(), OptionalInt.empty(), text);
    }

    static IssuLine phase(IssuPhase phase, OptionalInt chassis, String text) {
        return new IssuLine(Kind.PHASE, Optional.of(phase), chassis, text);
    }

    public boolean isError() {
        return kind == Kind.ERROR;
    }

    /** True for lines worth showing as progress: phases and VCISSU information. */
    public boolean isProgress() {
        return kind == Kind.PHASE || kind == Kind.INFO;
    }
}
