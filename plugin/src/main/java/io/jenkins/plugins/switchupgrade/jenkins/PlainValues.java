package io.jenkins.plugins.switchupgrade.jenkins;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step results as Pipeline scripts can keep them across a restart: {@link LinkedHashMap}s and
 * {@link ArrayList}s of strings, numbers and booleans, instead of the engine's unmodifiable collections.
 */
final class PlainValues {

    private PlainValues() {}

    static Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), copyValue(value)));
        return copy;
    }

    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return copy(map);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>();
            collection.forEach(item -> list.add(copyValue(item)));
            return list;
        }
        return value;
    }
}
