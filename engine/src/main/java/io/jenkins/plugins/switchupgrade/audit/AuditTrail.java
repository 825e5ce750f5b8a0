package io.jenkins.plugins.switchupgrade.audit;

import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.ports.Console;

import io.jenkins.plugins.switchupgrade.text.ProblemText;
import io.jenkins.plugins.switchupgrade.text.ServiceUrl;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ordered record of what an upgrade did and why: every event goes to the audit webhook (when configured), then
 * to a JSON-lines file and the console. {@link #record} throws when the webhook did not accept the event, so that
 * no disruptive command follows an event the change log does not have.
 */
public final class AuditTrail {
    private final String actor;
    private final Console console;
    private final Path file;
    private final URI webhook;
    private final String webhookShown;
    private final String authorization;
    private final Duration webhookTimeout;
    private final HttpClient http;
    private final Clock clock;
    private final int webhookAttempts;
    private final Duration retryBackoff;
    private final String cloudEventsSource;
    private final List<AuditEvent> events = new ArrayList<>();
    private long sequence;

    private AuditTrail(Builder b) {
        this.actor = b.actor;
        this.console = b.console;
        this.file = b.file;
        this.webhook = b.webhook;
        this.webhookShown = b.webhook == null ? "" : shown(b.webhook);
        this.authorization = b.authorization;
        this.webhookTimeout = b.webhookTimeout;
        this.http = b.webhook == null ? null : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.clock = b.clock;
        this.webhookAttempts = b.webhookAttempts;
        this.retryBackoff = b.retryBackoff;
        this.cloudEventsSource = b.cloudEventsSource;
        this.sequence = b.file == null ? 0 : lastSequence(b.file);
    }

    /** Starts a trail whose events are done on behalf of {@code actor}: the build or user, e.g. {@code "upgrade-dc1 #42"}. */
    public static Builder builder(String actor) {
        return new Builder(actor);
    }

    /** Records an event without details; see {@link #record(AuditKind, String, String, Map)}. */
    public AuditEvent record(AuditKind kind, String switchName, String reason) {
        return record(kind, switchName, reason, Map.of());
    }

    /**
     * Records an event: sends it to the webhook (when configured), appends it to the JSON-lines file (flushed before
     * returning) and prints it on the console. Detail values under secret-sounding keys (password, token, ...) are
     * replaced by {@code ****}.
     *
     * @param switchName the switch concerned, or an empty string for a round-level event
     * @return the event as recorded
     * @throws AuditException when the webhook refused the event or could not be reached (the event is still in the
     *                        file and {@link #events()}, marked so), or when the file could not be written; the
     *                        caller must then not go on with what the event announced
     */
    public synchronized AuditEvent record(AuditKind kind, String switchName, String reason,
                                          Map<String, ?> details) {
        if (kind == null) {
            throw new IllegalArgumentException("an audit event needs a kind");
        }
        AuditEvent event = new AuditEvent(sequence + 1, UUID.randomUUID().toString(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), switchName, actor, kind, reason,
                details == null ? Map.of() : new LinkedHashMap<String, Object>(details), WebhookDelivery.NOT_CONFIGURED, "");
        sequence = event.sequence();
        AuditException webhookFailure = null;
        if (webhook != null) {
            event = deliver(event);
            if (!event.webhook().isOk()) {
                webhookFailure = new AuditException(webhookMessage(event), event, null);
            }
        }
        if (file != null) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, line(event) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.DSYNC);
            } catch (IOException e) {
                String message = "cannot append " + describe(event) + " to the audit file " + file + " ("
                        + ProblemText.of(e) + "); check the disk and its "
                        + "permissions; nothing may be disrupted until the audit trail is written";
                if (webhookFailure != null) {
                    message += "; besides, " + webhookFailure.getMessage();
                }
                console.log(event.toLogLine());
                throw new AuditException(message, event, e);
            }
        }
        events.add(event);
        console.log(event.toLogLine());
        if (webhookFailure != null) {
            throw webhookFailure;
        }
        return event;
    }

    /** The JSON line of the event: CloudEvents when configured, else the plain event. */
    private String line(AuditEvent event) {
        return cloudEventsSource == null ? event.toJsonLine() : event.toCloudEventLine(cloudEventsSource);
    }

    /** Whether events are written and sent as CloudEvents 1.0, and with which {@code source}. */
    public java.util.Optional<String> cloudEventsSource() {
        return java.util.Optional.ofNullable(cloudEventsSource);
    }

    /** The events this trail recorded, in order (including those the webhook refused, marked so). */
    public synchronized List<AuditEvent> events() {
        return List.copyOf(events);
    }

    /** The JSON-lines file, or null when the trail writes none. */
    public Path file() {
        return file;
    }

    public boolean hasWebhook() {
        return webhook != null;
    }

    /**
     * Reads an {@code audit.jsonl} file, in file order; a missing file has no events. The error names the file and
     * the line that is not an audit event.
     */
    public static List<AuditEvent> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new AuditException("cannot read the audit file " + file + " (" + ProblemText.of(e) + ")", null, e);
        }
        return parse(lines, "the audit file " + file);
    }

    /** The events of an {@code audit.jsonl} text (e.g. an archived copy), in order; {@code where} names it in errors. */
    public static List<AuditEvent> parse(String text, String where) {
        return parse(text.lines().toList(), where);
    }

    private static List<AuditEvent> parse(List<String> lines, String where) {
        List<AuditEvent> read = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                read.add(AuditEvent.fromJsonLine(line));
            } catch (RuntimeException e) {
                throw new AuditException("line " + (i + 1) + " of " + where + " is not an audit event ("
                        + e.getMessage() + "): '" + abbreviate(line) + "'; was the file written by this plugin?",
                        null, e);
            }
        }
        return read;
    }

    /**
     * The JSON lines of {@code added} (events a call appended to its own copy of a trail) numbered on after
     * {@code trail}'s last event, in their order: how a host that lets parallel calls write their own copies joins
     * them into one file, holding its lock only for the join. The event IDs stay; the sequence says the file order.
     */
    public static String appendAfter(List<AuditEvent> trail, List<AuditEvent> added) {
        long last = trail.isEmpty() ? 0 : trail.get(trail.size() - 1).sequence();
        StringBuilder lines = new StringBuilder();
        for (AuditEvent event : added) {
            lines.append(event.withSequence(++last).toJsonLine()).append('\n');
        }
        return lines.toString();
    }

    private static long lastSequence(Path file) {
        List<AuditEvent> existing = read(file);
        return existing.isEmpty() ? 0 : existing.get(existing.size() - 1).sequence();
    }

    /**
     * Sends the event until the webhook takes it, at most {@code webhookAttempts} times with a doubling pause; a
     * refusal that no retry can change (4xx other than 408 and 429) is not retried. The event ID goes with every
     * attempt as {@code Idempotency-Key}, so that a webhook that took an event whose answer was lost keeps it once.
     */
    private AuditEvent deliver(AuditEvent event) {
        Duration pause = retryBackoff;
        AuditEvent tried = event;
        for (int attempt = 1; ; attempt++) {
            tried = deliverOnce(event);
            if (tried.webhook().isOk() || attempt >= webhookAttempts || !retryable(tried)) {
                return attempt == 1 || tried.webhook().isOk() ? tried
                        : tried.withWebhook(tried.webhook(), tried.webhookProblem() + " (after " + attempt + " attempts)");
            }
            console.log("audit webhook at " + webhookShown + " did not take " + describe(event) + " ("
                    + tried.webhookProblem() + "); trying again in " + pause.toMillis() + " ms (attempt "
                    + (attempt + 1) + " of " + webhookAttempts + ")");
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return tried;
            }
            pause = pause.multipliedBy(2);
        }
    }

    private static boolean retryable(AuditEvent tried) {
        if (tried.webhook() != WebhookDelivery.REFUSED) {
            return true;
        }
        String problem = tried.webhookProblem();
        return problem.startsWith("HTTP 5") || problem.startsWith("HTTP 408") || problem.startsWith("HTTP 429");
    }

    private AuditEvent deliverOnce(AuditEvent event) {
        // a CloudEvent in structured mode says so in its media type, so receivers need not sniff the body
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook)
                .timeout(webhookTimeout)
                .header("Content-Type", cloudEventsSource == null ? "application/json; charset=utf-8"
                        : "application/cloudevents+json; charset=utf-8")
                .header("Idempotency-Key", event.id())
                .POST(HttpRequest.BodyPublishers.ofString(
                        Json.compact(cloudEventsSource == null ? event.toWebhookJson()
                                : event.toCloudEvent(cloudEventsSource)),
                        StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() / 100 == 2) {
                return event.withWebhook(WebhookDelivery.ACCEPTED, "");
            }
            return event.withWebhook(WebhookDelivery.REFUSED, "HTTP " + response.statusCode()
                    + (response.body().isBlank() ? "" : ": " + abbreviate(response.body())));
        } catch (HttpConnectTimeoutException e) {
            return event.withWebhook(WebhookDelivery.UNREACHABLE, "no connection within the connect timeout");
        } catch (HttpTimeoutException e) {
            return event.withWebhook(WebhookDelivery.UNREACHABLE, "no answer within " + webhookTimeout.toMillis()
                    + " ms");
        } catch (IOException e) {
            return event.withWebhook(WebhookDelivery.UNREACHABLE, ProblemText.of(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return event.withWebhook(WebhookDelivery.UNREACHABLE, "interrupted while waiting for the answer");
        }
    }

    private String webhookMessage(AuditEvent event) {
        String what = event.webhook() == WebhookDelivery.REFUSED
                ? "the audit webhook at " + webhookShown + " refused " + describe(event) + " ("
                + event.webhookProblem() + "; a 2xx status was expected)"
                : "cannot reach the audit webhook at " + webhookShown + " to record " + describe(event) + " ("
                + event.webhookProblem() + ")";
        return what + (file == null ? "" : "; the event is in " + file + " marked " + event.webhook().wireName())
                + "; nothing may be disrupted until the webhook accepts events: check it and run again";
    }

    private static String describe(AuditEvent event) {
        return "event #" + event.sequence() + " " + event.kind().wireName()
                + (event.switchName().isEmpty() ? "" : " of " + event.switchName());
    }

    // user info and query strings may carry secrets: never shown
    private static String shown(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    /** Configures an {@link AuditTrail}: its sinks (console, JSON-lines file, webhook) and the webhook's limits. */
    public static final class Builder {
        private final String actor;
        private Console console = Console.silent();
        private Path file;
        private URI webhook;
        private String authorization;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration webhookTimeout = Duration.ofSeconds(15);
        private Clock clock = Clock.systemUTC();
        private int webhookAttempts = 4;
        private Duration retryBackoff = Duration.ofMillis(250);
        private String cloudEventsSource;

        private Builder(String actor) {
            if (actor == null || actor.isBlank()) {
                throw new IllegalArgumentException("an audit trail needs an actor: the build or user on whose "
                        + "behalf the upgrade runs, e.g. 'upgrade-dc1 #42'");
            }
            this.actor = actor;
        }

        /** Where each event is printed as one line, e.g. the build log. */
        public Builder console(Console console) {
            this.console = console == null ? Console.silent() : console;
            return this;
        }

        /** The JSON-lines file each event is appended to; numbering continues after the events already in it. */
        public Builder jsonLines(Path file) {
            this.file = file;
            return this;
        }

        /** The change-log webhook that must accept (HTTP 2xx) every event; null or blank for none. */
        public Builder webhook(String url) {
            if (url == null || url.isBlank()) {
                this.webhook = null;
                return this;
            }
            ServiceUrl parsed;
            try {
                parsed = ServiceUrl.parse(url, "the audit webhook URL", true);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " (e.g. https://changelog.example/api/events; "
                        + "secrets go in the token, not the URL)");
            }
            this.webhook = URI.create(parsed.url());
            if (parsed.hasCredentials()) {
                this.authorization = "Basic " + java.util.Base64.getEncoder().encodeToString((parsed.user() + ":"
                        + parsed.password()).getBytes(StandardCharsets.UTF_8));
            }
            return this;
        }

        /** A bearer token sent to the webhook; never printed. */
        public Builder webhookToken(String token) {
            this.authorization = token == null || token.isEmpty() ? null : "Bearer " + token;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connect timeout");
            return this;
        }

        /** How long the webhook may take to answer one event. */
        public Builder webhookTimeout(Duration webhookTimeout) {
            this.webhookTimeout = positive(webhookTimeout, "timeout");
            return this;
        }

        /** The clock that stamps events; tests may fix it. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * How many times an event is offered to the webhook (1 to 10, default 4) and the pause before the first
         * retry (doubled for each further one, default 250 ms).
         */
        public Builder webhookRetries(int attempts, Duration firstPause) {
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("the audit webhook attempts must be within 1..10, was " + attempts);
            }
            this.webhookAttempts = attempts;
            this.retryBackoff = positive(firstPause, "retry pause");
            return this;
        }

        /**
         * Writes and sends every event as a CloudEvents 1.0 structured-mode event with this {@code source} (a URI
         * reference naming the producer, e.g. {@code https://jenkins.example/job/upgrade-dc1/} or
         * {@code /switch-upgrade/dc1}), so a change-log system that takes CloudEvents stores them as they are;
         * null or blank for the plain events.
         */
        public Builder cloudEvents(String source) {
            if (source == null || source.isBlank()) {
                this.cloudEventsSource = null;
                return this;
            }
            try {
                URI uri = new URI(source.trim());
                if (uri.getRawUserInfo() != null) {
                    throw new IllegalArgumentException("the CloudEvents source '" + shown(uri) + "' must not carry "
                            + "user info: it is written into every event");
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("the CloudEvents source '" + source + "' is not a URI reference ("
                        + e.getReason() + "); give one like /switch-upgrade/dc1 or the job's URL", e);
            }
            this.cloudEventsSource = source.trim();
            return this;
        }

        public AuditTrail build() {
            return new AuditTrail(this);
        }

        private static Duration positive(Duration value, String what) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("the audit webhook " + what + " must be positive, not " + value);
            }
            return value;
        }
    }

    @Override
    public String toString() {
        // never the token, nor the webhook's user info or query
        return "AuditTrail[" + actor + (file == null ? "" : ", " + file)
                + (webhook == null ? "" : ", webhook " + webhookShown) + "]";
    }
}
