package io.jenkins.plugins.switchupgrade.metrics;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading answers as a stream, and the scrape interval from Prometheus' configuration text. */
class AnswerReadingTest {
    @Test
    void readsAVectorSeriesBySeries() throws Exception {
        SampleStream.Answer answer = SampleStream.read(new StringReader("{\"status\":\"success\",\"data\":{"
                + "\"resultType\":\"vector\",\"result\":[{\"metric\":{\"instance\":\"leaf-r1-p1-pod1\",\"rack\":\"1\"},"
                + "\"value\":[1700000000.5,\"4\"]},{\"metric\":{\"instance\":\"leaf-r1-p2-pod1\"},"
                + "\"value\":[1700000000.5,\"NaN\"]}]}}"));
        assertEquals("success", answer.status());
        assertEquals("vector", answer.resultType());
        assertEquals(2, answer.samples().size());
        assertEquals("1", answer.samples().get(0).label("rack"));
        assertEquals(4.0, answer.samples().get(0).value());
        assertEquals(1700000000.5, answer.samples().get(0).timestampSeconds());
        assertTrue(Double.isNaN(answer.samples().get(1).value()));
    }

    @Test
    void readsAScalarAndAnErrorWhateverTheFieldOrder() throws Exception {
        SampleStream.Answer scalar = SampleStream.read(new StringReader("{\"data\":{\"result\":[1.5,\"+Inf\"],"
                + "\"resultType\":\"scalar\"},\"status\":\"success\"}"));
        assertEquals(Double.POSITIVE_INFINITY, scalar.samples().get(0).value());
        SampleStream.Answer error = SampleStream.read(new StringReader("{\"status\":\"error\",\"errorType\":"
                + "\"bad_data\",\"error\":\"parse error\"}"));
        assertEquals("bad_data", error.errorType());
        assertEquals("parse error", error.error());
    }

    @Test
    void refusesWhatIsNotThePrometheusApi() {
        assertThrows(SampleStream.NotPrometheusJson.class, () -> SampleStream.read(new StringReader("<html>login")));
        assertThrows(SampleStream.NotPrometheusJson.class, () -> SampleStream.read(new StringReader("{\"data\":{}}")));
        assertThrows(SampleStream.NotPrometheusJson.class, () -> SampleStream.read(new StringReader(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{")));
    }

    @Test
    void findsTheShortestScrapeIntervalOfAConfiguration() {
        String yaml = "global:\n  scrape_interval: 15s\n  scrape_timeout: 10s\nscrape_configs:\n- job_name: switches\n"
                + "  honor_labels: true\n  scrape_interval: 1s\n- job_name: slow\n  scrape_interval: 1m30s\n";
        assertEquals(Optional.of(Duration.ofSeconds(1)), PrometheusClient.shortestInterval(yaml));
        assertEquals(Optional.empty(), PrometheusClient.shortestInterval("global: {}\n"));
        assertEquals(Duration.ofMillis(500), PrometheusClient.promDuration("500ms"));
        assertEquals(Duration.ofSeconds(90), PrometheusClient.promDuration("1m30s"));
        assertNull(PrometheusClient.promDuration("fast"));
        assertNull(PrometheusClient.promDuration("1s "));
    }
}
