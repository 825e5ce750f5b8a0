package io.jenkins.plugins.switchupgrade.metrics;

import java.util.List;

/**
 * What the readers of this package ask of Prometheus: an instant query answered as samples. {@link PrometheusClient}
 * is the real one; a test may answer with fixed rows.
 */
public interface InstantQueries {
    /** Runs an instant query; the answer is an instant vector. */
    List<Sample> query(String promql);

    /** Where the answers come from, for error messages (never with credentials). */
    String url();
}
