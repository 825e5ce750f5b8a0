package io.jenkins.plugins.switchupgrade.campaign;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.jenkins.plugins.switchupgrade.campaign.HtmlPage.dateTime;
import static io.jenkins.plugins.switchupgrade.campaign.HtmlPage.duration;
import static io.jenkins.plugins.switchupgrade.campaign.HtmlPage.esc;

/**
 * campaign.html: the plan in the report's style, self-contained; the seed's two weeks beside the plan's duration
 * (bars to scale), then the waves in order and the switches skipped today with why.
 */
public final class CampaignPage {
    private static final int BAR_WIDTH = 640;

    private CampaignPage() {
    }

    public static String render(CampaignPlan plan) {
        StringBuilder h = HtmlPage.head("Campaign plan " + plan.datacenter());
        h.append("<h1>Campaign plan: ").append(esc(plan.datacenter()));
        if (plan.fromVersion() != null) {
            h.append(", ").append(esc(plan.fromVersion()));
        }
        if (plan.toVersion() != null) {
            h.append(" &rarr; ").append(esc(plan.toVersion()));
        }
        h.append("</h1><p>").append(plan.switchCount()).append(" switch(es) in ").append(plan.waves().size())
                .append(" wave(s), ").append(plan.parallelRacks()).append(" rack(s) at a time, spines one by one; ")
                .append(plan.skipped().size()).append(" skipped today. Planned ").append(dateTime(plan.plannedAt()))
                .append(", read-only: nothing was sent to any switch.</p>");
        comparison(h, plan);
        h.append("<h2>Waves</h2><table><tr><th>wave</th><th>role</th><th>switches together</th></tr>");
        for (CampaignPlan.Wave w : plan.waves()) {
            h.append("<tr><td>").append(w.number()).append("</td><td>").append(w.role().label())
                    .append("</td><td class=\"m\">").append(esc(String.join(" ", w.switches()))).append("</td></tr>");
        }
        h.append("</table>");
        h.append("<h2>Skipped today</h2>");
        if (plan.skipped().isEmpty()) {
            h.append("<p>None: every remaining switch passes the sibling check now.</p>");
        } else {
            h.append("<table><tr><th>switch</th><th>rack</th><th>why</th></tr>");
            for (CampaignPlan.Skip s : plan.skipped()) {
                h.append("<tr><td class=\"m\"><span class=\"b skipped\">skipped</span> ").append(esc(s.name()))
                        .append("</td><td>").append(esc(s.rack())).append("</td><td>")
                        .append(esc(String.join("; ", s.reasons()))).append("</td></tr>");
            }
            h.append("</table>");
        }
        return h.append(HtmlPage.end()).toString();
    }

    private record Row(String what, Duration time, String note) {
    }

    private static void comparison(StringBuilder h, CampaignPlan plan) {
        Duration seedAll = CampaignPlan.SEED_PACE.multipliedBy(
                (long) CampaignPlan.SEED_SWITCHES_PER_DATACENTER * CampaignPlan.SEED_DATACENTERS);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("The seed: " + CampaignPlan.SEED_DATACENTERS + " data centers x "
                + CampaignPlan.SEED_SWITCHES_PER_DATACENTER + " switches, one at a time by hand", seedAll,
                "about two weeks of repetitive work"));
        rows.add(new Row("The seed's way for this data center's " + (plan.switchCount() + plan.skipped().size())
                + " switches", plan.seedWay(), "one at a time, " + duration(CampaignPlan.SEED_PACE) + " each"));
        rows.add(new Row("This plan at the seed's pace", plan.durationAt(CampaignPlan.SEED_PACE),
                plan.waves().size() + " waves of " + duration(CampaignPlan.SEED_PACE)));
        if (plan.measuredPace() != null) {
            rows.add(new Row("This plan at the measured pace", plan.durationAt(plan.measuredPace()),
                    duration(plan.measuredPace()) + " per wave, " + plan.paceSource()));
        }
        rows.add(new Row("Three data centers like this one, at the "
                + (plan.measuredPace() != null ? "measured" : "seed's") + " pace",
                plan.durationAt(plan.schedule().pace()).multipliedBy(CampaignPlan.SEED_DATACENTERS),
                "hands-free, in the background"));
        long longest = rows.stream().mapToLong(r -> r.time().toSeconds()).max().orElse(1);
        h.append("<h2>The seed's two weeks beside the plan</h2><table><tr><th>what</th><th>working time</th>"
                + "<th>in 8-hour days</th><th></th></tr>");
        for (Row r : rows) {
            long width = longest == 0 ? 0 : Math.max(1, Math.round(BAR_WIDTH * (double) r.time().toSeconds() / longest));
            h.append("<tr><td>").append(esc(r.what())).append("<br><small>").append(esc(r.note()))
                    .append("</small></td><td>").append(duration(r.time())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", r.time().toMinutes() / 480.0))
                    .append("</td><td><svg class=\"bar\" width=\"").append(BAR_WIDTH).append("\" height=\"14\">")
                    .append("<rect class=\"seg settle\" width=\"").append(width).append("\" height=\"14\"/></svg>")
                    .append("</td></tr>");
        }
        h.append("</table>");
        if (plan.windows().isAlways()) {
            h.append("<p>No maintenance window: the waves run back to back; done ")
                    .append(dateTime(plan.schedule().finishesAt())).append(".</p>");
        } else {
            h.append("<p>Maintenance windows <code>").append(esc(plan.windows().describe())).append("</code>: ")
                    .append(plan.schedule().windowsNeeded()).append(" window(s) at ")
                    .append(duration(plan.schedule().pace())).append(" per wave; done ")
                    .append(dateTime(plan.schedule().finishesAt())).append(".</p>");
        }
    }
}
