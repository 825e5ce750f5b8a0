package io.jenkins.plugins.switchupgrade.lifecycle;

import io.jenkins.plugins.switchupgrade.await.AwaitState;
import io.jenkins.plugins.switchupgrade.diff.DiffEntry;
import io.jenkins.plugins.switchupgrade.diff.DiffReport;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import io.jenkins.plugins.switchupgrade.validation.Verdict;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What one step learnt about one switch, as a host's build page shows it: a verdict, the reason, the versions and
 * the metrics before and after. Made on the agent from the step's typed result; a host merges the rows of a build
 * ({@link #over}), it derives nothing itself. A {@code null} field says nothing new.
 */
public record SwitchRow(String name, String rack, String sibling, String fromVersion, String toVersion,
                        String version, Status status, String reason, Map<String, Double> preMetrics,
                        Map<String, Double> postMetrics) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where a switch stands, in the order a switch goes through them; {@link #label()} is what the page shows. */
    public enum Status {
        VALIDATED, SKIPPED, SENDING, SENT, BACK, UPGRADED, FAILED, NOT_TOUCHED, NOT_REACHED, INTERRUPTED;

        /** e.g. {@code not touched}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }

        /** The status of a label or of a report's wire name ({@code not-reached}). */
        public static Status of(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
        }
    }

    public SwitchRow {
        Objects.requireNonNull(name, "name");
        preMetrics = preMetrics == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(preMetrics));
        postMetrics = postMetrics == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(postMetrics));
    }

    /** Only the name: a switch the build has met and knows nothing more of. */
    public static SwitchRow of(String name) {
        return new SwitchRow(name, null, null, null, null, null, null, null, null, null);
    }

    /**
     * This row's news over {@code current} (the row the host shows so far, may be {@code null}): later verdicts,
     * reasons, versions reached and post metrics win; the version before and the pre metrics are the first known.
     */
    public SwitchRow over(SwitchRow current) {
        if (current == null) {
            return this;
        }
        return new SwitchRow(name, or(rack, current.rack), or(sibling, current.sibling),
                or(current.fromVersion, fromVersion), or(toVersion, current.toVersion), or(version, current.version),
                or(status, current.status), or(reason, current.reason),
                current.preMetrics == null || current.preMetrics.isEmpty() ? or(preMetrics, current.preMetrics)
                        : current.preMetrics, or(postMetrics, current.postMetrics));
    }

    private static <T> T or(T first, T second) {
        return first != null ? first : second;
    }

    /** validateSibling's verdict on its candidate. */
    public static SwitchRow validated(Verdict verdict) {
        String name = verdict.candidate();
        Snapshot pre = verdict.pre().get(name);
        String siblings = String.join(" ", verdict.siblings().stream().filter(s -> !s.equals(name)).toList());
        return new SwitchRow(name, null, siblings, pre == null ? null : pre.version(), null, null,
                verdict.passed() ? Status.VALIDATED : Status.SKIPPED, verdict.passed() ? "the sibling check passed"
                : "the sibling check failed: " + String.join("; ", verdict.reasons()), pre == null ? null
                : pre.values(), null);
    }

    /** reprovisionSwitch's disruption: the commands went out. */
    public static SwitchRow sent(Disrupted disrupted) {
        Ticket ticket = disrupted.ticket();
        return new SwitchRow(ticket.switchName(), null, null, ticket.versionBefore().isEmpty() ? null
                : ticket.versionBefore(), null, null, Status.SENT, "sent: " + ticket.commands(), null, null);
    }

    /** awaitExporter's wait, once the switch is back. */
    public static SwitchRow back(String name, AwaitState state) {
        return new SwitchRow(name, null, null, null, null, null, Status.BACK, "went down (" + state.downEvidence()
                + ") and came back; scraped at " + state.freshSampleAt(), null, null);
    }

    /** diffMetrics' verdict: upgraded when post matches pre on the expected version, else failed. */
    public static SwitchRow diffed(DiffReport diff) {
        Map<String, Double> pre = new LinkedHashMap<>();
        Map<String, Double> post = new LinkedHashMap<>();
        for (DiffEntry entry : diff.entries()) {
            pre.put(entry.metric(), entry.pre());
            post.put(entry.metric(), entry.post());
        }
        String expected = diff.expectedVersion() == null || diff.expectedVersion().isEmpty() ? null
                : diff.expectedVersion();
        return new SwitchRow(diff.switchName(), null, null, diff.preVersion(), expected, diff.postVersion(),
                diff.passed() ? Status.UPGRADED : Status.FAILED, diff.passed() ? "post equals pre"
                + (diff.postVersion() == null ? "" : "; runs " + diff.postVersion())
                : "post-upgrade validation failed: " + String.join("; ", diff.reasons()), pre, post);
    }

    /** A failure the host saw (a step that threw, a wait that ended without the switch). */
    public static SwitchRow failed(String name, String reason) {
        return new SwitchRow(name, null, null, null, null, null, Status.FAILED, reason, null, null);
    }
}
