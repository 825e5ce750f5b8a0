package io.jenkins.plugins.switchupgrade.metrics;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import io.jenkins.plugins.switchupgrade.text.ProblemText;
import io.jenkins.plugins.switchupgrade.text.ServiceUrl;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of Prometheus' instant-query API ({@code /api/v1/query}) that returns instant vectors and fails with
 * errors saying what went wrong: connection, HTTP status, PromQL error text, or an answer that is not Prometheus'.
 */
public final class PrometheusClient {
    private final HttpUrl baseUrl;
    private final OkHttpClient http;
    private final String authorization;
    private final AtomicLong requests = new AtomicLong();

    private PrometheusClient(Builder b) {
        this.baseUrl = b.baseUrl;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.timeout)
                .callTimeout(b.timeout.plus(b.connectTimeout))
                .retryOnConnectionFailure(false)
                .build();
        this.authorization = b.authorization;
    }

    /** Starts a client of the Prometheus at {@code url}, e.g. {@code http://prometheus:9090}. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    public String url() {
        return baseUrl.toString();
    }

    /** How many HTTP requests this client has sent. */
    public long requestCount() {
        return requests.get();
    }

    /** Runs an instant query; the answer must be an instant vector (a scalar becomes one series without labels). */
    public List<Sample> query(String promql) {
        HttpUrl url = baseUrl.newBuilder().addPathSegments("api/v1/query").build();
        Request.Builder request = new Request.Builder().url(url)
                .post(new FormBody.Builder().add("query", promql).build());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        requests.incrementAndGet();
        String body;
        int status;
        try (Response response = http.newCall(request.build()).execute()) {
            status = response.code();
            ResponseBody responseBody = response.body();
            body = responseBody == null ? "" : responseBody.string();
        } catch (InterruptedIOException e) {
            throw new PrometheusException("Prometheus at " + baseUrl + " did not answer in time for query '" + promql
                    + "' (" + e.getMessage() + "); check that it is up and not overloaded, or raise the timeout", e);
        } catch (IOException e) {
            throw new PrometheusException("cannot reach Prometheus at " + baseUrl + " (" + ProblemText.of(e)
                    + "); check the URL and that the server is up", e);
        }
        return parse(promql, status, body);
    }

    private List<Sample> parse(String promql, int status, String body) {
        JsonObject json;
        try {
            JsonElement parsed = JsonParser.parseString(body);
            if (!parsed.isJsonObject() || !parsed.getAsJsonObject().has("status")) {
                throw new JsonParseException("no status field");
            }
            json = parsed.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new PrometheusException("Prometheus at " + baseUrl + " answered HTTP " + status
                    + " with something that is not the Prometheus API's JSON: '" + abbreviate(body)
                    + "'; is the URL that of a Prometheus server?");
        }
        if (!"success".equals(text(json, "status"))) {
            throw new PrometheusException("Prometheus at " + baseUrl + " refused query '" + promql + "' (HTTP " + status
                    + ", " + text(json, "errorType") + "): " + text(json, "error"));
        }
        if (status / 100 != 2) {
            throw new PrometheusException("Prometheus at " + baseUrl + " answered HTTP " + status + " to query '"
                    + promql + "'");
        }
        JsonObject data = json.getAsJsonObject("data");
        String resultType = text(data, "resultType");
        try {
            if ("scalar".equals(resultType)) {
                JsonArray pair = data.getAsJsonArray("result");
                return List.of(new Sample(Map.of(), value(pair), pair.get(0).getAsDouble()));
            }
            if (!"vector".equals(resultType)) {
                throw new PrometheusException("query '" + promql + "' returned a " + resultType
                        + " where an instant vector was expected; write it as an instant query");
            }
            List<Sample> samples = new ArrayList<>();
            for (JsonElement element : data.getAsJsonArray("result")) {
                JsonObject series = element.getAsJsonObject();
                Map<String, String> labels = new LinkedHashMap<>();
                JsonObject metric = series.getAsJsonObject("metric");
                if (metric != null) {
                    metric.entrySet().forEach(e -> labels.put(e.getKey(), e.getValue().getAsString()));
                }
                JsonArray pair = series.getAsJsonArray("value");
                samples.add(new Sample(labels, value(pair), pair.get(0).getAsDouble()));
            }
            return samples;
        } catch (RuntimeException e) {
            if (e instanceof PrometheusException p) {
                throw p;
            }
            throw new PrometheusException("Prometheus at " + baseUrl + " answered query '" + promql
                    + "' with a result this client cannot read: '" + abbreviate(body) + "'", e);
        }
    }

    private static double value(JsonArray pair) {
        String text = pair.get(1).getAsString();
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static String text(JsonObject json, String field) {
        JsonElement element = json == null ? null : json.get(field);
        return element == null || element.isJsonNull() ? "" : element.getAsString();
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    /** Configures a {@link PrometheusClient}: timeouts and optional bearer or basic authentication. */
    public static final class Builder {
        private final HttpUrl baseUrl;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration timeout = Duration.ofSeconds(30);
        private String authorization;

        private Builder(String url) {
            ServiceUrl service = ServiceUrl.parse(url, "the Prometheus URL");
            HttpUrl parsed = HttpUrl.parse(service.url());
            if (parsed == null) {
                throw new IllegalArgumentException("the Prometheus URL '" + service + "' is not an http(s) URL; "
                        + "give it like http://prometheus.example:9090");
            }
            this.baseUrl = parsed;
            if (service.hasCredentials()) {
                // credentials written into the URL are used, never shown: the URL kept here has none
                this.authorization = Credentials.basic(service.user(), service.password());
            }
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** How long one query may take before it fails. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
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

        public PrometheusClient build() {
            return new PrometheusClient(this);
        }
    }

    @Override
    public String toString() {
        // never the authorization header
        return "PrometheusClient[" + baseUrl + "]";
    }
}
