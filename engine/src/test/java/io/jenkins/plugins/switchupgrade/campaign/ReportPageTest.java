package io.jenkins.plugins.switchupgrade.campaign;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportPageTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void showsOutcomesPrePostSideBySideAndEscapesWhatSwitchesSay() {
        Map<String, Object> pre = Map.of("version", "5.9.1", "metrics", Map.of("bgp_peer_status", 4.0));
        Map<String, Object> post = Map.of("version", "5.10.0", "metrics", Map.of("bgp_peer_status", 2.0));
        RoundReport report = new RoundReport(RoundReport.Status.ABORTED, "dc1", "leaf", "5.9.1", "5.10.0", T0,
                T0.plusSeconds(90), List.of(
                new SwitchResult("leaf-r1-p1-pod1", "1", List.of("leaf-r1-p2-pod1"), "5.9.1", "5.10.0",
                        SwitchResult.Outcome.FAILED, "post-upgrade validation failed: <script>alert(1)</script>", pre,
                        post, Map.of(), T0, T0.plusSeconds(60)),
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
        assertTrue(html.contains("<td>60.0</td>"), html);
    }
}
