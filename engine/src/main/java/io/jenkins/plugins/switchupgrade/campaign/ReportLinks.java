package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.alerts.FailureAlert;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.metrics.MetricDefinition;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PromQl;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.core.StepContext;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where report.html points: the audit trail and each switch's JSON files (relative to the report), the silence in
 * Alertmanager and a Prometheus graph of the switch's metrics, built from the configured URLs with any user info,
 * query or fragment removed, so that no credential ends up in a page people pass around.
 */
public record ReportLinks(String auditHref, String prometheusUrl, String alertmanagerUrl, MetricsProfile profile) {
    private static final DateTimeFormatter PROMETHEUS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    // a graph starts a little before the round and ends a little after it, so the change is seen in context
    private static final Duration GRAPH_MARGIN = Duration.ofMinutes(2);

    public ReportLinks {
        auditHref = auditHref == null || auditHref.isBlank() ? "audit.jsonl" : auditHref;
        prometheusUrl = withoutCredentials(prometheusUrl);
        alertmanagerUrl = withoutCredentials(alertmanagerUrl);
        profile = profile == null ? MetricsProfile.defaults() : profile;
    }

    /** Links to the files beside the report only. */
    public static ReportLinks none() {
        return new ReportLinks(null, null, null, null);
    }

    /**
     * The links of a round run with {@code context}: its Prometheus and Alertmanager, and the audit file relative to
     * the report when both are in a directory (else {@code audit.jsonl} beside the report, as Jenkins archives it).
     */
    public static ReportLinks of(StepContext context) {
        String audit = null;
        Path file = context.audit().map(AuditTrail::file).orElse(null);
        if (file != null && context.artifacts() instanceof DirectoryArtifactStore store) {
            try {
                audit = store.root().toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize())
                        .toString().replace('\\', '/');
            } catch (IllegalArgumentException e) {
                audit = null;
            }
        }
        return new ReportLinks(audit, context.prometheus().url(),
                context.silencer().map(s -> s.isEnabled() ? s.url() : null).orElse(null), context.profile());
    }

    /** A switch's file beside the report, e.g. {@code switch-upgrade/leaf-r1-p1-pod1/pre.json}. */
    public String switchFile(String switchName, String file) {
        return ArtifactStore.switchFile(switchName, file);
    }

    /** The silence in Alertmanager's UI. */
    public Optional<String> silence(String id) {
        return alertmanagerUrl == null || id == null || id.isBlank() ? Optional.empty()
                : Optional.of(alertmanagerUrl + "/#/silences/" + encode(id));
    }

    /** The switch's {@code SwitchUpgradeFailed} alerts in Alertmanager's UI. */
    public Optional<String> failureAlerts(String switchName) {
        return alertmanagerUrl == null ? Optional.empty() : Optional.of(alertmanagerUrl + "/#/alerts?silenced=true"
                + "&filter=" + encode("{alertname=\"" + FailureAlert.ALERT_NAME + "\",switch=\""
                + PromQl.quote(switchName) + "\"}"));
    }

    /**
     * A Prometheus graph of the switch's metrics (one panel per metric of the profile) over {@code from}..{@code to}
     * with a margin; Prometheus reads the end time as UTC.
     */
    public Optional<String> graph(String switchName, Instant from, Instant to) {
        if (prometheusUrl == null || from == null || to == null) {
            return Optional.empty();
        }
        Instant start = from.minus(GRAPH_MARGIN);
        Instant end = to.plus(GRAPH_MARGIN);
        long minutes = Math.max(1, (Duration.between(start, end).toSeconds() + 59) / 60);
        StringBuilder url = new StringBuilder(prometheusUrl).append("/graph?");
        List<MetricDefinition> metrics = profile.metrics();
        Map<String, String> values = Map.of("switches", PromQl.alternation(List.of(switchName)));
        for (int i = 0; i < metrics.size(); i++) {
            String g = "g" + i + ".";
            url.append(i == 0 ? "" : "&").append(g).append("expr=").append(encode(PromQl.fill(metrics.get(i).query(),
                    values))).append('&').append(g).append("tab=0&").append(g).append("range_input=").append(minutes)
                    .append("m&").append(g).append("end_input=").append(encode(PROMETHEUS_TIME.format(end)));
        }
        return Optional.of(url.toString());
    }

    /** scheme://host[:port][/path] of {@code url}, without user info, query, fragment or trailing slash. */
    static String withoutCredentials(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(url.trim());
            if (uri.getHost() == null || uri.getScheme() == null) {
                return null;
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
