package io.jenkins.plugins.switchupgrade.metrics;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an instant-query answer of Prometheus token by token, so that an inventory of 50,000 series is never held
 * as a JSON tree or as one string: only the samples it carries are kept.
 */
final class SampleStream {
    /** What the answer said: its status, error fields, result type and samples (of a vector or a scalar). */
    record Answer(String status, String errorType, String error, String resultType, List<Sample> samples) {
    }

    /** Thrown when the answer is not the Prometheus API's JSON; carries what the reader saw. */
    static final class NotPrometheusJson extends IOException {
        NotPrometheusJson(String message, Throwable cause) {
            super(message, cause);
        }
    }

    // label names repeat in every series: one String per distinct name, not one per series
    private final Map<String, String> names = new HashMap<>();
    // every series of an instant answer carries the same evaluation time: parsed once
    private String lastTimeText = "";
    private double lastTime = Double.NaN;

    private SampleStream() {
    }

    static Answer read(Reader body) throws NotPrometheusJson {
        try (JsonReader reader = new JsonReader(body)) {
            return new SampleStream().answer(reader);
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            if (e instanceof NotPrometheusJson n) {
                throw n;
            }
            throw new NotPrometheusJson(e.getMessage(), e);
        }
    }

    private Answer answer(JsonReader reader) throws IOException {
        if (reader.peek() != JsonToken.BEGIN_OBJECT) {
            throw new NotPrometheusJson("the answer is not a JSON object", null);
        }
        String status = null;
        String errorType = "";
        String error = "";
        String resultType = "";
        List<Sample> samples = List.of();
        reader.beginObject();
        while (reader.hasNext()) {
            switch (reader.nextName()) {
                case "status" -> status = string(reader);
                case "errorType" -> errorType = string(reader);
                case "error" -> error = string(reader);
                case "data" -> {
                    if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                        reader.skipValue();
                        continue;
                    }
                    reader.beginObject();
                    while (reader.hasNext()) {
                        switch (reader.nextName()) {
                            case "resultType" -> resultType = string(reader);
                            case "result" -> samples = result(reader);
                            default -> reader.skipValue();
                        }
                    }
                    reader.endObject();
                }
                default -> reader.skipValue();
            }
        }
        reader.endObject();
        if (status == null) {
            throw new NotPrometheusJson("no status field", null);
        }
        return new Answer(status, errorType, error, resultType, samples);
    }

    /** A vector's series, or a scalar's one value; a matrix is left for the caller to refuse by its result type. */
    private List<Sample> result(JsonReader reader) throws IOException {
        if (reader.peek() != JsonToken.BEGIN_ARRAY) {
            reader.skipValue();
            return List.of();
        }
        reader.beginArray();
        List<Sample> samples = new ArrayList<>();
        if (reader.hasNext() && reader.peek() != JsonToken.BEGIN_OBJECT) {
            // a scalar: [time, "value"]
            double time = reader.nextDouble();
            double value = value(reader.nextString());
            while (reader.hasNext()) {
                reader.skipValue();
            }
            reader.endArray();
            return List.of(new Sample(Map.of(), value, time));
        }
        while (reader.hasNext()) {
            Sample sample = series(reader);
            if (sample != null) {
                samples.add(sample);
            }
        }
        reader.endArray();
        return samples;
    }

    private Sample series(JsonReader reader) throws IOException {
        Map<String, String> labels = Map.of();
        double time = Double.NaN;
        double value = Double.NaN;
        boolean hasValue = false;
        reader.beginObject();
        while (reader.hasNext()) {
            switch (reader.nextName()) {
                case "metric" -> labels = labels(reader);
                case "value" -> {
                    reader.beginArray();
                    time = time(reader.nextString());
                    value = value(reader.nextString());
                    hasValue = true;
                    while (reader.hasNext()) {
                        reader.skipValue();
                    }
                    reader.endArray();
                }
                default -> reader.skipValue();
            }
        }
        reader.endObject();
        return hasValue ? new Sample(labels, value, time) : null;
    }

    private Map<String, String> labels(JsonReader reader) throws IOException {
        List<Map.Entry<String, String>> entries = new ArrayList<>(12);
        reader.beginObject();
        while (reader.hasNext()) {
            String name = reader.nextName();
            String shared = names.putIfAbsent(name, name);
            entries.add(Map.entry(shared == null ? name : shared, string(reader)));
        }
        reader.endObject();
        @SuppressWarnings("unchecked")
        Map.Entry<String, String>[] array = entries.toArray(new Map.Entry[0]);
        return Map.ofEntries(array);
    }

    private static String string(JsonReader reader) throws IOException {
        if (reader.peek() == JsonToken.NULL) {
            reader.nextNull();
            return "";
        }
        return reader.nextString();
    }

    private double time(String text) {
        if (!text.equals(lastTimeText)) {
            lastTime = Double.parseDouble(text);
            lastTimeText = text;
        }
        return lastTime;
    }

    static double value(String text) {
        // most values are small counts: read them without Double.parseDouble's buffers
        int length = text.length();
        if (length > 0 && length <= 15) {
            long whole = 0;
            int i = 0;
            for (; i < length; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                whole = whole * 10 + (c - '0');
            }
            if (i == length) {
                return whole;
            }
        }
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
