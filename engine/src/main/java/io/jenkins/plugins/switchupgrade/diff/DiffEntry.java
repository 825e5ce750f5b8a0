package io.jenkins.plugins.switchupgrade.diff;

import java.util.LinkedHashMap;
import java.util.Map;

/** One metric before and after, the rule applied, and whether it held. */
public record DiffEntry(String metric, Double pre, Double post, String rule, boolean passed, String reason) {
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("metric", metric);
        map.put("pre", pre);
        map.put("post", post);
        map.put("rule", rule);
        map.put("passed", passed);
        map.put("reason", reason);
        return map;
    }
}
