package io.jenkins.plugins.switchupgrade.metrics;

import java.util.Locale;

/**
 * How one metric of the candidate is compared with its sibling before the candidate goes down (the seed's rule):
 * {@code healthy} needs both switches at the healthy value; {@code not-more} needs the candidate to carry no more
 * than the sibling (equal, or fewer BGP peers or links up); {@code ignore} only records the value.
 */
public record SiblingRule(Kind kind, double healthyValue) {
    /** The kinds of sibling comparison. */
    public enum Kind { HEALTHY, NOT_MORE, IGNORE }

    public static SiblingRule healthy(double healthyValue) {
        return new SiblingRule(Kind.HEALTHY, healthyValue);
    }

    public static SiblingRule notMore() {
        return new SiblingRule(Kind.NOT_MORE, 0);
    }

    public static SiblingRule ignore() {
        return new SiblingRule(Kind.IGNORE, 0);
    }

    /** Parses {@code healthy}, {@code healthy:0}, {@code not-more} or {@code ignore}. */
    public static SiblingRule parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("not-more")) {
            return notMore();
        }
        if (t.equals("ignore")) {
            return ignore();
        }
        if (t.equals("healthy")) {
            return healthy(0);
        }
        if (t.startsWith("healthy:")) {
            try {
                return healthy(Double.parseDouble(t.substring("healthy:".length())));
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw new IllegalArgumentException("sibling rule '" + text + "' is not one of: healthy, healthy:<value>, "
                + "not-more, ignore");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case HEALTHY -> healthyValue == 0 ? "healthy" : "healthy:" + Snapshot.format(healthyValue);
            case NOT_MORE -> "not-more";
            case IGNORE -> "ignore";
        };
    }
}
