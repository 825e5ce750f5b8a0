package io.jenkins.plugins.switchupgrade.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

    /** The switch it mutes when it is a single literal matcher on {@code label}, as this tool makes them. */
    public Optional<String> switchName(String label) {
        if (matchers.size() == 1 && matchers.get(0).name().equals(label) && !matchers.get(0).isRegex()
                && matchers.get(0).isEqual()) {
            return Optional.of(matchers.get(0).value());
        }
        return Optional.empty();
    }
}
