package io.jenkins.plugins.switchupgrade.metrics;

import java.util.Locale;

/**
 * How one metric after the upgrade is compared with its value before: {@code equal} (the seed's rule),
 * {@code not-less} (more is fine, fewer is a regression), or {@code tolerance:N} (within N either way).
 */
public record DiffRule(Kind kind, double tolerance) {
    /** The kinds of post-versus-pre comparison. */
    public enum Kind { EQUAL, NOT_LESS, TOLERANCE }

    public DiffRule {
        if (tolerance < 0 || Double.isNaN(tolerance)) {
            throw new IllegalArgumentException("a diff tolerance must be 0 or more, was " + tolerance);
        }
    }

    public static DiffRule equal() {
        return new DiffRule(Kind.EQUAL, 0);
    }

    public static DiffRule notLess() {
        return new DiffRule(Kind.NOT_LESS, 0);
    }

    public static DiffRule tolerance(double tolerance) {
        return new DiffRule(Kind.TOLERANCE, tolerance);
    }

    /** Parses {@code equal}, {@code not-less} or {@code tolerance:N}. */
    public static DiffRule parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("equal")) {
            return equal();
        }
        if (t.equals("not-less")) {
            return notLess();
        }
        if (t.startsWith("tolerance:")) {
            try {
                return tolerance(Double.parseDouble(t.substring("tolerance:".length())));
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw new IllegalArgumentException("diff rule '" + text + "' is not one of: equal, not-less, tolerance:<N>");
    }

    /** Whether {@code post} is acceptable after {@code pre}. */
    public boolean accepts(double pre, double post) {
        return switch (kind) {
            case EQUAL -> post == pre;
            case NOT_LESS -> post >= pre;
            case TOLERANCE -> Math.abs(post - pre) <= tolerance;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case EQUAL -> "equal";
            case NOT_LESS -> "not-less";
            case TOLERANCE -> "tolerance:" + Snapshot.format(tolerance);
        };
    }
}
