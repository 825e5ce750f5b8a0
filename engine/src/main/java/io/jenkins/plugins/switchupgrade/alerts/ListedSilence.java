package io.jenkins.plugins.switchupgrade.alerts;

import java.time.Instant;
import java.util.List;

/**
 * A silence as Alertmanager lists it ({@code GET /api/v2/silences}): its ID, state, matchers, creator and comment,
 * so that the live gates can tell a silence of this tool for a switch still in flight from anyone else's.
 */
public record ListedSilence(String id, SilenceState state, List<Matcher> matchers, String createdBy, String comment,
                            Instant endsAt) {
    /** One matcher of a silence: {@code name="value"} when literal and equal. */
    public record Matcher(String name, String value, boolean isRegex, boolean isEqual) {
    }

    public ListedSilence {
        matchers = List.copyOf(matchers);
        createdBy = createdBy == null ? "" : createdBy;
        comment = comment == null ? "" : comment;
    }

    /** Whether this tool made it: its comment starts with {@link AlertSilencer#COMMENT_PREFIX}. */
    public boolean madeByThisTool() {
        return comment.startsWith(AlertSilencer.COMMENT_PREFIX);
    }

    /** Whether one of its matchers on {@code label} selects {@code switchName} (literally or by its regex). */
    public boolean mutes(String label, String switchName) {
        for (Matcher matcher : matchers) {
            if (matcher.name().equals(label) && matcher.isEqual()) {
                if (matcher.isRegex() ? matchesRegex(matcher.value(), switchName) : matcher.value().equals(switchName)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesRegex(String regex, String value) {
        try {
            return java.util.regex.Pattern.matches(regex, value);
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }
}
