package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.audit.AuditEvent;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.jenkins.plugins.switchupgrade.campaign.HtmlPage.dateTime;
import static io.jenkins.plugins.switchupgrade.campaign.HtmlPage.duration;
import static io.jenkins.plugins.switchupgrade.campaign.HtmlPage.esc;
import static io.jenkins.plugins.switchupgrade.campaign.HtmlPage.link;

/**
 * report.html: one self-contained page (inline style, inline SVG, one small inline script, no external files).
 * A failed round starts with the failed switch and what to do next; then the round's timeline (one bar per switch,
 * its phases placed when they happened), one row per switch with its outcome, pre and post metrics and links, the
 * switches not reached on one line, and the audit trail. Times are shown in the viewer's local time (UTC without
 * the script).
 */
public final class ReportPage {
    private static final int WIDTH = 1000;
    private static final int LANE_LABEL = 190;
    private static final int ROW = 22;
    private static final int AXIS = 26;

    private ReportPage() {
    }

    /** The page with links to the files beside it only. */
    public static String render(RoundReport report, List<AuditEvent> events) {
        return render(report, events, ReportLinks.none());
    }

    /** The page, with links to Prometheus and Alertmanager as {@code links} say. */
    public static String render(RoundReport report, List<AuditEvent> events, ReportLinks links) {
        List<AuditEvent> own = ownEvents(report, events);
        Timeline timeline = Timeline.of(own).only(report.switches().stream().map(SwitchResult::name).toList());
        StringBuilder h = HtmlPage.head("Switch upgrade " + report.datacenter() + " " + report.status().wireName());
        h.append("<h1>Switch upgrade: ").append(esc(report.datacenter())).append(", role ").append(esc(report.role()))
                .append(", ").append(esc(report.fromVersion())).append(" &rarr; ").append(esc(report.toVersion()))
                .append("</h1><p><span class=\"b ").append(report.status().wireName()).append("\">")
                .append(report.status().wireName()).append("</span> ").append(esc(report.reason())).append("</p>");
        h.append("<p>").append(report.count(SwitchResult.Outcome.UPGRADED)).append(" upgraded, ")
                .append(report.count(SwitchResult.Outcome.SKIPPED)).append(" skipped, ")
                .append(report.count(SwitchResult.Outcome.FAILED)).append(" failed, ")
                .append(report.count(SwitchResult.Outcome.NOT_REACHED)).append(" not reached; from ")
                .append(dateTime(report.startedAt())).append(" to ").append(dateTime(report.endedAt()))
                .append(" (").append(duration(Duration.between(report.startedAt(), report.endedAt()))).append(")")
                .append(" &middot; ").append(link(links.auditHref(), "audit trail")).append("</p>");
        boolean first = true;
        for (SwitchResult failed : report.switches()) {
            if (failed.outcome() == SwitchResult.Outcome.FAILED) {
                nextSteps(h, report, failed, own, timeline, links, first);
                first = false;
            }
        }
        h.append("<h2>Timeline</h2>");
        chart(h, timeline);
        switchTable(h, report, timeline, links);
        notReached(h, report);
        auditTable(h, own, links);
        return h.append(HtmlPage.end()).toString();
    }

    /** The events of this round: from its start on, of its switches or of the round itself. */
    private static List<AuditEvent> ownEvents(RoundReport report, List<AuditEvent> events) {
        Instant from = report.startedAt().truncatedTo(ChronoUnit.MILLIS);
        Set<String> names = new LinkedHashSet<>();
        report.switches().forEach(s -> names.add(s.name()));
        return events.stream().filter(e -> !e.time().isBefore(from))
                .filter(e -> e.switchName().isEmpty() || names.contains(e.switchName())).toList();
    }

    private static void nextSteps(StringBuilder h, RoundReport report, SwitchResult s, List<AuditEvent> events,
                                  Timeline timeline, ReportLinks links, boolean first) {
        Timeline.Bar bar = timeline.bar(s.name()).orElse(null);
        boolean disrupted = bar != null && bar.disrupted();
        h.append("<section class=\"next\"").append(first ? " id=\"failed\"" : "").append(" data-switch=\"")
                .append(esc(s.name())).append("\"><h2>").append(esc(s.name()))
                .append(" failed &mdash; what to do next</h2><p class=\"bad\">").append(esc(s.reason())).append("</p><dl>");
        h.append("<dt>State of the switch</dt><dd>").append(state(s)).append("</dd>");
        h.append("<dt>Rack ").append(esc(s.rack())).append(" redundancy</dt><dd>").append(redundancy(s, disrupted))
                .append("</dd>");
        h.append("<dt>Its silence</dt><dd>").append(silence(s, events, links)).append("</dd>");
        links.failureAlerts(s.name()).ifPresent(url -> h.append("<dt>Alert</dt><dd>The round posts the alert ")
                .append("<code>SwitchUpgradeFailed</code> for ").append(esc(s.name()))
                .append(" to Alertmanager, so the team's routes page people (the log says if it could not): ")
                .append(link(url, "show it in Alertmanager")).append(".</dd>"));
        h.append("<dt>Next</dt><dd><ol><li>Look at the switch: ").append(fileLinks(s, links));
        graph(s, bar, links).ifPresent(url -> h.append(", ").append(link(url, "its metrics in Prometheus")));
        h.append(".</li><li>When it is fixed, or its state accepted, acknowledge the failure (this resolves the alert"
                        + " and unblocks later runs):<br><code>")
                .append(esc(FailurePaging.ackCommand(report.datacenter(), s.name()))).append("</code></li><li>")
                .append(s.outcome() == SwitchResult.Outcome.INTERRUPTED
                        ? "Or, once it is back on its own, let the next round complete it: <code>switch-upgrade run "
                        + "--resume ...</code> with the round's flags (in Jenkins: the round's <i>resume in flight</i> "
                        + "option). "
                        : "Then run the round again with the same flags (in Jenkins: run the job again); it goes on "
                        + "where this one stopped. ")
                .append("</li></ol></dd>");
        h.append("</dl></section>");
    }

    private static String state(SwitchResult s) {
        Snapshot snapshot = s.post() != null ? s.post() : s.pre();
        if (snapshot == null) {
            return "not read: no snapshot of " + esc(s.name()) + " was taken.";
        }
        Map<String, Double> metrics = snapshot.values();
        Map<String, Double> before = s.pre() == null ? Map.of() : s.pre().values();
        StringBuilder out = new StringBuilder("version <b>").append(esc(String.valueOf(snapshot.version())))
                .append("</b>");
        metrics.forEach((name, value) -> {
            String now = value(value);
            String was = value(before.get(name));
            out.append(" &middot; ").append(esc(name)).append(" <b").append(s.post() != null && !now.equals(was)
                    ? " class=\"bad\"" : "").append(">").append(esc(now)).append("</b>");
            if (s.post() != null && !now.equals(was)) {
                out.append(" (before: ").append(esc(was)).append(")");
            }
        });
        // a snapshot read back without its time (an old pre.json) carries the epoch
        Instant taken = Instant.EPOCH.equals(snapshot.takenAt()) ? null : snapshot.takenAt();
        out.append(s.post() != null ? " &mdash; from the post snapshot" : " &mdash; last read before the upgrade "
                + "(there is no post snapshot)");
        if (taken != null) {
            out.append(", ").append(dateTime(taken));
        }
        return out.append('.').toString();
    }

    private static String redundancy(SwitchResult s, boolean disrupted) {
        String siblings = s.siblings().isEmpty() ? null : String.join(", ", s.siblings());
        if (!disrupted) {
            return "Not lost: nothing disruptive was sent to " + esc(s.name()) + "; the rack is as it was.";
        }
        if (s.post() == null) {
            return siblings == null
                    ? "<span class=\"bad\">Lost</span>: " + esc(s.name()) + " is not back and has no sibling in its "
                    + "rack; what hangs on it only is down."
                    : "<span class=\"bad\">Lost</span>: " + esc(s.name()) + " is not back; the rack runs on "
                    + "<b>" + esc(siblings) + "</b> alone until it is.";
        }
        return "<span class=\"bad\">Reduced</span>: " + esc(s.name()) + " is back but not as before (see above); "
                + (siblings == null ? "it has no sibling to carry what it lost." : "the rack relies on <b>"
                + esc(siblings) + "</b> for what it lost.");
    }

    private static String silence(SwitchResult s, List<AuditEvent> events, ReportLinks links) {
        String id = null;
        AuditEvent expired = null;
        boolean skipped = false;
        for (AuditEvent e : events) {
            if (!e.switchName().equals(s.name())) {
                continue;
            }
            if (e.kind() == AuditKind.SILENCE_CREATED) {
                id = String.valueOf(e.details().get("silenceId"));
                expired = null;
            } else if (e.kind() == AuditKind.SILENCE_EXPIRED) {
                expired = e;
            } else if (e.kind() == AuditKind.SILENCE_SKIPPED) {
                skipped = true;
            }
        }
        if (skipped) {
            return "none: silencing was switched off for this run, so its alerts were never muted.";
        }
        if (id == null) {
            return "none: it was never silenced (nothing disruptive was sent).";
        }
        StringBuilder ids = new StringBuilder();
        for (String one : id.split(",")) {
            ids.append(ids.length() == 0 ? "" : ", ").append("<code>").append(esc(one)).append("</code>");
            links.silence(one).ifPresent(url -> ids.append(" (").append(link(url, "in Alertmanager")).append(")"));
        }
        if (expired != null) {
            return "<b>expired</b> " + dateTime(expired.time()) + ", so its alerts reach people: " + ids + ".";
        }
        boolean finished = events.stream().anyMatch(e -> e.switchName().equals(s.name())
                && e.kind() == AuditKind.OUTCOME);
        return finished
                ? "<span class=\"bad\">could not be expired</span>: " + ids + " still mutes its alerts until it ends; "
                + "expire it in Alertmanager now."
                : "<b>still active</b>: " + ids + ".";
    }

    private static String fileLinks(SwitchResult s, ReportLinks links) {
        List<String> out = new ArrayList<>();
        if (s.pre() != null) {
            out.add(link(links.switchFile(s.name(), "pre.json"), "pre.json"));
        }
        if (s.post() != null) {
            out.add(link(links.switchFile(s.name(), "post.json"), "post.json"));
        }
        if (s.diff() != null) {
            out.add(link(links.switchFile(s.name(), "diff.json"), "diff.json"));
        }
        return out.isEmpty() ? "no snapshot" : String.join(" ", out);
    }

    private static java.util.Optional<String> graph(SwitchResult s, Timeline.Bar bar, ReportLinks links) {
        Instant from = bar != null ? bar.from() : s.startedAt();
        Instant to = bar != null ? bar.to() : s.endedAt();
        return links.graph(s.name(), from, to);
    }

    private static void chart(StringBuilder h, Timeline timeline) {
        if (timeline.bars().isEmpty()) {
            h.append("<p>No switch was elected, so there is no timeline.</p>");
            return;
        }
        Instant t0 = timeline.start().orElseThrow();
        Instant t1 = timeline.end().orElseThrow();
        long span = Math.max(1, Duration.between(t0, t1).toMillis());
        int plot = WIDTH - LANE_LABEL - 20;
        int height = AXIS + timeline.bars().size() * ROW + 8;
        h.append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(height).append("\" role=\"img\" aria-label=\"timeline of the round\">");
        for (int i = 0; i <= 5; i++) {
            double x = LANE_LABEL + plot * i / 5.0;
            Instant at = t0.plusMillis(span * i / 5);
            h.append("<line class=\"grid\" x1=\"").append(fmt(x)).append("\" y1=\"").append(AXIS - 6).append("\" x2=\"")
                    .append(fmt(x)).append("\" y2=\"").append(height).append("\"/><text class=\"tick\" x=\"")
                    .append(fmt(x)).append("\" y=\"14\" text-anchor=\"").append(i == 0 ? "start" : i == 5 ? "end"
                            : "middle").append("\" data-epoch-ms=\"").append(at.toEpochMilli())
                    .append("\" data-format=\"time\">").append(esc(HtmlPage.time(at).replaceAll("<[^>]+>", "")))
                    .append("</text>");
        }
        int row = 0;
        for (Timeline.Bar bar : timeline.bars()) {
            int y = AXIS + row * ROW;
            h.append("<g class=\"bar\" data-switch=\"").append(esc(bar.switchName())).append("\" data-outcome=\"")
                    .append(esc(bar.outcome())).append("\"><text class=\"lane\" x=\"4\" y=\"").append(y + 13)
                    .append("\">").append(esc(bar.switchName())).append("</text>");
            for (Timeline.Segment seg : bar.segments()) {
                double x = LANE_LABEL + plot * (double) Duration.between(t0, seg.from()).toMillis() / span;
                double w = Math.max(1.5, plot * (double) seg.duration().toMillis() / span);
                h.append("<rect class=\"seg ").append(seg.phase().cssName()).append("\" data-phase=\"")
                        .append(seg.phase().cssName()).append("\" x=\"").append(fmt(x)).append("\" y=\"")
                        .append(y + 3).append("\" width=\"").append(fmt(w)).append("\" height=\"14\"><title>")
                        .append(esc(bar.switchName() + ": " + seg.phase().label() + ", "
                                + duration(seg.duration()))).append("</title></rect>");
            }
            h.append("</g>");
            row++;
        }
        h.append("</svg><p class=\"legend\">");
        for (Timeline.Phase phase : Timeline.Phase.values()) {
            h.append("<span class=\"seg-key\" style=\"background:").append(color(phase)).append("\"></span>")
                    .append(esc(phase.label()));
        }
        h.append(" &middot; bars that overlap in time are switches upgraded side by side (parallel racks).</p>");
        h.append("<table class=\"phases\"><tr><th>switch</th>");
        for (Timeline.Phase phase : Timeline.Phase.values()) {
            h.append("<th>").append(esc(phase.label())).append("</th>");
        }
        h.append("</tr>");
        for (Timeline.Bar bar : timeline.bars()) {
            h.append("<tr><td class=\"m\">").append(esc(bar.switchName())).append("</td>");
            for (Timeline.Phase phase : Timeline.Phase.values()) {
                h.append("<td>").append(bar.segment(phase).map(seg -> HtmlPage.time(seg.from()) + " &middot; "
                        + duration(seg.duration())).orElse("")).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");
    }

    private static String color(Timeline.Phase phase) {
        return switch (phase) {
            case VALIDATE -> "#7a8aa6";
            case DISRUPTION_SENT -> "#e0a030";
            case DOWN -> "#b3261e";
            case UP -> "#4f9fd8";
            case SETTLE -> "#1f8a3b";
        };
    }

    private static void switchTable(StringBuilder h, RoundReport report, Timeline timeline, ReportLinks links) {
        h.append("<h2>Switches</h2><table class=\"switches\"><tr><th>switch</th><th>rack</th><th>sibling</th>")
                .append("<th>outcome</th><th>metrics (pre &rarr; post)</th><th>reason</th><th>started</th>")
                .append("<th>took</th><th>seconds</th><th>files</th></tr>");
        List<SwitchResult> rows = new ArrayList<>(report.switches().stream()
                .filter(s -> s.outcome() != SwitchResult.Outcome.NOT_REACHED).toList());
        // the failed switch is what people look for first
        rows.sort(Comparator.comparing(s -> s.outcome() == SwitchResult.Outcome.FAILED ? 0 : 1));
        for (SwitchResult s : rows) {
            Timeline.Bar bar = timeline.bar(s.name()).orElse(null);
            h.append("<tr data-switch=\"").append(esc(s.name())).append("\"><td class=\"m\">").append(esc(s.name()))
                    .append("</td><td>").append(esc(s.rack()))
                    .append("</td><td class=\"m\">").append(esc(String.join(" ", s.siblings()))).append("</td><td>")
                    .append("<span class=\"b ").append(s.outcome().wireName()).append("\">")
                    .append(s.outcome().wireName()).append("</span></td><td class=\"m\">")
                    .append(metrics(s)).append("</td><td>").append(esc(s.reason())).append("</td><td>")
                    .append(dateTime(s.startedAt())).append("</td><td>")
                    .append(s.startedAt() == null || s.endedAt() == null ? ""
                            : duration(Duration.between(s.startedAt(), s.endedAt()))).append("</td><td>")
                    .append(s.startedAt() == null || s.endedAt() == null ? "" : String.format(Locale.ROOT,
                            "%.1f", Duration.between(s.startedAt(), s.endedAt()).toMillis() / 1000.0))
                    .append("</td><td>").append(fileLinks(s, links));
            graph(s, bar, links).ifPresent(url -> h.append(" ").append(link(url, "graph")));
            h.append("</td></tr>");
        }
        h.append("</table>");
    }

    /** The switches the round never reached, on one line: the same reason for all of them is said once. */
    private static void notReached(StringBuilder h, RoundReport report) {
        List<SwitchResult> left = report.switches().stream()
                .filter(s -> s.outcome() == SwitchResult.Outcome.NOT_REACHED).toList();
        if (left.isEmpty()) {
            return;
        }
        Set<String> reasons = new LinkedHashSet<>();
        left.forEach(s -> reasons.add(s.reason()));
        h.append("<p class=\"not-reached-line\"><span class=\"b not-reached\">not-reached</span> ")
                .append(left.size()).append(left.size() == 1 ? " switch" : " switches").append(", untouched: <span class=\"m\">")
                .append(esc(String.join(", ", left.stream().map(SwitchResult::name).toList()))).append("</span>. ")
                .append(esc(String.join("; ", reasons))).append("</p>");
    }

    private static void auditTable(StringBuilder h, List<AuditEvent> events, ReportLinks links) {
        h.append("<h2>Audit trail</h2><p>Each event at the time it happened; the full record is in ")
                .append(link(links.auditHref(), links.auditHref())).append(".</p><table class=\"audit\"><tr>")
                .append("<th>time</th><th>switch</th><th>event</th><th>reason</th></tr>");
        List<AuditEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(ReportPage::happened).thenComparing(AuditEvent::sequence));
        for (AuditEvent e : sorted) {
            h.append("<tr><td class=\"m\">").append(HtmlPage.time(happened(e))).append("</td><td class=\"m\">")
                    .append(esc(e.switchName())).append("</td><td>").append(esc(e.kind().wireName()))
                    .append("</td><td>").append(esc(e.reason())).append("</td></tr>");
        }
        h.append("</table>");
    }

    private static Instant happened(AuditEvent e) {
        return e.kind() == AuditKind.SWITCH_DOWN || e.kind() == AuditKind.SWITCH_UP ? Timeline.happened(e, "at")
                : e.time();
    }

    private static String metrics(SwitchResult s) {
        Map<String, Double> pre = s.pre() == null ? Map.of() : s.pre().values();
        Map<String, Double> post = s.post() == null ? Map.of() : s.post().values();
        Set<String> names = new LinkedHashSet<>(pre.keySet());
        names.addAll(post.keySet());
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            String before = value(pre.get(name));
            String after = s.post() == null ? "" : value(post.get(name));
            boolean changed = s.post() != null && !before.equals(after);
            out.append(esc(name)).append(": ").append(esc(before));
            if (s.post() != null) {
                out.append(" &rarr; ").append(changed ? "<span class=\"bad\">" : "").append(esc(after))
                        .append(changed ? "</span>" : "");
            }
            out.append("<br>");
        }
        if (s.post() != null && s.post().version() != null && !s.post().version().isEmpty()) {
            out.append("version: ").append(esc(s.pre() == null ? "" : String.valueOf(s.pre().version())))
                    .append(" &rarr; ").append(esc(s.post().version()));
        }
        return out.toString();
    }

    private static String value(Object value) {
        if (value == null) {
            return "missing";
        }
        if (value instanceof Double d && d == Math.rint(d)) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String text) {
        return HtmlPage.esc(text);
    }
}
