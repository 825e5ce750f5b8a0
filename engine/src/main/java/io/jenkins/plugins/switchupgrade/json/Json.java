package io.jenkins.plugins.switchupgrade.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

import java.util.Map;

/** JSON for artifacts and step results: plain maps and lists in, pretty text out. */
public final class Json {
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
            .serializeSpecialFloatingPointValues().create();
    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().serializeNulls()
            .serializeSpecialFloatingPointValues().create();

    private Json() {
    }

    public static String pretty(Object value) {
        return PRETTY.toJson(value);
    }

    public static String compact(Object value) {
        return COMPACT.toJson(value);
    }

    /** Parses a JSON object into a map; the error names what was read. */
    public static Map<String, Object> parseObject(String text, String what) {
        try {
            Map<String, Object> map = COMPACT.fromJson(text, new TypeToken<Map<String, Object>>() { }.getType());
            if (map == null) {
                throw new IllegalArgumentException(what + " is empty");
            }
            return map;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(what + " is not a JSON object: " + e.getMessage(), e);
        }
    }
}
