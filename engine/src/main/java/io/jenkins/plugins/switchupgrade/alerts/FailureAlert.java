package io.jenkins.plugins.switchupgrade.alerts;

import com.google.gson.JsonElement;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.metrics.PromQl;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Pages people when a switch fails: posts a {@code SwitchUpgradeFailed} alert (labels {@code datacenter},
 * {@code switch}, {@code round}) to Alertmanager's {@code /api/v2/alerts}, so that the routes a team already has
 * (mail, chat, pager) fire, and resolves it when the failure is acknowledged.
 */
public final class FailureAlert {
    /** The {@code alertname} label of the alert. */
    public static final String ALERT_NAME = "SwitchUpgradeFailed";
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final AlertmanagerApi api;
    private final Map<String, String> extraLabels;
    private final Duration lasting;
    private final Clock clock;

    /** What failed and what a person should do about it; the first three are the alert's identity. */
    public record Failure(String datacenter, String switchName, String round, String reason, String whatToDo) {
        public Failure {
            requireText(datacenter, "data center");
            requireText(switchName, "switch name");
            requireText(round, "round (the build or run)");
            reason = reason == null ? "" : reason;
            whatToDo = whatToDo == null ? "" : whatToDo;
        }
    }

    private FailureAlert(AlertmanagerApi api, Map<String, String> extraLabels, Duration lasting, Clock clock) {
        this.api = api;
        this.extraLabels = Map.copyOf(extraLabels);
        this.lasting = lasting;
        this.clock = clock;
    }

    /**
     * The failure alert of the silencer's Alertmanager, with its authentication and timeouts; a disabled silencer
     * (no Alertmanager) gives a disabled alert that posts nothing.
     */
    public static FailureAlert of(AlertSilencer silencer) {
        return builder(silencer).build();
    }

    /** Starts a failure alert for the silencer's Alertmanager, to add labels or change how long it lasts. */
    public static Builder builder(AlertSilencer silencer) {
        return new Builder(silencer.api());
    }

    /** An alert that posts nothing, for hosts without Alertmanager. */
    public static FailureAlert disabled() {
        return of(AlertSilencer.disabled());
    }

    public boolean isEnabled() {
        return api != null;
    }

    /** The Alertmanager's URL, or an empty string when disabled. */
    public String url() {
        return api == null ? "" : api.baseUrl().toString();
    }

    /** The labels that identify the alert of {@code failure}: alertname, datacenter, switch, round and any extras. */
    public Map<String, String> labels(String datacenter, String switchName, String round) {
        Map<String, String> labels = new LinkedHashMap<>(extraLabels);
        labels.put("alertname", ALERT_NAME);
        labels.put("datacenter", datacenter);
        labels.put("switch", switchName);
        labels.put("round", round);
        return labels;
    }

    /**
     * Posts the firing alert. It lasts until {@link #resolve} (or the configured time, 7 days by default), because
     * nothing re-sends it as Prometheus would.
     *
     * @throws AlertmanagerException when Alertmanager cannot be reached or refuses; then nobody has been paged
     */
    public void fire(Failure failure) {
        if (!isEnabled()) {
            return;
        }
        Instant now = now();
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("summary", "Upgrade of switch " + failure.switchName() + " in " + failure.datacenter()
                + " failed; the campaign is stopped until someone acknowledges it");
        annotations.put("reason", failure.reason());
        annotations.put("action", failure.whatToDo());
        post(labels(failure.datacenter(), failure.switchName(), failure.round()), annotations, now.minus(CLOCK_SKEW),
                now.plus(lasting), "post the alert " + ALERT_NAME + " for switch " + failure.switchName());
    }

    /**
     * Resolves the alert of one failed round: posts the same labels with {@code endsAt} now.
     *
     * @throws AlertmanagerException when Alertmanager cannot be reached or refuses; the alert then stays firing
     */
    public void resolve(String datacenter, String switchName, String round) {
        requireText(datacenter, "data center");
        requireText(switchName, "switch name");
        requireText(round, "round (the build or run)");
        if (!isEnabled()) {
            return;
        }
        Instant now = now();
        post(labels(datacenter, switchName, round), Map.of(), now.minus(CLOCK_SKEW), now,
                "resolve the alert " + ALERT_NAME + " for switch " + switchName);
    }

    /**
     * Resolves every firing {@code SwitchUpgradeFailed} alert of {@code switchName} in {@code datacenter}, whatever
     * round posted it: what acknowledging a failed switch calls, since it need not know the round.
     *
     * @return how many alerts were resolved
     * @throws AlertmanagerException when Alertmanager cannot be read or refuses
     */
    public int resolve(String datacenter, String switchName) {
        requireText(datacenter, "data center");
        requireText(switchName, "switch name");
        if (!isEnabled()) {
            return 0;
        }
        String what = "find the alerts " + ALERT_NAME + " of switch " + switchName;
        HttpUrl url = api.url("api/v2/alerts").newBuilder()
                .addQueryParameter("filter", "alertname=\"" + ALERT_NAME + "\"")
                .addQueryParameter("filter", "datacenter=\"" + PromQl.quote(datacenter) + "\"")
                .addQueryParameter("filter", "switch=\"" + PromQl.quote(switchName) + "\"")
                .build();
        AlertmanagerApi.Answer answer = api.call(new Request.Builder().url(url).get(), what,
                "check the URL and that Alertmanager is up; the alert stays firing until resolved");
        if (!answer.ok()) {
            throw refused(what, answer, "the alert stays firing until resolved; check Alertmanager's log");
        }
        JsonElement alerts = api.json(answer, what, "[{\"labels\": {...}}]");
        if (!alerts.isJsonArray()) {
            throw api.notTheApi(answer, what, "[{\"labels\": {...}}]");
        }
        List<Map<String, String>> found = new ArrayList<>();
        for (JsonElement element : alerts.getAsJsonArray()) {
            JsonElement labels = element.isJsonObject() ? element.getAsJsonObject().get("labels") : null;
            if (labels == null || !labels.isJsonObject()) {
                throw api.notTheApi(answer, what, "[{\"labels\": {...}}]");
            }
            Map<String, String> copy = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> label : labels.getAsJsonObject().entrySet()) {
                copy.put(label.getKey(), label.getValue().getAsString());
            }
            found.add(copy);
        }
        Instant now = now();
        for (Map<String, String> labels : found) {
            post(labels, Map.of(), now.minus(CLOCK_SKEW), now, "resolve the alert " + ALERT_NAME + " for switch "
                    + switchName);
        }
        return found.size();
    }

    private void post(Map<String, String> labels, Map<String, Object> annotations, Instant startsAt, Instant endsAt,
                      String what) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("labels", labels);
        if (!annotations.isEmpty()) {
            alert.put("annotations", annotations);
        }
        alert.put("startsAt", startsAt.toString());
        alert.put("endsAt", endsAt.toString());
        AlertmanagerApi.Answer answer = api.call(new Request.Builder().url(api.url("api/v2/alerts"))
                .post(RequestBody.create(Json.compact(List.of(alert)), AlertmanagerApi.JSON)), what,
                "check the URL and that Alertmanager is up; tell the team by hand meanwhile");
        if (!answer.ok()) {
            throw refused(what, answer, "check Alertmanager's log; tell the team by hand meanwhile");
        }
    }

    private AlertmanagerException refused(String what, AlertmanagerApi.Answer answer, String advice) {
        return new AlertmanagerException("Alertmanager at " + api.baseUrl() + " refused to " + what + " (HTTP "
                + answer.status() + ": " + AlertmanagerApi.abbreviate(answer.body()) + "); " + advice);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a failure alert needs a " + what + "; got '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return isEnabled() ? "FailureAlert[" + api.baseUrl() + "]" : "FailureAlert[disabled]";
    }

    /** Configures a {@link FailureAlert}: labels for a team's routes and how long a fired alert lasts. */
    public static final class Builder {
        static final Duration DEFAULT_LASTING = Duration.ofDays(7);
        private final AlertmanagerApi api;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Duration lasting = DEFAULT_LASTING;
        private Clock clock = Clock.systemUTC();

        private Builder(AlertmanagerApi api) {
            this.api = api;
        }

        /** A label added to every alert so that a team's route matches it, e.g. {@code team=network}. */
        public Builder label(String name, String value) {
            if (name == null || !LABEL_NAME.matcher(name).matches()
                    || List.of("alertname", "datacenter", "switch", "round").contains(name)) {
                throw new IllegalArgumentException("'" + name + "' cannot be an extra label of the failure alert: it "
                        + "must be a Prometheus label name other than alertname, datacenter, switch and round");
            }
            requireText(value, "value for label " + name);
            labels.put(name, value);
            return this;
        }

        /** How long a fired alert lasts if nobody resolves it. */
        public Builder lasting(Duration lasting) {
            if (lasting == null || lasting.isNegative() || lasting.isZero()) {
                throw new IllegalArgumentException("a failure alert must last a positive time, not " + lasting);
            }
            this.lasting = lasting;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public FailureAlert build() {
            return new FailureAlert(api, labels, lasting, clock);
        }
    }
}
