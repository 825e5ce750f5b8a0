package io.jenkins.plugins.switchupgrade.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two calls of one build, each appending to its own copy of the build's trail (a long ISSU beside a short step),
 * joined into one file: the later join numbers its events on after what the file holds by then, IDs unchanged.
 */
class AuditJoinTest {
    @TempDir
    Path dir;

    @Test
    void eventsOfParallelCallsAreNumberedOnAfterTheTrailTheyJoin() throws Exception {
        Path build = dir.resolve("build.jsonl");
        AuditTrail.builder("build #1").jsonLines(build).build().record(AuditKind.ROUND_STARTED, "", "start");
        String copied = Files.readString(build);
        Path issu = dir.resolve("issu.jsonl");
        Path diff = dir.resolve("diff.jsonl");
        Files.writeString(issu, copied);
        Files.writeString(diff, copied);
        AuditTrail.builder("build #1").jsonLines(issu).build().record(AuditKind.DISRUPTION_SENT, "vc-1", "issu");
        AuditTrail.builder("build #1").jsonLines(diff).build().record(AuditKind.DIFF_PASSED, "leaf-1", "equal");
        int copiedEvents = AuditTrail.parse(copied, "copy").size();

        for (Path call : List.of(diff, issu)) {
            List<AuditEvent> mine = AuditTrail.read(call);
            List<AuditEvent> added = mine.subList(copiedEvents, mine.size());
            Files.writeString(build, AuditTrail.appendAfter(AuditTrail.read(build), added),
                    java.nio.file.StandardOpenOption.APPEND);
        }

        List<AuditEvent> joined = AuditTrail.read(build);
        assertEquals(List.of(1L, 2L, 3L), joined.stream().map(AuditEvent::sequence).toList());
        assertEquals(List.of(AuditKind.ROUND_STARTED, AuditKind.DIFF_PASSED, AuditKind.DISRUPTION_SENT),
                joined.stream().map(AuditEvent::kind).toList());
        assertEquals(AuditTrail.read(issu).get(1).id(), joined.get(2).id());
        // a trail opened on the joined file numbers on after it
        assertEquals(4L, AuditTrail.builder("build #1").jsonLines(build).build()
                .record(AuditKind.ROUND_FINISHED, "", "done").sequence());
    }
}
