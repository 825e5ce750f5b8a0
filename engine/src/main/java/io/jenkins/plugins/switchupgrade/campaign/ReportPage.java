package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.audit.AuditEvent;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * report.html: one self-contained page (no scripts, no external files) with the round's status, one row per switch
 * with its outcome badge, pre and post metrics side by side and the reason of any skip or failure, and the
 * round's timeline from the audit trail.
 */
public final class ReportPage {
    private ReportPage() {
    }

    public static String render(RoundReport report, List<AuditEvent> events) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Switch upgrade ")
                .append(esc(report.datacenter())).append(" ").append(esc(report.status().wireName()))
                .append("</title><style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2330}")
                .append("table{border-collapse:collapse;width:100%;margin:12px 0}")
                .append("th,td{border-bottom:1px solid #dde;padding:6px 8px;text-align:left;vertical-align:top}")
                .append("th{background:#f3f4f8}.b{display:inline-block;padding:2px 8px;border-radius:10px;")
                .append("font-weight:600;color:#fff}.upgraded,.completed{background:#1f8a3b}.skipped,.nothing-to-do")
                .append("{background:#8a6d1f}.failed,.aborted{background:#b3261e}.not-reached{background:#6b7280}")
                .append(".bad{color:#b3261e;font-weight:600}.m{font-family:ui-monospace,monospace;font-size:13px}")
                .append("</style></head><body>");
        h.append("<h1>Switch upgrade: ").append(esc(report.datacenter())).append(", role ").append(esc(report.role()))
                .append(", ").append(esc(report.fromVersion())).append(" &rarr; ").append(esc(report.toVersion()))
                .append("</h1><p><span class=\"b ").append(report.status().wireName()).append("\">")
                .append(report.status().wireName()).append("</span> ").append(esc(report.reason())).append("</p>");
        h.append("<p>").append(report.count(SwitchResult.Outcome.UPGRADED)).append(" upgraded, ")
                .append(report.count(SwitchResult.Outcome.SKIPPED)).append(" skipped, ")
                .append(report.count(SwitchResult.Outcome.FAILED)).append(" failed, ")
                .append(report.count(SwitchResult.Outcome.NOT_REACHED)).append(" not reached; from ")
                .append(esc(report.startedAt().toString())).append(" to ").append(esc(report.endedAt().toString()))
                .append("</p>");
        h.append("<h2>Switches</h2><table><tr><th>switch</th><th>rack</th><th>sibling</th><th>outcome</th>")
                .append("<th>metrics (pre &rarr; post)</th><th>reason</th><th>started</th><th>seconds</th></tr>");
        for (SwitchResult s : report.switches()) {
            h.append("<tr><td class=\"m\">").append(esc(s.name())).append("</td><td>").append(esc(s.rack()))
                    .append("</td><td class=\"m\">").append(esc(String.join(" ", s.siblings()))).append("</td><td>")
                    .append("<span class=\"b ").append(s.outcome().wireName()).append("\">")
                    .append(s.outcome().wireName()).append("</span></td><td class=\"m\">")
                    .append(metrics(s)).append("</td><td>").append(esc(s.reason())).append("</td><td>")
                    .append(s.startedAt() == null ? "" : esc(s.startedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            .toString())).append("</td><td>")
                    .append(s.startedAt() == null || s.endedAt() == null ? "" : String.format(java.util.Locale.ROOT,
                            "%.1f", java.time.Duration.between(s.startedAt(), s.endedAt()).toMillis() / 1000.0))
                    .append("</td></tr>");
        }
        h.append("</table><h2>Timeline</h2><table><tr><th>time</th><th>switch</th><th>event</th><th>reason</th></tr>");
        for (AuditEvent e : events) {
            h.append("<tr><td class=\"m\">").append(esc(e.time().toString())).append("</td><td class=\"m\">")
                    .append(esc(e.switchName())).append("</td><td>").append(esc(e.kind().wireName()))
                    .append("</td><td>").append(esc(e.reason())).append("</td></tr>");
        }
        return h.append("</table></body></html>\n").toString();
    }

    @SuppressWarnings("unchecked")
    private static String metrics(SwitchResult s) {
        Map<String, Object> pre = s.pre() == null ? Map.of() : (Map<String, Object>) s.pre().getOrDefault("metrics", Map.of());
        Map<String, Object> post = s.post() == null ? Map.of() : (Map<String, Object>) s.post().getOrDefault("metrics", Map.of());
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
        if (s.post() != null && s.post().get("version") != null) {
            out.append("version: ").append(esc(String.valueOf(s.pre() == null ? "" : s.pre().get("version"))))
                    .append(" &rarr; ").append(esc(String.valueOf(s.post().get("version"))));
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

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
