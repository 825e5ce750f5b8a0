package io.jenkins.plugins.switchupgrade.alerts;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.jenkins.plugins.switchupgrade.json.Json;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mutes one switch's alerts in Alertmanager (v2 API) while it is disrupted and lifts the mute afterwards. The
 * silence has a single literal matcher ({@code instance="<switch>"} by default), so no switch name can widen it.
 */
public final class AlertSilencer {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern SILENCE_ID = Pattern.compile("[0-9a-fA-F-]{1,64}");
    // Alertmanager moves a start in the past to "now"; starting a little early keeps the silence active at once
    // even when this machine's clock runs ahead of Alertmanager's.
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final HttpUrl baseUrl;
    private final OkHttpClient http;
    private final String authorization;
    private final String label;
    private final Clock clock;

    private AlertSilencer(Builder b) {
        this.baseUrl = b.baseUrl;
        this.http = b.baseUrl == null ? null : new OkHttpClient.Builder()
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.timeout)
                .callTimeout(b.timeout.plus(b.connectTimeout))
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
        this.authorization = b.authorization;
        this.label = b.label;
        this.clock = b.clock;
    }

    /** Starts a silencer of the Alertmanager at {@code url}, e.g. {@code http://alertmanager:9093}. */
    public static Builder builder(String url) {
        HttpUrl parsed = url == null ? null : HttpUrl.parse(url.trim());
        if (parsed == null) {
            throw new IllegalArgumentException("Alertmanager URL '" + url + "' is not an http(s) URL; give it like "
                    + "http://alertmanager.example:9093, or switch silencing off explicitly");
        }
        return new Builder(parsed);
    }

    /**
     * A silencer for when silencing is switched off explicitly: creates nothing, expires nothing and says so in
     * {@link #isEnabled()} and {@link Silence#isDisabled()}, so that the round can record it in the audit trail.
     */
    public static AlertSilencer disabled() {
        return new AlertSilencer(new Builder(null));
    }

    public boolean isEnabled() {
        return baseUrl != null;
    }

    /** The Alertmanager's URL, or an empty string when silencing is disabled. */
    public String url() {
        return baseUrl == null ? "" : baseUrl.toString();
    }

    /** The label whose value must equal the switch name, {@code instance} unless configured. */
    public String label() {
        return label;
    }

    /**
     * Creates a silence of {@code duration} that mutes alerts whose label equals {@code switchName} exactly.
     * {@code createdBy} and {@code comment} should name the build or run, e.g. {@code "jenkins: upgrade-dc1 #42"}.
     *
     * @throws AlertmanagerException when Alertmanager cannot be reached or does not create the silence; then the
     *                               switch must not be disrupted
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
            return new Silence("", switchName, label, startsAt, endsAt, createdBy, comment);
        }
        Map<String, Object> matcher = new LinkedHashMap<>();
        matcher.put("name", label);
        matcher.put("value", switchName);
        matcher.put("isRegex", false);
        matcher.put("isEqual", true);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("matchers", List.of(matcher));
        body.put("startsAt", startsAt.toString());
        body.put("endsAt", endsAt.toString());
        body.put("createdBy", createdBy);
        body.put("comment", comment);
        String what = "create a silence for switch " + switchName;
        Answer answer = call(new Request.Builder().url(url("api/v2/silences"))
                .post(RequestBody.create(Json.compact(body), JSON)), what,
                "no disruption may be sent without it: check the URL and that Alertmanager is up, "
                        + "or switch silencing off explicitly");
        if (answer.status / 100 != 2) {
            throw new AlertmanagerException("Alertmanager at " + baseUrl + " refused to " + what + " (HTTP "
                    + answer.status + ": " + abbreviate(answer.body) + "); no disruption may be sent without it: "
                    + "check the matcher label '" + label + "' and Alertmanager's log");
        }
        String id = text(object(answer, what, "{\"silenceID\": \"...\"}"), "silenceID");
        if (id.isEmpty()) {
            throw notTheApi(answer, what, "{\"silenceID\": \"...\"}");
        }
        return new Silence(id, switchName, label, startsAt, endsAt, createdBy, comment);
    }

    /** Expires {@code silence} now; a disabled silence needs nothing. */
    public void expire(Silence silence) {
        if (!silence.isDisabled()) {
            expire(silence.id());
        }
    }

    /**
     * Expires the silence with {@code id} now, so that the switch's alerts reach people again. A silence that is
     * already expired or unknown to Alertmanager (0.25 answers 500 "silence not found") counts as gone.
     *
     * @throws AlertmanagerException when Alertmanager cannot be reached or refuses; the silence then ends at its
     *                               own end time unless someone expires it in Alertmanager's UI
     */
    public void expire(String id) {
        if (!isEnabled()) {
            return;
        }
        requireId(id);
        String what = "expire silence " + id;
        Answer answer = call(new Request.Builder().url(url("api/v2/silence/" + id)).delete(), what,
                "the switch's alerts stay muted until the silence ends: expire it in Alertmanager's UI (Silences)");
        if (answer.status / 100 == 2 || answer.status == 404
                || (answer.status == 500 && answer.body.contains("not found"))) {
            return;
        }
        throw new AlertmanagerException("Alertmanager at " + baseUrl + " refused to " + what + " (HTTP "
                + answer.status + ": " + abbreviate(answer.body) + "); the switch's alerts stay muted until the "
                + "silence ends: expire it in Alertmanager's UI (Silences)");
    }

    /** The command a person runs to expire the silence with {@code id} by hand (amtool, or curl on the v2 API). */
    public String expireCommand(String id) {
        String url = url();
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return "amtool silence expire " + id + " --alertmanager.url=" + base + "  (or: curl -X DELETE " + base
                + "/api/v2/silence/" + id + ")";
    }

    /** The state of the silence with {@code id}, or empty when Alertmanager does not know it (or silencing is off). */
    public Optional<SilenceState> state(String id) {
        if (!isEnabled()) {
            return Optional.empty();
        }
        requireId(id);
        String what = "read silence " + id;
        Answer answer = call(new Request.Builder().url(url("api/v2/silence/" + id)).get(), what,
                "check the URL and that Alertmanager is up");
        if (answer.status == 404) {
            return Optional.empty();
        }
        if (answer.status / 100 != 2) {
            throw new AlertmanagerException("Alertmanager at " + baseUrl + " refused to " + what + " (HTTP "
                    + answer.status + ": " + abbreviate(answer.body) + "); check Alertmanager's log");
        }
        String expected = "{\"status\": {\"state\": \"active|pending|expired\"}}";
        JsonObject json = object(answer, what, expected);
        JsonElement status = json.get("status");
        String stateText = status != null && status.isJsonObject() ? text(status.getAsJsonObject(), "state") : "";
        SilenceState state = SilenceState.fromApi(stateText);
        if (state == null) {
            throw notTheApi(answer, what, expected);
        }
        return Optional.of(state);
    }

    private HttpUrl url(String path) {
        return baseUrl.newBuilder().addPathSegments(path).build();
    }

    private Answer call(Request.Builder request, String what, String advice) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (Response response = http.newCall(request.build()).execute()) {
            ResponseBody body = response.body();
            return new Answer(response.code(), body == null ? "" : body.string());
        } catch (InterruptedIOException e) {
            throw new AlertmanagerException("Alertmanager at " + baseUrl + " did not answer in time to " + what
                    + " (" + e.getMessage() + "); " + advice, e);
        } catch (IOException e) {
            throw new AlertmanagerException("cannot reach Alertmanager at " + baseUrl + " to " + what + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); " + advice, e);
        }
    }

    private JsonObject object(Answer answer, String what, String expected) {
        try {
            JsonElement parsed = JsonParser.parseString(answer.body);
            if (parsed.isJsonObject()) {
                return parsed.getAsJsonObject();
            }
        } catch (JsonParseException e) {
            // reported below with the text that was seen
        }
        throw notTheApi(answer, what, expected);
    }

    private AlertmanagerException notTheApi(Answer answer, String what, String expected) {
        return new AlertmanagerException("Alertmanager at " + baseUrl + " answered HTTP " + answer.status + " to "
                + what + " with '" + abbreviate(answer.body) + "' where the v2 API's " + expected
                + " was expected; is the URL that of an Alertmanager (0.16 or later)?");
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

    private static void requireId(String id) {
        if (id == null || !SILENCE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not an Alertmanager silence ID (a UUID such as "
                    + "6999f4c7-8056-4390-b030-b907bb1c647b)");
        }
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    private record Answer(int status, String body) {
    }

    /** Configures an {@link AlertSilencer}: timeouts, the matcher label and optional bearer or basic authentication. */
    public static final class Builder {
        private final HttpUrl baseUrl;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration timeout = Duration.ofSeconds(15);
        private String authorization;
        private String label = "instance";
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

        /** The alert label that carries the switch name, {@code instance} by default. */
        public Builder label(String label) {
            if (label == null || !LABEL_NAME.matcher(label).matches()) {
                throw new IllegalArgumentException("'" + label + "' is not a Prometheus label name "
                        + "([a-zA-Z_][a-zA-Z0-9_]*); give the alert label that carries the switch name, e.g. instance");
            }
            this.label = label;
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
        return isEnabled() ? "AlertSilencer[" + baseUrl + ", " + label + "=<switch>]" : "AlertSilencer[disabled]";
    }
}
