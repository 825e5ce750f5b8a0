package io.jenkins.plugins.switchupgrade.drivers.cisco;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The {@code Mac persistency wait time} of a Cisco stack: {@code Indefinite} (configured by
 * {@code stack-mac persistent timer 0}) keeps the stack MAC across failovers; a number of minutes
 * only delays the change; no line at all means the feature is off.
 */
public final class MacPersistency {

    private static final MacPersistency INDEFINITE = new MacPersistency(Kind.INDEFINITE, -1);
    private static final MacPersistency ABSENT = new MacPersistency(Kind.ABSENT, -1);

    /** The three things {@code show switch} can say. */
    public enum Kind {
        /** {@code Mac persistency wait time: Indefinite}. */
        INDEFINITE,
        /** {@code Mac persistency wait time: 4 mins}: the MAC changes after that many minutes. */
        MINUTES,
        /** No such line: persistent MAC is disabled. */
        ABSENT
    }

    private final Kind kind;
    private final int minutes;

    private MacPersistency(Kind kind, int minutes) {
        this.kind = kind;
        this.minutes = minutes;
    }

    public static MacPersistency indefinite() {
        return INDEFINITE;
    }

    public static MacPersistency absent() {
        return ABSENT;
    }

    public static MacPersistency minutes(int minutes) {
        if (minutes < 1) {
            throw new IllegalArgumentException("A wait time is at least 1 minute; 0 shows as Indefinite, got "
                    + minutes);
        }
        return new MacPersistency(Kind.MINUTES, minutes);
    }

    public Kind kind() {
        return kind;
    }

    /** The wait time in minutes, for {@link Kind#MINUTES}. */
    public OptionalInt waitMinutes() {
        return kind == Kind.MINUTES ? OptionalInt.of(minutes) : OptionalInt.empty();
    }

    /** True only for {@code Indefinite}: the stack keeps its MAC for as long as it runs. */
    public boolean keepsMacIndefinitely() {
        return kind == Kind.INDEFINITE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacPersistency && kind == ((MacPersistency) o).kind
                && minutes == ((MacPersistency) o).minutes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, minutes);
    }

    /** As {@code show switch} prints it, or {@code absent}. */
    @Override
    public String toString() {
        switch (kind) {
            case INDEFINITE:
                return "Indefinite";
            case MINUTES:
                return minutes + " mins";
            default:
                return "absent";
        }
    }
}
