package io.jenkins.plugins.switchupgrade.metrics;

/**
 * Prometheus could not answer a query: unreachable, an HTTP error, a PromQL error or an answer that is not
 * Prometheus JSON. The message names the server, the query and what to check.
 */
public class PrometheusException extends RuntimeException {
    public PrometheusException(String message) {
        super(message);
    }

    public PrometheusException(String message, Throwable cause) {
        super(message, cause);
    }
}
