package io.jenkins.plugins.switchupgrade.fleet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The switches of one datacenter and role as Prometheus listed them at one time, in name order. */
public final class Fleet {
    private final Map<String, Switch> byName = new LinkedHashMap<>();

    public Fleet(List<Switch> switches) {
        List<Switch> sorted = new ArrayList<>(switches);
        sorted.sort((a, b) -> a.name().compareTo(b.name()));
        for (Switch s : sorted) {
            byName.putIfAbsent(s.name(), s);
        }
    }

    public List<Switch> switches() {
        return List.copyOf(byName.values());
    }

    public int size() {
        return byName.size();
    }

    public Optional<Switch> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The other switches of the rack (leaves) or of the pod (spines). */
    public List<Switch> siblingsOf(Switch candidate) {
        List<Switch> siblings = new ArrayList<>();
        for (Switch other : byName.values()) {
            if (candidate.isSiblingOf(other)) {
                siblings.add(other);
            }
        }
        return Collections.unmodifiableList(siblings);
    }
}
