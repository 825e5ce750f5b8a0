package io.jenkins.plugins.switchupgrade.campaign;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import static io.jenkins.plugins.switchupgrade.campaign.HtmlPage.dateTime;
import static io.jenkins.plugins.switchupgrade.campaign.HtmlPage.duration;
import static io.jenkins.plugins.switchupgrade.campaign.HtmlPage.esc;
import static io.jenkins.plugins.switchupgrade.campaign.HtmlPage.link;

/**
 * The page above several rounds (the demo's leaves, then spines): one line per round with its outcome and a link to
 * its own report.html, the failed switch named where one stopped it, and the rounds that never started with why.
 */
public final class ReportIndex {
    private ReportIndex() {
    }

    /** One round of the index: its title (e.g. {@code leaves}) and either its report and page, or why it never ran. */
    public record Entry(String title, String href, RoundReport report, String neverStartedBecause) {
        public Entry {
            Objects.requireNonNull(title, "title");
            if ((report == null) == (neverStartedBecause == null)) {
                throw new IllegalArgumentException("a round of the index either ran (its report) or never started "
                        + "(why), not both");
            }
        }

        /** A round that ran, its page at {@code href} relative to the index, e.g. {@code leaf/report.html}. */
        public static Entry ran(String title, String href, RoundReport report) {
            return new Entry(title, href, Objects.requireNonNull(report, "report"), null);
        }

        public static Entry neverStarted(String title, String why) {
            return new Entry(title, null, null, why == null || why.isBlank() ? "it never started" : why);
        }
    }

    /** The index page; {@code auditHref} is the audit trail all rounds share, or null. */
    public static String render(String heading, List<Entry> rounds, String auditHref) {
        StringBuilder h = HtmlPage.head(heading);
        h.append("<h1>").append(esc(heading)).append("</h1>");
        if (auditHref != null) {
            h.append("<p>All rounds' events: ").append(link(auditHref, auditHref)).append("</p>");
        }
        h.append("<table class=\"rounds\"><tr><th>round</th><th>outcome</th><th>switches</th><th>started</th>")
                .append("<th>took</th><th>what happened</th></tr>");
        for (Entry round : rounds) {
            h.append("<tr data-round=\"").append(esc(round.title())).append("\"><td>");
            RoundReport r = round.report();
            if (r == null) {
                h.append(esc(round.title())).append("</td><td><span class=\"b never-started\">never started</span>")
                        .append("</td><td></td><td></td><td></td><td>").append(esc(round.neverStartedBecause()))
                        .append("</td></tr>");
                continue;
            }
            h.append(round.href() == null ? esc(round.title()) : link(round.href(), round.title()))
                    .append("</td><td><span class=\"b ").append(r.status().wireName()).append("\">")
                    .append(r.status().wireName()).append("</span></td><td>")
                    .append(r.count(SwitchResult.Outcome.UPGRADED)).append(" upgraded, ")
                    .append(r.count(SwitchResult.Outcome.SKIPPED)).append(" skipped, ")
                    .append(r.count(SwitchResult.Outcome.FAILED)).append(" failed, ")
                    .append(r.count(SwitchResult.Outcome.NOT_REACHED)).append(" not reached</td><td>")
                    .append(dateTime(r.startedAt())).append("</td><td>")
                    .append(duration(Duration.between(r.startedAt(), r.endedAt()))).append("</td><td>");
            List<SwitchResult> failed = r.switches().stream()
                    .filter(s -> s.outcome() == SwitchResult.Outcome.FAILED).toList();
            if (failed.isEmpty()) {
                h.append(esc(r.reason()));
            } else {
                for (SwitchResult s : failed) {
                    h.append("<span class=\"bad\">").append(esc(s.name())).append(" failed</span>: ")
                            .append(esc(s.reason())).append(' ');
                }
                if (round.href() != null) {
                    h.append(link(round.href() + "#failed", "what to do next"));
                }
            }
            h.append("</td></tr>");
        }
        return h.append("</table>").append(HtmlPage.end()).toString();
    }
}
