package io.jenkins.plugins.switchupgrade.metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several queries as one request, split back per part, without Prometheus. */
class QueryBatchTest {
    /** Answers every query with fixed rows and keeps what it was asked. */
    private static final class Fixed implements InstantQueries {
        final List<String> asked = new ArrayList<>();
        private final List<Sample> rows;

        Fixed(List<Sample> rows) {
            this.rows = rows;
        }

        @Override
        public List<Sample> query(String promql) {
            asked.add(promql);
            return rows;
        }

        @Override
        public String url() {
            return "fixed";
        }
    }

    private static Sample row(String part, String instance, double value) {
        return new Sample(part == null ? Map.of("instance", instance)
                : Map.of("instance", instance, QueryBatch.PART_LABEL, part), value, 1.0);
    }

    @Test
    void joinsThePartsTaggedByTheirNumberIntoOneQuery() {
        String promql = new QueryBatch().add("down", "up == 0").add("unhealthy", "health != 0").promql();
        assertEquals("label_replace((up == 0), \"switch_upgrade_part\", \"0\", \"\", \"\") or "
                + "label_replace((health != 0), \"switch_upgrade_part\", \"1\", \"\", \"\")", promql);
    }

    @Test
    void splitsTheAnswerBackPerPartInOneRequestAndIgnoresRowsThatAreNotOurs() {
        Fixed prometheus = new Fixed(List.of(row("1", "leaf-a", 2), row("0", "leaf-b", 0), row("1", "leaf-c", 3),
                row(null, "stray", 1), row("7", "beyond", 1), row("x", "odd", 1)));
        Map<String, List<Sample>> answers = new QueryBatch().add("down", "up == 0").add("unhealthy", "health != 0")
                .run(prometheus);

        assertEquals(1, prometheus.asked.size());
        assertEquals(List.of("down", "unhealthy"), List.copyOf(answers.keySet()));
        assertEquals(List.of("leaf-b"), answers.get("down").stream().map(s -> s.label("instance")).toList());
        assertEquals(List.of("leaf-a", "leaf-c"), answers.get("unhealthy").stream().map(s -> s.label("instance"))
                .toList());
    }

    @Test
    void aPartThatMatchesNothingAnswersEmptyNotMissing() {
        Map<String, List<Sample>> answers = new QueryBatch().add("down", "up == 0").run(new Fixed(List.of()));
        assertTrue(answers.get("down").isEmpty());
    }

    @Test
    void refusesTwoPartsOfOneName() {
        QueryBatch batch = new QueryBatch().add("down", "up == 0");
        assertThrows(IllegalArgumentException.class, () -> batch.add("down", "up == 1"));
    }
}
