package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.switchupgrade.campaign.RoundReport;
import io.jenkins.plugins.switchupgrade.lifecycle.SwitchRow;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.kohsuke.stapler.verb.POST;

/**
 * What a build did to switches, on the build page and in its REST API ({@code .../api/json?tree=actions[switches[*]]}
 * for audit tools): per switch its versions, verdict, pre and post metrics and the path of its archived evidence;
 * for a freestyle round also the round's status. The build description names the switches and their outcome,
 * unless someone else wrote it.
 */
@ExportedBean
public final class UpgradeReportAction implements RunAction2 {

    /** Verdicts of {@link SwitchEntry#getVerdict()}, in the order a switch goes through them. */
    static final String VALIDATED = "validated";
    static final String SKIPPED = "skipped";
    static final String SENDING = "sending";
    static final String SENT = "sent";
    static final String BACK = "back";
    static final String UPGRADED = "upgraded";
    static final String FAILED = "failed";
    static final String NOT_TOUCHED = "not touched";
    static final String NOT_REACHED = "not reached";

    private static final int DESCRIBED_SWITCHES = 3;

    private transient Run<?, ?> run;
    // Replaced as a whole, never changed once published: another thread that saves the build meanwhile (XStream takes
    // no lock of ours) writes one whole state, never a list or an entry halfway through a change.
    private volatile List<SwitchEntry> switches = new ArrayList<>();
    private volatile RoundSummary round;
    private String description;

    /** The action of {@code run}, added when missing. */
    static @NonNull UpgradeReportAction of(@NonNull Run<?, ?> run) {
        synchronized (UpgradeReportAction.class) {
            UpgradeReportAction action = run.getAction(UpgradeReportAction.class);
            if (action == null) {
                action = new UpgradeReportAction();
                run.addAction(action);
            }
            return action;
        }
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    private Object readResolve() {
        if (switches == null) {
            switches = new ArrayList<>();
        }
        return this;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "symbol-document-text";
    }

    @Override
    public String getDisplayName() {
        return "Switch upgrade";
    }

    @Override
    public String getUrlName() {
        return "switch-upgrade";
    }

    /** Every switch the build validated, disrupted or reported, in the order it first met them. */
    @Exported(inline = true)
    public List<SwitchEntry> getSwitches() {
        return List.copyOf(switches);
    }

    /** The freestyle round's outcome, or {@code null} for a Pipeline that called the steps itself. */
    @Exported(inline = true)
    public synchronized @CheckForNull RoundSummary getRound() {
        return round;
    }

    /** Whether the build archived a round report ({@code report.html}). */
    public synchronized boolean isHasReport() {
        return round != null;
    }

    // ---- the data center's ledger: what blocks its rounds, and the button that lets them go on

    /**
     * What blocks the rounds of this build's data center now (a failed switch, a switch left in flight), one
     * sentence each; empty for a Pipeline build that ran no round.
     */
    @Restricted(NoExternalUse.class) // for the build page's views
    public synchronized List<LedgerBlocker> getLedgerBlockers() {
        if (round == null || round.getDatacenter() == null || round.getDatacenter().isEmpty()) {
            return List.of();
        }
        try {
            io.jenkins.plugins.switchupgrade.ledger.Ledger ledger = ControllerLedgers.of(round.getDatacenter());
            return ledger.replay().blockers().stream()
                    .map(b -> new LedgerBlocker(round.getDatacenter(), b.switchName(), ledger.describe(b))).toList();
        } catch (RuntimeException e) {
            return List.of(new LedgerBlocker(round.getDatacenter(), "", "The ledger cannot be read: " + e.getMessage()));
        }
    }

    /** Whether the current user may acknowledge a switch from this page (Job/Build on the build's job). */
    @Restricted(NoExternalUse.class) // for the build page's views
    public boolean isCanAcknowledge() {
        return run != null && run.getParent().hasPermission(Item.BUILD);
    }

    /** The build page's "Acknowledge" button: records the acknowledgement with the user and the reason. */
    @Restricted(NoExternalUse.class) // for the build page's views
    @POST
    public HttpResponse doAcknowledge(@QueryParameter String datacenter, @QueryParameter String switchName,
            @QueryParameter String reason) {
        run.getParent().checkPermission(Item.BUILD);
        User user = User.current();
        String actor = (user == null ? Jenkins.getAuthentication2().getName() : user.getId()) + " (build page of "
                + run.getFullDisplayName() + ")";
        try {
            AcknowledgeFailureStep.acknowledge(datacenter, switchName, reason, actor,
                    io.jenkins.plugins.switchupgrade.ports.Console.silent());
        } catch (AbortException e) {
            return HttpResponses.errorWithoutStack(400, e.getMessage());
        }
        return HttpResponses.redirectToDot();
    }

    /** One switch that blocks a data center, as the build page shows it. */
    @Restricted(NoExternalUse.class) // for the build page's views
    public static final class LedgerBlocker {
        private final String datacenter;
        private final String switchName;
        private final String description;

        LedgerBlocker(String datacenter, String switchName, String description) {
            this.datacenter = datacenter;
            this.switchName = switchName;
            this.description = description;
        }

        public String getDatacenter() {
            return datacenter;
        }

        public String getSwitchName() {
            return switchName;
        }

        public String getDescription() {
            return description;
        }
    }

    // ---- what the steps report

    /**
     * Claims the one disruption {@code switchName} may get in this build, saved at once. Fails when it was claimed
     * before: a switch is never sent twice in a build, not after a crash that replays the Pipeline either.
     */
    void claimDisruption(@NonNull String switchName, @NonNull String step) throws IOException {
        synchronized (this) {
            SwitchEntry entry = edit(switchName);
            if (entry.disruptionClaimedAt != null) {
                throw new AbortException(step + " refused: " + switchName + " was already sent to its upgrade in this"
                        + " build (at " + entry.disruptionClaimedAt + "); a switch is disrupted at most once per build."
                        + " Wait for it with awaitExporter, then check it with diffMetrics.");
            }
            entry.disruptionClaimedAt = Instant.now().toString();
            entry.verdict = SENDING;
            put(entry);
        }
        changed();
    }

    /** A disruptive step failed; when nothing reached the switch, it may be tried again in this build. */
    void disruptionFailed(@NonNull String switchName, @NonNull String reason, boolean mayHaveBeenSent)
            throws IOException {
        synchronized (this) {
            SwitchEntry entry = edit(switchName);
            if (!mayHaveBeenSent) {
                entry.disruptionClaimedAt = null;
            }
            entry.verdict = mayHaveBeenSent ? FAILED : NOT_TOUCHED;
            entry.reason = reason;
            put(entry);
        }
        changed();
    }

    /**
     * The rows the engine made from a step's typed result (validated, sent, back, upgraded or failed, a round's
     * switches), merged into the switches' entries by the engine's rule; nothing is derived here.
     */
    void show(@NonNull List<SwitchRow> rows) throws IOException {
        synchronized (this) {
            for (SwitchRow row : rows) {
                SwitchEntry entry = edit(row.name());
                entry.show(row.over(entry.row()));
                put(entry);
            }
        }
        changed();
    }

    /** A step failed for the switch; the round stops here. */
    void failed(@NonNull String switchName, @NonNull String reason) throws IOException {
        show(List.of(SwitchRow.failed(switchName, reason)));
    }

    /** A freestyle round's summary and the rows of its switches, as the engine made them. */
    void round(@NonNull RoundReport.Summary summary, @NonNull List<SwitchRow> rows) throws IOException {
        synchronized (this) {
            round = new RoundSummary(summary);
        }
        show(rows);
    }

    // ----

    /** A private copy of the switch's entry (a new one when the build has not met it), to change and then put. */
    private SwitchEntry edit(String name) {
        for (SwitchEntry entry : switches) {
            if (entry.name.equals(name)) {
                return entry.copy();
            }
        }
        return new SwitchEntry(name);
    }

    /** Publishes a changed entry in a new list; callers hold this action's lock. */
    private void put(SwitchEntry changed) {
        List<SwitchEntry> next = new ArrayList<>(switches);
        int at = -1;
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).name.equals(changed.name)) {
                at = i;
            }
        }
        if (at < 0) {
            next.add(changed);
        } else {
            next.set(at, changed);
        }
        switches = next;
    }

    /** Saves the build and, unless someone else wrote it, its description. */
    private void changed() throws IOException {
        Run<?, ?> r = run;
        if (r == null) {
            return;
        }
        synchronized (this) {
            String text = describe();
            String current = r.getDescription();
            if (text != null && (current == null || current.isEmpty() || current.equals(description))) {
                description = text;
                // as the system: the build's own user may lack Run/Update (Authorize Project), and the text is ours
                try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                    r.setDescription(text); // saves the build, with this action
                }
            } else {
                r.save();
            }
        }
    }

    /** e.g. "leaf-r1-p1-pod1: upgraded 5.9.1 → 5.10.0; leaf-r2-p1-pod1: skipped". */
    synchronized @CheckForNull String describe() {
        List<String> parts = new ArrayList<>();
        for (SwitchEntry entry : switches) {
            if (parts.size() == DESCRIBED_SWITCHES) {
                parts.add("and " + (switches.size() - DESCRIBED_SWITCHES) + " more");
                break;
            }
            parts.add(entry.describe());
        }
        String list = String.join("; ", parts);
        if (round != null) {
            return "Round " + round.getStatus() + " (" + round.getReason() + ")" + (list.isEmpty() ? "" : ": " + list);
        }
        return list.isEmpty() ? null : list;
    }

    /** One switch as this build saw it. */
    @ExportedBean(defaultVisibility = 2)
    public static final class SwitchEntry {
        private final String name;
        private String rack;
        private String sibling;
        private String fromVersion;
        private String toVersion;
        private String version;
        private String verdict;
        private String reason;
        private Map<String, Object> preMetrics;
        private Map<String, Object> postMetrics;
        private String disruptionClaimedAt;

        SwitchEntry(String name) {
            this.name = name;
        }

        /** This entry as the engine's row, to merge the next one over. */
        SwitchRow row() {
            return new SwitchRow(name, rack, sibling, fromVersion, toVersion, version,
                    verdict == null ? null : SwitchRow.Status.of(verdict), reason, numbers(preMetrics),
                    numbers(postMetrics));
        }

        /** Takes the merged row's fields; the claim time stays (it is this build's, not the engine's). */
        void show(SwitchRow row) {
            rack = row.rack();
            sibling = row.sibling();
            fromVersion = row.fromVersion();
            toVersion = row.toVersion();
            version = row.version();
            verdict = row.status() == null ? null : row.status().label();
            reason = row.reason();
            preMetrics = row.preMetrics() == null ? null : new LinkedHashMap<>(row.preMetrics());
            postMetrics = row.postMetrics() == null ? null : new LinkedHashMap<>(row.postMetrics());
        }

        private static @CheckForNull Map<String, Double> numbers(@CheckForNull Map<String, Object> metrics) {
            if (metrics == null) {
                return null;
            }
            Map<String, Double> values = new LinkedHashMap<>();
            metrics.forEach((metric, value) -> values.put(metric, value instanceof Number n ? n.doubleValue() : null));
            return values;
        }

        SwitchEntry copy() {
            SwitchEntry copy = new SwitchEntry(name);
            copy.rack = rack;
            copy.sibling = sibling;
            copy.fromVersion = fromVersion;
            copy.toVersion = toVersion;
            copy.version = version;
            copy.verdict = verdict;
            copy.reason = reason;
            copy.preMetrics = preMetrics == null ? null : new LinkedHashMap<>(preMetrics);
            copy.postMetrics = postMetrics == null ? null : new LinkedHashMap<>(postMetrics);
            copy.disruptionClaimedAt = disruptionClaimedAt;
            return copy;
        }

        @Exported
        public String getName() {
            return name;
        }

        @Exported
        public @CheckForNull String getRack() {
            return rack;
        }

        @Exported
        public @CheckForNull String getSibling() {
            return sibling;
        }

        @Exported
        public @CheckForNull String getFromVersion() {
            return fromVersion;
        }

        @Exported
        public @CheckForNull String getToVersion() {
            return toVersion;
        }

        /** The version it runs after the upgrade, as Prometheus reported it. */
        @Exported
        public @CheckForNull String getVersion() {
            return version;
        }

        /** validated, skipped, sending, sent, back, upgraded, failed, not touched, not reached. */
        @Exported
        public @CheckForNull String getVerdict() {
            return verdict;
        }

        @Exported
        public @CheckForNull String getReason() {
            return reason;
        }

        @Exported
        public Map<String, Object> getPreMetrics() {
            return preMetrics == null ? Map.of() : preMetrics;
        }

        @Exported
        public Map<String, Object> getPostMetrics() {
            return postMetrics == null ? Map.of() : postMetrics;
        }

        /** When its disruptive command was about to go out, or {@code null}. */
        @Exported
        public @CheckForNull String getDisruptionClaimedAt() {
            return disruptionClaimedAt;
        }

        /** Its archived snapshots and diff, relative to the build's URL. */
        @Exported
        public String getEvidence() {
            return "artifact/" + ArtifactStore.switchFile(name, "");
        }

        @Restricted(NoExternalUse.class) // for the build page's views
        public String getPreSummary() {
            return summary(preMetrics);
        }

        @Restricted(NoExternalUse.class) // for the build page's views
        public String getPostSummary() {
            return summary(postMetrics);
        }

        private static String summary(@CheckForNull Map<String, Object> metrics) {
            if (metrics == null || metrics.isEmpty()) {
                return "";
            }
            return metrics.entrySet().stream().map(e -> e.getKey() + " " + number(e.getValue()))
                    .collect(Collectors.joining(", "));
        }

        private static String number(@CheckForNull Object value) {
            if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                return Long.toString(n.longValue());
            }
            return Objects.toString(value, "-");
        }

        String describe() {
            String what = verdict == null ? "seen" : verdict;
            if (UPGRADED.equals(what) && fromVersion != null) {
                return name + ": upgraded " + fromVersion + " → " + (version != null ? version : toVersion);
            }
            return name + ": " + what;
        }
    }

    /** A freestyle round's status, scope and counts, from its report.json. */
    @ExportedBean(defaultVisibility = 2)
    public static final class RoundSummary {
        private final String status;
        private final String datacenter;
        private final String role;
        private final String fromVersion;
        private final String toVersion;
        private final String reason;
        private final long upgraded;
        private final long skipped;
        private final long failed;
        private final long notReached;

        RoundSummary(RoundReport.Summary summary) {
            this.status = summary.status().wireName();
            this.datacenter = summary.datacenter();
            this.role = summary.role();
            this.fromVersion = summary.fromVersion();
            this.toVersion = summary.toVersion();
            this.reason = summary.reason();
            this.upgraded = summary.upgraded();
            this.skipped = summary.skipped();
            this.failed = summary.failed();
            this.notReached = summary.notReached();
        }

        /** completed, aborted or nothing-to-do. */
        @Exported
        public String getStatus() {
            return status;
        }

        @Exported
        public String getDatacenter() {
            return datacenter;
        }

        @Exported
        public String getRole() {
            return role;
        }

        @Exported
        public String getFromVersion() {
            return fromVersion;
        }

        @Exported
        public String getToVersion() {
            return toVersion;
        }

        @Exported
        public String getReason() {
            return reason;
        }

        @Exported
        public long getUpgraded() {
            return upgraded;
        }

        @Exported
        public long getSkipped() {
            return skipped;
        }

        @Exported
        public long getFailed() {
            return failed;
        }

        @Exported
        public long getNotReached() {
            return notReached;
        }
    }
}
