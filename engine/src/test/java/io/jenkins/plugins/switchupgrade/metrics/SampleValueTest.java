package io.jenkins.plugins.switchupgrade.metrics;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prometheus' value texts read as numbers, the small counts without Double.parseDouble as well as the rest. */
class SampleValueTest {
    @Test
    void readsCountsDecimalsExponentsAndTheSpecialValues() {
        assertEquals(32.0, SampleStream.value("32"));
        assertEquals(0.0, SampleStream.value("0"));
        assertEquals(123.0, SampleStream.value("0123"));
        assertEquals(999_999_999_999_999.0, SampleStream.value("999999999999999"));
        assertEquals(1_000_000_000_000_000_000.0, SampleStream.value("1000000000000000000"));
        assertEquals(1.5, SampleStream.value("1.5"));
        assertEquals(-2.0, SampleStream.value("-2"));
        assertEquals(1000.0, SampleStream.value("1e3"));
        assertTrue(Double.isNaN(SampleStream.value("NaN")));
        assertEquals(Double.POSITIVE_INFINITY, SampleStream.value("+Inf"));
        assertEquals(Double.NEGATIVE_INFINITY, SampleStream.value("-Inf"));
    }

    @Test
    void everySeriesKeepsItsOwnTimeAndValue() throws Exception {
        List<Sample> samples = SampleStream.read(new StringReader("{\"status\":\"success\",\"data\":{\"resultType\":"
                + "\"vector\",\"result\":[{\"metric\":{\"instance\":\"a\"},\"value\":[1796227323.745,\"7\"]},"
                + "{\"metric\":{\"instance\":\"b\"},\"value\":[1796227323.745,\"0.25\"]},"
                + "{\"metric\":{\"instance\":\"c\"},\"value\":[1796227324,\"3\"]}]}}")).samples();

        assertEquals(List.of(7.0, 0.25, 3.0), samples.stream().map(Sample::value).toList());
        assertEquals(List.of(1796227323.745, 1796227323.745, 1796227324.0),
                samples.stream().map(Sample::timestampSeconds).toList());
    }
}
