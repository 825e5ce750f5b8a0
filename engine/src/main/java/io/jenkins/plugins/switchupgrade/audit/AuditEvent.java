package io.jenkins.plugins.switchupgrade.audit;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import io.jenkins.plugins.switchupgrade.json.Json;

import io.jenkins.plugins.switchupgrade.text.Redaction;

import java.lang.reflect.Array;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of the audit trail: what happened ({@code kind}, {@code reason}, {@code details}), when (UTC), to which
 * switch, on whose behalf ({@code actor}, the build or user), and whether the audit webhook took it.
 */
public record AuditEvent(long sequence, String id, Instant time, String switchName, String actor, AuditKind kind,
                         String reason, Map<String, Object> details, WebhookDelivery webhook, String webhookProblem) {
    /**
     * The version of the event's JSON shape, written as {@code schemaVersion}; a reader that knows this version
     * knows every field. Lines without it were written before the field existed and have the same shape.
     */
    public static final int SCHEMA_VERSION = 1;
    /** The CloudEvents {@code type} of an event is this prefix and the kind, e.g. {@code ...audit.reprovision-sent}. */
    public static final String CLOUD_EVENT_TYPE_PREFIX = "io.jenkins.plugins.switchupgrade.audit.";
    // details under such keys are secrets by their name; "...Id" keys (credentialsId) only name them
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|passphrase|secret|token|private[-_]?key|authorization).*");
    static final String REDACTED = "****";
    private static final Gson READER = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .create();
    private static final Type DETAILS = new TypeToken<Map<String, Object>>() { }.getType();

    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(webhook, "webhook");
        switchName = switchName == null ? "" : switchName;
        actor = actor == null ? "" : actor;
        reason = reason == null ? "" : Redaction.redact(reason);
        webhookProblem = webhookProblem == null ? "" : webhookProblem;
        details = details == null ? Map.of() : plainMap(details);
    }

    /** The same event with what the webhook made of it. */
    public AuditEvent withWebhook(WebhookDelivery delivery, String problem) {
        return new AuditEvent(sequence, id, time, switchName, actor, kind, reason, details, delivery, problem);
    }

    /** The same event at another place in a trail (events of parallel calls merged into one file). */
    public AuditEvent withSequence(long newSequence) {
        return new AuditEvent(newSequence, id, time, switchName, actor, kind, reason, details, webhook, webhookProblem);
    }

    /** The webhook's body: the event without its delivery. */
    public Map<String, Object> toWebhookJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schemaVersion", SCHEMA_VERSION);
        json.put("seq", sequence);
        json.put("id", id);
        json.put("time", time.toString());
        json.put("switch", switchName);
        json.put("actor", actor);
        json.put("event", kind.wireName());
        json.put("reason", reason);
        json.put("details", details);
        return json;
    }

    /**
     * The event as a CloudEvents 1.0 structured-mode event: the attributes {@code specversion}, {@code type},
     * {@code source}, {@code subject} (the switch, when there is one), {@code id}, {@code time} and
     * {@code datacontenttype}, and the webhook's body as {@code data}.
     *
     * @param source the CloudEvents {@code source}, a URI reference naming what produced the event, e.g. the job's URL
     */
    public Map<String, Object> toCloudEvent(String source) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("specversion", "1.0");
        json.put("type", CLOUD_EVENT_TYPE_PREFIX + kind.wireName());
        json.put("source", source);
        if (!switchName.isEmpty()) {
            json.put("subject", switchName);
        }
        json.put("id", id);
        json.put("time", time.toString());
        json.put("datacontenttype", "application/json");
        json.put("data", toWebhookJson());
        return json;
    }

    /** One line of {@code audit.jsonl}: the webhook's body plus {@code webhook} and, if it failed, the problem. */
    public String toJsonLine() {
        Map<String, Object> json = toWebhookJson();
        json.put("webhook", webhook.wireName());
        if (!webhookProblem.isEmpty()) {
            json.put("webhookProblem", webhookProblem);
        }
        return Json.compact(json);
    }

    /**
     * One line of {@code audit.jsonl} as a CloudEvent ({@link #toCloudEvent}); the delivery is written as the
     * extension attributes {@code webhook} and {@code webhookproblem} (CloudEvents names are lower case).
     */
    public String toCloudEventLine(String source) {
        Map<String, Object> json = toCloudEvent(source);
        json.put("webhook", webhook.wireName());
        if (!webhookProblem.isEmpty()) {
            json.put("webhookproblem", webhookProblem);
        }
        return Json.compact(json);
    }

    /** A human line for the build log. */
    public String toLogLine() {
        StringBuilder line = new StringBuilder("AUDIT #").append(sequence).append(' ').append(time).append(' ')
                .append(kind.wireName());
        if (!switchName.isEmpty()) {
            line.append(' ').append(switchName);
        }
        line.append(" by ").append(actor.isEmpty() ? "?" : actor).append(": ").append(reason);
        if (!details.isEmpty()) {
            line.append(' ').append(Json.compact(details));
        }
        if (!webhook.isOk()) {
            line.append(" [webhook ").append(webhook.wireName()).append(": ").append(webhookProblem).append(']');
        }
        return line.toString();
    }

    /** Reads one line written by {@link #toJsonLine()} or {@link #toCloudEventLine}; the error says what is missing. */
    static AuditEvent fromJsonLine(String line) {
        JsonElement parsed = JsonParser.parseString(line);
        if (!parsed.isJsonObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonObject json = parsed.getAsJsonObject();
        String delivery = text(json, "webhook");
        String problem = text(json, json.has("specversion") ? "webhookproblem" : "webhookProblem");
        if (json.has("specversion")) {
            JsonElement data = json.get("data");
            if (data == null || !data.isJsonObject()) {
                throw new IllegalArgumentException("a CloudEvent line without the event in 'data'");
            }
            json = data.getAsJsonObject();
        }
        try {
            return new AuditEvent(required(json, "seq").getAsLong(), text(json, "id"),
                    Instant.parse(required(json, "time").getAsString()), text(json, "switch"), text(json, "actor"),
                    AuditKind.fromWireName(required(json, "event").getAsString()), text(json, "reason"),
                    json.has("details") ? READER.fromJson(json.get("details"), DETAILS) : Map.of(),
                    delivery.isEmpty() ? WebhookDelivery.NOT_CONFIGURED : WebhookDelivery.fromWireName(delivery),
                    problem);
        } catch (DateTimeParseException | UnsupportedOperationException | IllegalStateException
                 | NumberFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static JsonElement required(JsonObject json, String field) {
        JsonElement element = json.get(field);
        if (element == null || element.isJsonNull()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return element;
    }

    private static String text(JsonObject json, String field) {
        JsonElement element = json.get(field);
        return element == null || element.isJsonNull() ? "" : element.getAsString();
    }

    // Details become plain JSON values (maps, lists, strings, numbers, booleans) so that events() shows exactly
    // what the file and the webhook received, and secrets under telling keys never leave the process.
    private static Map<String, Object> plainMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            String name = String.valueOf(key);
            boolean secret = SECRET_KEY.matcher(name).matches() && !name.endsWith("Id") && !name.endsWith("ID");
            copy.put(name, secret && value != null ? REDACTED : plain(value));
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Object plain(Object value) {
        if (value instanceof String text) {
            return Redaction.redact(text);
        }
        if (value == null || value instanceof Boolean) {
            return value;
        }
        // integers as Long and fractions as Double: what reading the JSON line back gives
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Number number) {
            return number.toString();
        }
        if (value instanceof Map<?, ?> map) {
            return plainMap(map);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>();
            collection.forEach(item -> list.add(plain(item)));
            return Collections.unmodifiableList(list);
        }
        if (value.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(plain(Array.get(value, i)));
            }
            return Collections.unmodifiableList(list);
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        return value.toString();
    }
}
