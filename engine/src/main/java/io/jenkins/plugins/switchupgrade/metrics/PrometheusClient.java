package io.jenkins.plugins.switchupgrade.metrics;

import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import io.jenkins.plugins.switchupgrade.text.ProblemText;
import io.jenkins.plugins.switchupgrade.text.ServiceUrl;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.InterruptedIOException;
import java.io.StringReader;
import java.nio.channels.Channels;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of Prometheus' instant-query API ({@code /api/v1/query}) that returns instant vectors and fails with
 * errors saying what went wrong: connection, HTTP status, PromQL error text, or an answer that is not Prometheus'.
 */
public final class PrometheusClient implements InstantQueries {
    private final HttpUrl baseUrl;
    private final HttpUrl queryUrl;
    private final OkHttpClient http;
    private final String authorization;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile Optional<Duration> scrapeInterval;
    private final ThreadLocal<long[]> perThread = ThreadLocal.withInitial(() -> new long[2]);

    private PrometheusClient(Builder b) {
        this.baseUrl = b.baseUrl;
        this.queryUrl = b.baseUrl.newBuilder().addPathSegments("api/v1/query").build();
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

    @Override
    public String url() {
        return baseUrl.toString();
    }

    /** How many HTTP requests this client has sent. */
    public long requestCount() {
        return requests.get();
    }

    /** How many bytes of answers (the JSON, after any transfer compression) this client has read. */
    public long bytesRead() {
        return bytes.get();
    }

    /**
     * The requests and bytes this client has sent and read on the calling thread, so that one part of a round (the
     * selection, say) can be measured while other threads query too.
     */
    public Usage threadUsage() {
        long[] mine = perThread.get();
        return new Usage(mine[0], mine[1]);
    }

    /** Requests sent and answer bytes read. */
    public record Usage(long requests, long bytes) {
        public Usage plus(Usage more) {
            return new Usage(requests + more.requests, bytes + more.bytes);
        }

        public Usage minus(Usage earlier) {
            return new Usage(requests - earlier.requests, bytes - earlier.bytes);
        }
    }

    /**
     * The shortest scrape interval of Prometheus' loaded configuration ({@code /api/v1/status/config}), read once
     * per client; empty when it cannot be read (then callers poll at their own pace). Polls aligned to it never
     * ask twice for a sample that cannot have changed.
     */
    public Optional<Duration> scrapeInterval() {
        Optional<Duration> known = scrapeInterval;
        if (known == null) {
            known = readScrapeInterval();
            scrapeInterval = known;
        }
        return known;
    }

    private Optional<Duration> readScrapeInterval() {
        Request.Builder request = new Request.Builder().url(baseUrl.newBuilder()
                .addPathSegments("api/v1/status/config").build()).get();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        requests.incrementAndGet();
        perThread.get()[0]++;
        try (Response response = http.newCall(request.build()).execute()) {
            ResponseBody body = response.body();
            if (response.code() / 100 != 2 || body == null) {
                return Optional.empty();
            }
            String text = body.string();
            bytes.addAndGet(text.length());
            perThread.get()[1] += text.length();
            com.google.gson.JsonElement yaml = com.google.gson.JsonParser.parseString(text).getAsJsonObject()
                    .getAsJsonObject("data").get("yaml");
            return shortestInterval(yaml == null ? "" : yaml.getAsString());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The shortest {@code scrape_interval:} of a Prometheus configuration text. */
    static Optional<Duration> shortestInterval(String yaml) {
        Duration shortest = null;
        Matcher line = Pattern.compile("(?m)^\\s*scrape_interval:\\s*['\"]?([0-9a-z]+)").matcher(yaml);
        while (line.find()) {
            Duration d = promDuration(line.group(1));
            if (d != null && !d.isZero() && (shortest == null || d.compareTo(shortest) < 0)) {
                shortest = d;
            }
        }
        return Optional.ofNullable(shortest);
    }

    /** A Prometheus duration such as {@code 15s}, {@code 1m30s} or {@code 500ms}; null when it is not one. */
    static Duration promDuration(String text) {
        Matcher part = Pattern.compile("([0-9]+)(ms|s|m|h|d|w|y)").matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find()) {
            if (part.start() != end) {
                return null;
            }
            end = part.end();
            long n = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(365 * n);
            });
        }
        return end == text.length() && end > 0 ? total : null;
    }

    /** Runs an instant query; the answer must be an instant vector (a scalar becomes one series without labels). */
    @Override
    public List<Sample> query(String promql) {
        Request.Builder request = new Request.Builder().url(queryUrl)
                .post(new FormBody.Builder().add("query", promql).build());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        requests.incrementAndGet();
        long[] mine = perThread.get();
        mine[0]++;
        try (Response response = http.newCall(request.build()).execute()) {
            int status = response.code();
            ResponseBody responseBody = response.body();
            String type = responseBody == null || responseBody.contentType() == null ? ""
                    : responseBody.contentType().toString();
            if (status / 100 == 2 && type.contains("json") && responseBody != null) {
                // an answer is read as it arrives: a 50,000-switch inventory is never one string or one tree
                CountingStream counted = new CountingStream(responseBody.byteStream());
                try {
                    SampleStream.Answer answer = SampleStream.read(utf8(counted));
                    return checked(promql, status, answer);
                } catch (SampleStream.NotPrometheusJson e) {
                    throw new PrometheusException("Prometheus at " + baseUrl + " answered HTTP " + status
                            + " with something that is not the Prometheus API's JSON (" + e.getMessage()
                            + "); is the URL that of a Prometheus server?", e);
                } finally {
                    bytes.addAndGet(counted.count);
                    mine[1] += counted.count;
                }
            }
            String body = responseBody == null ? "" : responseBody.string();
            bytes.addAndGet(body.length());
            mine[1] += body.length();
            return parse(promql, status, body);
        } catch (InterruptedIOException e) {
            throw new PrometheusException("Prometheus at " + baseUrl + " did not answer in time for query '" + promql
                    + "' (" + e.getMessage() + "); check that it is up and not overloaded, or raise the timeout", e);
        } catch (IOException e) {
            throw new PrometheusException("cannot reach Prometheus at " + baseUrl + " (" + ProblemText.of(e)
                    + "); check the URL and that the server is up", e);
        }
    }

    /** The checks every answer passes, streamed or not: success, HTTP 2xx, an instant vector or a scalar. */
    private List<Sample> checked(String promql, int status, SampleStream.Answer answer) {
        if (!"success".equals(answer.status())) {
            throw new PrometheusException("Prometheus at " + baseUrl + " refused query '" + promql + "' (HTTP " + status
                    + ", " + answer.errorType() + "): " + answer.error());
        }
        if (status / 100 != 2) {
            throw new PrometheusException("Prometheus at " + baseUrl + " answered HTTP " + status + " to query '"
                    + promql + "'");
        }
        if (!"vector".equals(answer.resultType()) && !"scalar".equals(answer.resultType())) {
            throw new PrometheusException("query '" + promql + "' returned a " + answer.resultType()
                    + " where an instant vector was expected; write it as an instant query");
        }
        return answer.samples();
    }

    /**
     * A UTF-8 reader with a small buffer: an {@code InputStreamReader} allocates 8 kB per answer, most answers are a
     * few hundred bytes, and the JSON reader buffers again anyway.
     */
    private static Reader utf8(InputStream in) {
        return Channels.newReader(Channels.newChannel(in), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE), 512);
    }

    /** Counts the bytes read through it. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    private List<Sample> parse(String promql, int status, String body) {
        SampleStream.Answer answer;
        try {
            answer = SampleStream.read(new StringReader(body));
        } catch (SampleStream.NotPrometheusJson e) {
            throw new PrometheusException("Prometheus at " + baseUrl + " answered HTTP " + status
                    + " with something that is not the Prometheus API's JSON: '" + abbreviate(body)
                    + "'; is the URL that of a Prometheus server?");
        }
        return checked(promql, status, answer);
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
