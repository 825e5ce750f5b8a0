package io.jenkins.plugins.switchupgrade.lifecycle;

import io.jenkins.plugins.switchupgrade.fleet.Switch;

import java.util.List;
import java.util.Objects;

/** The first state of a switch's upgrade: elected from the inventory, with the siblings it is judged against. */
public record Candidate(Switch target, List<String> siblings) {
    public Candidate {
        Objects.requireNonNull(target, "target");
        siblings = List.copyOf(siblings);
    }

    public String name() {
        return target.name();
    }
}
