package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.diff.DiffReport;
import io.jenkins.plugins.switchupgrade.diff.SnapshotDiff;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import org.junit.jupiter.api.Test;

import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportPageTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void showsOutcomesPrePostSideBySideAndEscapesWhatSwitchesSay() {
        Snapshot pre = Snapshot.fromMap(Map.of("switch", "leaf-r1-p1-pod1", "version", "5.9.1", "metrics",
                Map.of("bgp_peer_status", 4.0)));
        Snapshot post = Snapshot.fromMap(Map.of("switch", "leaf-r1-p1-pod1", "version", "5.10.0", "metrics",
                Map.of("bgp_peer_status", 2.0)));
        RoundReport report = new RoundReport(RoundReport.Status.ABORTED, "dc1", "leaf", "5.9.1", "5.10.0", T0,
                T0.plusSeconds(90), List.of(
                new SwitchResult("leaf-r1-p1-pod1", "1", List.of("leaf-r1-p2-pod1"), "5.9.1", "5.10.0",
                        SwitchResult.Outcome.FAILED, "post-upgrade validation failed: <script>alert(1)</script>", pre,
                        post, diff(pre, post), T0, T0.plusSeconds(60)),
                new SwitchResult("leaf-r2-p1-pod1", "2", List.of(), "5.9.1", "5.10.0",
                        SwitchResult.Outcome.NOT_REACHED, "the round stopped", null, null, null, null, null)),
                "leaf-r1-p1-pod1 failed", 12);
        String html = ReportPage.render(report, List.of());
        assertTrue(html.contains("<span class=\"b aborted\">aborted</span>"), html);
        assertTrue(html.contains("<span class=\"b failed\">failed</span>"));
        assertTrue(html.contains("<span class=\"b not-reached\">not-reached</span>"));
        assertTrue(html.contains("bgp_peer_status: 4 &rarr; <span class=\"bad\">2</span>"), html);
        assertTrue(html.contains("version: 5.9.1 &rarr; 5.10.0"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(html.contains("<script>"), "nothing a switch or a reason says becomes markup");
        assertEquals(1, html.split("<script", -1).length - 1, "one script, the page's own");
        assertTrue(html.contains("<script id=\"report-script\">"), html);
        assertTrue(html.contains("<td>60.0</td>"), html);
    }

    private static final String SILENCE = "6999f4c7-8056-4390-b030-b907bb1c647b";

    private static Snapshot snapshot(String version, double bgp, double links, double at) {
        return Snapshot.fromMap(Map.of("switch", "x", "takenAt", T0.plusMillis((long) (at * 1000)).toString(),
                "version", version, "metrics", Map.of("bgp_peer_status", bgp, "interface_link_status", links,
                        "health_global_status", 0.0)));
    }

    /** The diff the round would have made of the two snapshots (its file is linked from the page). */
    private static DiffReport diff(Snapshot pre, Snapshot post) {
        return new SnapshotDiff(MetricsProfile.defaults()).diff(pre, post, post.version());
    }

    /** Rack 1 upgraded, rack 2 failed its diff (silence not expired), racks 3 to 5 not reached. */
    private static RoundReport failedRound() {
        return new RoundReport(RoundReport.Status.ABORTED, "dc1", "leaf", "5.9.1", "5.10.0", T0, T0.plusSeconds(160),
                List.of(new SwitchResult("leaf-r1-p1-pod1", "1", List.of("leaf-r1-p2-pod1"), "5.9.1", "5.10.0",
                                SwitchResult.Outcome.UPGRADED, "post equals pre; runs 5.10.0",
                                snapshot("5.9.1", 4, 6, 1), snapshot("5.10.0", 4, 6, 69),
                                diff(snapshot("5.9.1", 4, 6, 1), snapshot("5.10.0", 4, 6, 69)), T0,
                                T0.plusSeconds(70)),
                        new SwitchResult("leaf-r2-p1-pod1", "2", List.of("leaf-r2-p2-pod1"), "5.9.1", "5.10.0",
                                SwitchResult.Outcome.FAILED, "post-upgrade validation failed: bgp_peer_status 4 -> 2",
                                snapshot("5.9.1", 4, 6, 81), snapshot("5.10.0", 2, 6, 149),
                                diff(snapshot("5.9.1", 4, 6, 81), snapshot("5.10.0", 2, 6, 149)),
                                T0.plusSeconds(80), T0.plusSeconds(150)),
                        notReached("leaf-r3-p1-pod1"), notReached("leaf-r4-p1-pod1"), notReached("leaf-r5-p1-pod1")),
                "leaf-r2-p1-pod1 failed: post-upgrade validation failed: bgp_peer_status 4 -> 2", 40);
    }

    private static SwitchResult notReached(String name) {
        return new SwitchResult(name, name.substring(6, 7), List.of(), "5.9.1", "5.10.0",
                SwitchResult.Outcome.NOT_REACHED, "the round stopped: leaf-r2-p1-pod1 failed", null, null, null,
                null, null);
    }

    private static RoundEvents failedRoundEvents() {
        RoundEvents events = new RoundEvents(T0).upgraded(0, "leaf-r1-p1-pod1");
        String name = "leaf-r2-p1-pod1";
        return events.add(80, name, AuditKind.CANDIDATE_SELECTED, "picked")
                .add(81, name, AuditKind.VALIDATION_PASSED, "ok")
                .add(82, name, AuditKind.SILENCE_CREATED, "silenced", Map.of("silenceId", SILENCE))
                .add(83, name, AuditKind.REPROVISION_SENT, "upgrade")
                .add(125, name, AuditKind.SWITCH_DOWN, "port closed", Map.of("at", events.at(90)))
                .add(125, name, AuditKind.SWITCH_UP, "port open", Map.of("at", events.at(120), "freshSampleAt",
                        events.at(124)))
                .add(149, name, AuditKind.DIFF_FAILED, "bgp_peer_status 4 -> 2")
                .add(150, name, AuditKind.OUTCOME, "failed: post-upgrade validation failed");
    }

    @Test
    void aFailedRoundStartsWithTheFailedSwitchAndWhatToDoNext() {
        ReportLinks links = new ReportLinks("../audit.jsonl", "http://user:s3cret@prometheus.example:9090/?x=1",
                "https://alertmanager.example:9093/", MetricsProfile.defaults());
        String html = ReportPage.render(failedRound(), failedRoundEvents().events(), links);

        int next = html.indexOf("<section class=\"next\" id=\"failed\" data-switch=\"leaf-r2-p1-pod1\">");
        assertTrue(next > 0, html);
        assertTrue(next < html.indexOf("<h2>Timeline</h2>"), "what to do next comes before everything else");
        assertTrue(html.indexOf("<tr data-switch=\"leaf-r2-p1-pod1\">") < html.indexOf("<tr data-switch=\"leaf-r1-p1-pod1\">"),
                "the failed switch heads the table");
        String section = html.substring(next, html.indexOf("</section>", next));
        assertTrue(section.contains("version <b>5.10.0</b>"), section);
        assertTrue(section.contains("bgp_peer_status <b class=\"bad\">2</b> (before: 4)"), section);
        assertTrue(section.contains("from the post snapshot"), section);
        assertTrue(section.contains("<span class=\"bad\">Reduced</span>"), section);
        assertTrue(section.contains("relies on <b>leaf-r2-p2-pod1</b>"), section);
        assertTrue(section.contains("<span class=\"bad\">could not be expired</span>: <code>" + SILENCE + "</code>"
                + " (<a href=\"https://alertmanager.example:9093/#/silences/" + SILENCE + "\">in Alertmanager</a>)"),
                section);
        assertTrue(section.contains("<code>switch-upgrade ack --datacenter dc1 --switch leaf-r2-p1-pod1 --reason TEXT"
                + "</code>"), section);
        // a failed switch is acknowledged, then the round runs again; --resume is for a switch left in flight
        assertTrue(section.contains("Then run the round again with the same flags"), section);
        assertFalse(section.contains("--resume"), section);
        assertTrue(section.contains("<a href=\"switch-upgrade/leaf-r2-p1-pod1/pre.json\">pre.json</a>"), section);
        assertTrue(section.contains("<a href=\"switch-upgrade/leaf-r2-p1-pod1/diff.json\">diff.json</a>"), section);
        assertTrue(section.contains("https://alertmanager.example:9093/#/alerts?silenced=true&amp;filter=%7Balertname"
                + "%3D%22SwitchUpgradeFailed%22%2Cswitch%3D%22leaf-r2-p1-pod1%22%7D"), section);
        assertTrue(section.contains("<a href=\"http://prometheus.example:9090/graph?g0.expr="), section);
        assertFalse(html.contains("s3cret"), "no credential of a configured URL reaches the page");
        assertTrue(html.contains("<a href=\"../audit.jsonl\">audit trail</a>"), html);
    }

    @Test
    void notReachedSwitchesAreFoldedIntoOneLine() {
        String html = ReportPage.render(failedRound(), failedRoundEvents().events());
        assertEquals(1, html.split("the round stopped: leaf-r2-p1-pod1 failed", -1).length - 1, html);
        assertTrue(html.contains("3 switches, untouched: <span class=\"m\">leaf-r3-p1-pod1, leaf-r4-p1-pod1, "
                + "leaf-r5-p1-pod1</span>"), html);
        assertFalse(html.contains("<tr data-switch=\"leaf-r3-p1-pod1\">"), html);
    }

    @Test
    void theTimelineHasOneBarPerSwitchWithItsPhasesAndLocalisableTimes() {
        String html = ReportPage.render(failedRound(), failedRoundEvents().events());
        for (String name : List.of("leaf-r1-p1-pod1", "leaf-r2-p1-pod1")) {
            int bar = html.indexOf("<g class=\"bar\" data-switch=\"" + name + "\"");
            assertTrue(bar > 0, html);
            String g = html.substring(bar, html.indexOf("</g>", bar));
            for (String phase : List.of("validate", "disruption-sent", "down", "up", "settle")) {
                assertTrue(g.contains("<rect class=\"seg " + phase + "\""), name + " " + phase + ": " + g);
            }
        }
        assertFalse(html.contains("<g class=\"bar\" data-switch=\"leaf-r3-p1-pod1\""), "not reached: no bar");
        // leaf-r2 went down at +90 s (recorded at +125 s): 30 s down, shown in words
        assertTrue(html.contains("leaf-r2-p1-pod1: down, 30 s"), html);
        assertTrue(html.contains("<time datetime=\"2026-11-21T10:00:00Z\" data-epoch-ms=\"1795255200000\">"
                + "2026-11-21 10:00:00 UTC</time>"), html);
        assertTrue(html.contains("(2 min 40 s)"), html);
        assertFalse(html.matches("(?s).*\\d{2}:\\d{2}:\\d{2}\\.\\d{3,9}Z<.*"), "no raw ISO stamps are shown");
    }

    @Test
    void durationsReadAsPeopleSayThem() {
        assertEquals("0.4 s", HtmlPage.duration(Duration.ofMillis(400)));
        assertEquals("42 s", HtmlPage.duration(Duration.ofSeconds(42)));
        assertEquals("4 min 12 s", HtmlPage.duration(Duration.ofSeconds(252)));
        assertEquals("1 h 3 min", HtmlPage.duration(Duration.ofMinutes(63)));
    }
}
