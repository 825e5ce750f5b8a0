package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimelineTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void phasesArePlacedWhenTheyHappenedNotWhenRecorded() {
        Timeline timeline = Timeline.of(new RoundEvents(T0).upgraded(0, "leaf-r1-p1-pod1").events());

        Timeline.Bar bar = timeline.bars().get(0);
        assertEquals(List.of(Timeline.Phase.VALIDATE, Timeline.Phase.DISRUPTION_SENT, Timeline.Phase.DOWN,
                Timeline.Phase.UP, Timeline.Phase.SETTLE), bar.segments().stream().map(Timeline.Segment::phase).toList());
        assertEquals(new Timeline.Segment(Timeline.Phase.VALIDATE, T0, T0.plusSeconds(2)), bar.segments().get(0));
        assertEquals(new Timeline.Segment(Timeline.Phase.DISRUPTION_SENT, T0.plusSeconds(4), T0.plusSeconds(10)),
                bar.segments().get(1));
        assertEquals(new Timeline.Segment(Timeline.Phase.DOWN, T0.plusSeconds(10), T0.plusSeconds(40)),
                bar.segments().get(2));
        assertEquals(new Timeline.Segment(Timeline.Phase.UP, T0.plusSeconds(40), T0.plusSeconds(45)),
                bar.segments().get(3));
        assertEquals(new Timeline.Segment(Timeline.Phase.SETTLE, T0.plusSeconds(45), T0.plusSeconds(69)),
                bar.segments().get(4));
        assertEquals(Duration.ofSeconds(70), Duration.between(bar.from(), bar.to()));
        assertEquals("upgraded", bar.outcome());
    }

    @Test
    void switchesUpgradedSideBySideHaveOverlappingBars() {
        Timeline timeline = Timeline.of(new RoundEvents(T0).upgraded(0, "leaf-r1-p1-pod1")
                .upgraded(1, "leaf-r2-p1-pod1").upgraded(80, "leaf-r3-p1-pod1").events());

        List<Timeline.Bar> bars = timeline.bars();
        assertEquals(List.of("leaf-r1-p1-pod1", "leaf-r2-p1-pod1", "leaf-r3-p1-pod1"),
                bars.stream().map(Timeline.Bar::switchName).toList());
        assertTrue(bars.get(1).from().isBefore(bars.get(0).to()), "racks 1 and 2 were upgraded at the same time");
        assertFalse(bars.get(2).from().isBefore(bars.get(1).to()), "rack 3 came after them");
        assertEquals(T0, timeline.start().orElseThrow());
        assertEquals(T0.plusSeconds(150), timeline.end().orElseThrow());
    }

    @Test
    void aSwitchThatNeverCameBackEndsDownAndOneNeverTouchedOnlyValidated() {
        RoundEvents events = new RoundEvents(T0)
                .add(0, "leaf-r1-p1-pod1", AuditKind.CANDIDATE_SELECTED, "picked")
                .add(1, "leaf-r1-p1-pod1", AuditKind.VALIDATION_PASSED, "ok")
                .add(2, "leaf-r1-p1-pod1", AuditKind.REPROVISION_SENT, "upgrade")
                .add(60, "leaf-r1-p1-pod1", AuditKind.SWITCH_DOWN, "port closed")
                .add(90, "leaf-r1-p1-pod1", AuditKind.OUTCOME, "failed: not back")
                .add(100, "leaf-r2-p1-pod1", AuditKind.CANDIDATE_SELECTED, "picked")
                .add(101, "leaf-r2-p1-pod1", AuditKind.VALIDATION_FAILED, "fewer links than its sibling");
        Timeline timeline = Timeline.of(events.events());

        Timeline.Bar lost = timeline.bar("leaf-r1-p1-pod1").orElseThrow();
        assertTrue(lost.disrupted());
        assertEquals(new Timeline.Segment(Timeline.Phase.DOWN, T0.plusSeconds(60), T0.plusSeconds(90)),
                lost.segment(Timeline.Phase.DOWN).orElseThrow());
        assertTrue(lost.segment(Timeline.Phase.UP).isEmpty());
        assertEquals("failed", lost.outcome());
        Timeline.Bar skipped = timeline.bar("leaf-r2-p1-pod1").orElseThrow();
        assertFalse(skipped.disrupted());
        assertEquals(List.of(new Timeline.Segment(Timeline.Phase.VALIDATE, T0.plusSeconds(100), T0.plusSeconds(101))),
                skipped.segments());
    }

    @Test
    void aTimeThatIsNotOneFallsBackToTheRecordTime() {
        Timeline timeline = Timeline.of(new RoundEvents(T0)
                .add(0, "vc-1-pod1", AuditKind.CANDIDATE_SELECTED, "picked")
                .add(1, "vc-1-pod1", AuditKind.DISRUPTION_SENT, "issu from new_firm")
                .add(30, "vc-1-pod1", AuditKind.SWITCH_UP, "the driver followed the upgrade", Map.of("at", "null"))
                .add(31, "vc-1-pod1", AuditKind.OUTCOME, "upgraded").events());
        Timeline.Bar bar = timeline.bars().get(0);
        assertEquals(new Timeline.Segment(Timeline.Phase.DISRUPTION_SENT, T0.plusSeconds(1), T0.plusSeconds(30)),
                bar.segment(Timeline.Phase.DISRUPTION_SENT).orElseThrow());
        assertEquals(T0.plusSeconds(30), bar.segment(Timeline.Phase.SETTLE).orElseThrow().from());
    }
}
