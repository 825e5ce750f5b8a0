package io.jenkins.plugins.switchupgrade.campaign;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportIndexTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void indexesEveryRoundAndSaysWhichNeverStartedAndWhy() {
        RoundReport leaves = new RoundReport(RoundReport.Status.ABORTED, "dc1", "leaf", "5.9.1", "5.10.0", T0,
                T0.plusSeconds(252), List.of(new SwitchResult("leaf-r2-p1-pod1", "2", List.of(), "5.9.1", "5.10.0",
                SwitchResult.Outcome.FAILED, "post-upgrade validation failed: <bgp>", null, null, null, T0,
                T0.plusSeconds(250))), "leaf-r2-p1-pod1 failed", 10);

        String html = ReportIndex.render("Switch upgrade demo", List.of(
                ReportIndex.Entry.ran("leaves", "leaf/report.html", leaves),
                ReportIndex.Entry.neverStarted("spines", "the leaf round did not complete")), "audit.jsonl");

        assertTrue(html.contains("<tr data-round=\"leaves\"><td><a href=\"leaf/report.html\">leaves</a></td><td>"
                + "<span class=\"b aborted\">aborted</span>"), html);
        assertTrue(html.contains("0 upgraded, 0 skipped, 1 failed, 0 not reached"), html);
        assertTrue(html.contains("<span class=\"bad\">leaf-r2-p1-pod1 failed</span>: post-upgrade validation failed: "
                + "&lt;bgp&gt;"), html);
        assertTrue(html.contains("<a href=\"leaf/report.html#failed\">what to do next</a>"), html);
        assertTrue(html.contains("<td>4 min 12 s</td>"), html);
        assertTrue(html.contains("<tr data-round=\"spines\"><td>spines</td><td><span class=\"b never-started\">never "
                + "started</span></td><td></td><td></td><td></td><td>the leaf round did not complete</td></tr>"), html);
        assertTrue(html.contains("<a href=\"audit.jsonl\">audit.jsonl</a>"), html);
        assertTrue(html.contains("<script id=\"report-script\">"), html);
        assertThrows(IllegalArgumentException.class, () -> new ReportIndex.Entry("x", null, leaves, "why"));
    }
}
