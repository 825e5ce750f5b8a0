package io.jenkins.plugins.switchupgrade.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several instant queries sent as one request: each part is tagged with a label naming it and the parts are joined
 * with {@code or}, so reading them costs one round trip; the answer is split back per part. Parts never collide:
 * their tags differ.
 */
public final class QueryBatch {
    static final String PART_LABEL = "switch_upgrade_part";
    private final Map<String, String> parts = new LinkedHashMap<>();

    /** Adds a part; its answer comes back under {@code key}. */
    public QueryBatch add(String key, String promql) {
        if (parts.put(key, promql) != null) {
            throw new IllegalArgumentException("the batch has a part named " + key + " already");
        }
        return this;
    }

    /** The one query the parts make. */
    public String promql() {
        StringBuilder query = new StringBuilder(64 * parts.size());
        int i = 0;
        for (String part : parts.values()) {
            if (i > 0) {
                query.append(" or ");
            }
            query.append("label_replace((").append(part).append("), \"").append(PART_LABEL).append("\", \"").append(i++)
                    .append("\", \"\", \"\")");
        }
        return query.toString();
    }

    /**
     * Sends the parts as one request; every part's samples in the order the parts were added (they keep the tag
     * label: copying each series to drop it would cost more than it is worth).
     */
    public Map<String, List<Sample>> run(InstantQueries prometheus) {
        List<String> keys = new ArrayList<>(parts.keySet());
        Map<String, List<Sample>> answers = new LinkedHashMap<>();
        keys.forEach(k -> answers.put(k, new ArrayList<>()));
        if (keys.isEmpty()) {
            return answers;
        }
        for (Sample sample : prometheus.query(promql())) {
            int index = index(sample.label(PART_LABEL));
            if (index >= 0 && index < keys.size()) {
                answers.get(keys.get(index)).add(sample);
            }
        }
        return answers;
    }

    /** The part number a tag names, or -1 for a series without one of ours. */
    private static int index(String tag) {
        if (tag.isEmpty() || tag.length() > 6) {
            return -1;
        }
        int index = 0;
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            index = index * 10 + (c - '0');
        }
        return index;
    }
}
