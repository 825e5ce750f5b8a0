package io.jenkins.plugins.switchupgrade.validation;

import java.util.LinkedHashMap;
import java.util.Map;

/** One metric of the candidate compared with one sibling, with the rule applied and why it passed or failed. */
public record MetricCheck(String metric, String sibling, Double candidateValue, Double siblingValue, String rule,
                          boolean passed, String reason) {
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("metric", metric);
        map.put("sibling", sibling);
        map.put("candidate", candidateValue);
        map.put("siblingValue", siblingValue);
        map.put("rule", rule);
        map.put("passed", passed);
        map.put("reason", reason);
        return map;
    }
}
