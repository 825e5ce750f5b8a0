package io.jenkins.plugins.switchupgrade.alerts;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jenkins.plugins.switchupgrade.json.Json;
import okhttp3.Credentials;
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
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mutes one switch's alerts in Alertmanager (v2 API) while it is disrupted and lifts the mute afterwards. The
 * silences follow the configured {@link SilenceMatchers} ({@code instance="<switch>"} by default); the switch name is
 * inserted literally (regex-escaped in regex matchers), so no switch name can widen them.
 */
public final class AlertSilencer {
    /** How the comment of every silence this tool creates starts, so that it can find its own silences again. */
    public static final String COMMENT_PREFIX = "switch-upgrade:";
    private static final Pattern SILENCE_ID = Pattern.compile("[0-9a-fA-F-]{1,64}");
    // Alertmanager moves a start in the past to "now"; starting a little early keeps the silence active at once
    // even when this machine's clock runs ahead of Alertmanager's.
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final AlertmanagerApi api;
    private final SilenceMatchers matchers;
    private final Clock clock;

    private AlertSilencer(Builder b) {
        this.api = b.baseUrl == null ? null
                : new AlertmanagerApi(b.baseUrl, b.connectTimeout, b.timeout, b.authorization);
        this.matchers = b.matchers;
        this.clock = b.clock;
    }

    /** Starts a silencer of the Alertmanager at {@code url}, e.g. {@code http://alertmanager:9093}. */
    public static Builder builder(String url) {
        Builder builder = new Builder(AlertmanagerApi.parse(url, ", or switch silencing off explicitly"));
        // credentials written into the URL are used, never shown: the URL kept has none
        builder.authorization = AlertmanagerApi.authorizationIn(url);
        return builder;
    }

    /**
     * A silencer for when silencing is switched off explicitly: creates nothing, expires nothing and says so in
     * {@link #isEnabled()} and {@link Silence#isDisabled()}, so that the round can record it in the audit trail.
     */
    public static AlertSilencer disabled() {
        return new AlertSilencer(new Builder(null));
    }

    public boolean isEnabled() {
        return api != null;
    }

    /** The Alertmanager's URL, or an empty string when silencing is disabled. */
    public String url() {
        return api == null ? "" : api.baseUrl().toString();
    }

    /** The label of the first matcher, the one that carries the switch name ({@code instance} unless configured). */
    public String label() {
        return matchers.silences().get(0).matchers().get(0).label();
    }

    /** Which alerts each silence mutes. */
    public SilenceMatchers matchers() {
        return matchers;
    }

    /** The API client, for the failure alert of the same Alertmanager; null when silencing is disabled. */
    AlertmanagerApi api() {
        return api;
    }

    /**
     * Creates the silences of {@code duration} that mute the alerts the matchers tie to {@code switchName} (one
     * silence per matcher set; the returned {@link Silence#id()} then names them all, comma-separated).
     * {@code createdBy} and {@code comment} should name the build or run, e.g. {@code "jenkins: upgrade-dc1 #42"}.
     *
     * @throws AlertmanagerException when Alertmanager cannot be reached or does not create a silence; the silences
     *                               created before are expired again, and the switch must not be disrupted
     */
    public Silence silence(String switchName, Duration duration, String createdBy, String comment) {
        requireText(switchName, "switch name");
        requireText(createdBy, "creator (the build or run)");
        requireText(comment, "comment (the build or run and why)");
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the silence for " + switchName + " needs a positive duration, not "
                    + duration);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant startsAt = now.minus(CLOCK_SKEW);
        Instant endsAt = now.plus(duration);
        if (!isEnabled()) {
            return new Silence("", switchName, label(), startsAt, endsAt, createdBy, comment);
        }
        List<String> ids = new ArrayList<>();
        try {
            for (SilenceMatchers.MatcherSet set : matchers.silences()) {
                ids.add(create(switchName, set, startsAt, endsAt, createdBy, comment));
            }
        } catch (AlertmanagerException e) {
            for (String created : ids) {
                try {
                    expire(created);
                } catch (AlertmanagerException ignored) {
                    // the first error says what went wrong; this silence then ends at its own end time
                }
            }
            throw e;
        }
        return new Silence(String.join(",", ids), switchName, label(), startsAt, endsAt, createdBy, comment);
    }

    private String create(String switchName, SilenceMatchers.MatcherSet set, Instant startsAt, Instant endsAt,
                          String createdBy, String comment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("matchers", set.matchers().stream().map(m -> m.toApi(switchName)).toList());
        body.put("startsAt", startsAt.toString());
        body.put("endsAt", endsAt.toString());
        body.put("createdBy", createdBy);
        body.put("comment", comment);
        String what = "create a silence for switch " + switchName;
        AlertmanagerApi.Answer answer = api.call(new Request.Builder().url(api.url("api/v2/silences"))
                .post(RequestBody.create(Json.compact(body), AlertmanagerApi.JSON)), what,
                "no disruption may be sent without it: check the URL and that Alertmanager is up, "
                        + "or switch silencing off explicitly");
        if (!answer.ok()) {
            throw new AlertmanagerException("Alertmanager at " + api.baseUrl() + " refused to " + what + " (HTTP "
                    + answer.status() + ": " + AlertmanagerApi.abbreviate(answer.body()) + "); no disruption may be "
                    + "sent without it: check the matchers {" + set + "} and Alertmanager's log");
        }
        String id = text(api.object(answer, what, "{\"silenceID\": \"...\"}"), "silenceID");
        if (id.isEmpty()) {
            throw api.notTheApi(answer, what, "{\"silenceID\": \"...\"}");
        }
        return id;
    }

    /** Expires {@code silence} now; a disabled silence needs nothing. */
    public void expire(Silence silence) {
        if (!silence.isDisabled()) {
            expire(silence.id());
        }
    }

    /**
     * Expires the silence with {@code id} now (or each of the comma-separated IDs of {@link Silence#id()}), so that
     * the switch's alerts reach people again. A silence that is already expired or unknown to Alertmanager (0.25
     * answers 500 "silence not found") counts as gone.
     *
     * @throws AlertmanagerException when Alertmanager cannot be reached or refuses (after trying every ID); the
     *                               silence then ends at its own end time unless someone expires it in Alertmanager
     */
    public void expire(String id) {
        if (!isEnabled()) {
            return;
        }
        AlertmanagerException first = null;
        for (String one : ids(id)) {
            try {
                expireOne(one);
            } catch (AlertmanagerException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The command a person runs to expire the silence with {@code id} by hand (amtool, or curl on the v2 API). */
    public String expireCommand(String id) {
        String url = url();
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return "amtool silence expire " + id + " --alertmanager.url=" + base + "  (or: curl -X DELETE " + base
                + "/api/v2/silence/" + id + ")";
    }

    private void expireOne(String id) {
        String what = "expire silence " + id;
        AlertmanagerApi.Answer answer = api.call(new Request.Builder().url(api.url("api/v2/silence/" + id)).delete(),
                what, "the switch's alerts stay muted until the silence ends: expire it in Alertmanager's UI (Silences)");
        if (answer.ok() || answer.status() == 404
                || (answer.status() == 500 && answer.body().contains("not found"))) {
            return;
        }
        throw new AlertmanagerException("Alertmanager at " + api.baseUrl() + " refused to " + what + " (HTTP "
                + answer.status() + ": " + AlertmanagerApi.abbreviate(answer.body()) + "); the switch's alerts stay "
                + "muted until the silence ends: expire it in Alertmanager's UI (Silences)");
    }

    /**
     * The state of the silence with {@code id}, or empty when Alertmanager does not know it (or silencing is off).
     * For several comma-separated IDs: active if any is active, else pending if any is, else expired.
     */
    public Optional<SilenceState> state(String id) {
        if (!isEnabled()) {
            return Optional.empty();
        }
        java.util.Set<SilenceState> states = java.util.EnumSet.noneOf(SilenceState.class);
        for (String one : ids(id)) {
            stateOf(one).ifPresent(states::add);
        }
        return states.contains(SilenceState.ACTIVE) ? Optional.of(SilenceState.ACTIVE)
                : states.contains(SilenceState.PENDING) ? Optional.of(SilenceState.PENDING)
                : states.stream().findFirst();
    }

    private Optional<SilenceState> stateOf(String id) {
        String what = "read silence " + id;
        AlertmanagerApi.Answer answer = api.call(new Request.Builder().url(api.url("api/v2/silence/" + id)).get(),
                what, "check the URL and that Alertmanager is up");
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (!answer.ok()) {
            throw new AlertmanagerException("Alertmanager at " + api.baseUrl() + " refused to " + what + " (HTTP "
                    + answer.status() + ": " + AlertmanagerApi.abbreviate(answer.body()) + "); check Alertmanager's log");
        }
        String expected = "{\"status\": {\"state\": \"active|pending|expired\"}}";
        JsonObject json = api.object(answer, what, expected);
        JsonElement status = json.get("status");
        String stateText = status != null && status.isJsonObject() ? text(status.getAsJsonObject(), "state") : "";
        SilenceState state = SilenceState.fromApi(stateText);
        if (state == null) {
            throw api.notTheApi(answer, what, expected);
        }
        return Optional.of(state);
    }

    /**
     * The silences Alertmanager holds as active now (every creator's), for the live gates. Silencing switched off
     * lists none.
     *
     * @throws AlertmanagerException when Alertmanager cannot be read; then nothing may be disrupted
     */
    public List<ListedSilence> activeSilences() {
        if (!isEnabled()) {
            return List.of();
        }
        List<ListedSilence> active = new ArrayList<>();
        for (JsonObject silence : list(api.url("api/v2/silences"), "list its silences", "silences",
                "[{\"id\": ..., \"status\": {\"state\": ...}, \"matchers\": [...]}]")) {
            JsonElement status = silence.get("status");
            SilenceState state = SilenceState.fromApi(status != null && status.isJsonObject()
                    ? text(status.getAsJsonObject(), "state") : "");
            if (state != SilenceState.ACTIVE) {
                continue;
            }
            List<ListedSilence.Matcher> listed = new ArrayList<>();
            JsonElement list = silence.get("matchers");
            if (list != null && list.isJsonArray()) {
                for (JsonElement m : list.getAsJsonArray()) {
                    if (m.isJsonObject()) {
                        JsonObject matcher = m.getAsJsonObject();
                        listed.add(new ListedSilence.Matcher(text(matcher, "name"), text(matcher, "value"),
                                bool(matcher, "isRegex", false), bool(matcher, "isEqual", true)));
                    }
                }
            }
            active.add(new ListedSilence(text(silence, "id"), state, listed, text(silence, "createdBy"),
                    text(silence, "comment"), instant(silence, "endsAt")));
        }
        return active;
    }

    /**
     * The alerts Alertmanager holds as firing that match every one of {@code filter} (Alertmanager matchers such as
     * {@code severity="critical"}), silenced and inhibited ones included, each with the silences muting it.
     *
     * @throws AlertmanagerException when Alertmanager cannot be read; then nothing may be disrupted
     */
    public List<FiringAlert> firingAlerts(List<String> filter) {
        if (!isEnabled()) {
            return List.of();
        }
        HttpUrl.Builder url = api.url("api/v2/alerts").newBuilder().addQueryParameter("active", "true")
                .addQueryParameter("silenced", "true").addQueryParameter("inhibited", "true")
                .addQueryParameter("unprocessed", "true");
        filter.forEach(matcher -> url.addQueryParameter("filter", matcher));
        List<FiringAlert> alerts = new ArrayList<>();
        for (JsonObject alert : list(url.build(), "list the firing alerts matching " + filter, "alerts",
                "[{\"labels\": {...}, \"status\": {\"state\": ..., \"silencedBy\": [...]}}]")) {
            Map<String, String> labels = new LinkedHashMap<>();
            JsonElement labelObject = alert.get("labels");
            if (labelObject != null && labelObject.isJsonObject()) {
                labelObject.getAsJsonObject().entrySet().forEach(e -> labels.put(e.getKey(),
                        e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : String.valueOf(e.getValue())));
            }
            String state = "";
            List<String> silencedBy = new ArrayList<>();
            JsonElement status = alert.get("status");
            if (status != null && status.isJsonObject()) {
                state = text(status.getAsJsonObject(), "state");
                JsonElement by = status.getAsJsonObject().get("silencedBy");
                if (by != null && by.isJsonArray()) {
                    by.getAsJsonArray().forEach(id -> silencedBy.add(id.getAsString()));
                }
            }
            alerts.add(new FiringAlert(labels, state, silencedBy, instant(alert, "startsAt")));
        }
        return alerts;
    }

    /** The objects of a v2 list endpoint; an error says that nothing is disrupted while {@code things} are unread. */
    private List<JsonObject> list(HttpUrl url, String what, String things, String expected) {
        AlertmanagerApi.Answer answer = api.call(new Request.Builder().url(url).get(), what,
                "nothing is disrupted while " + things + " cannot be read");
        if (!answer.ok()) {
            throw new AlertmanagerException("Alertmanager at " + api.baseUrl() + " refused to " + what + " (HTTP "
                    + answer.status() + ": " + AlertmanagerApi.abbreviate(answer.body()) + "); nothing is disrupted "
                    + "while " + things + " cannot be read: check Alertmanager's log");
        }
        JsonElement parsed = api.json(answer, what, expected);
        List<JsonObject> objects = new ArrayList<>();
        if (parsed.isJsonArray()) {
            for (JsonElement element : parsed.getAsJsonArray()) {
                if (!element.isJsonObject()) {
                    throw api.notTheApi(answer, what, expected);
                }
                objects.add(element.getAsJsonObject());
            }
            return objects;
        }
        throw api.notTheApi(answer, what, expected);
    }

    private static boolean bool(JsonObject json, String field, boolean fallback) {
        JsonElement element = json.get(field);
        return element == null || !element.isJsonPrimitive() ? fallback : element.getAsBoolean();
    }

    private static Instant instant(JsonObject json, String field) {
        try {
            String text = text(json, field);
            return text.isEmpty() ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonObject json, String field) {
        JsonElement element = json.get(field);
        return element == null || !element.isJsonPrimitive() ? "" : element.getAsString();
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a silence needs a " + what + "; got '" + value + "'");
        }
    }

    private static List<String> ids(String id) {
        if (id == null) {
            requireId(null);
        }
        List<String> ids = List.of(id.split(",", -1));
        ids.forEach(AlertSilencer::requireId);
        return ids;
    }

    private static void requireId(String id) {
        if (id == null || !SILENCE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not an Alertmanager silence ID (a UUID such as "
                    + "6999f4c7-8056-4390-b030-b907bb1c647b)");
        }
    }

    /** Configures an {@link AlertSilencer}: timeouts, the silence matchers and optional bearer or basic authentication. */
    public static final class Builder {
        private final HttpUrl baseUrl;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration timeout = Duration.ofSeconds(15);
        private String authorization;
        private SilenceMatchers matchers = SilenceMatchers.defaults();
        private Clock clock = Clock.systemUTC();

        private Builder(HttpUrl baseUrl) {
            this.baseUrl = baseUrl;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connect timeout");
            return this;
        }

        /** How long one request may take before it fails. */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        public Builder bearerToken(String token) {
            this.authorization = token == null || token.isEmpty() ? null : "Bearer " + token;
            return this;
        }

        public Builder basicAuth(String user, String password) {
            this.authorization = Credentials.basic(user, password);
            return this;
        }

        /** One silence whose single matcher is {@code label="<switch>"}; {@code instance} by default. */
        public Builder label(String label) {
            try {
                this.matchers = SilenceMatchers.byLabel(label);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + label + "' is not a Prometheus label name "
                        + "([a-zA-Z_][a-zA-Z0-9_]*); give the alert label that carries the switch name, e.g. instance", e);
            }
            return this;
        }

        /** The silences created for a switch, e.g. {@code instance=~"{switch}(:\\d+)?"} and {@code peer="{switch}"}. */
        public Builder matchers(SilenceMatchers matchers) {
            this.matchers = java.util.Objects.requireNonNull(matchers, "matchers");
            return this;
        }

        /** The clock that times silences; tests may fix it. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public AlertSilencer build() {
            return new AlertSilencer(this);
        }

        private static Duration positive(Duration value, String what) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("the Alertmanager " + what + " must be positive, not " + value);
            }
            return value;
        }
    }

    @Override
    public String toString() {
        // never the authorization header
        return isEnabled() ? "AlertSilencer[" + api.baseUrl() + ", " + matchers + "]" : "AlertSilencer[disabled]";
    }
}
