package io.jenkins.plugins.switchupgrade.gates;

import java.util.List;

/**
 * Why one gate is closed: the gate, the switches or alerts it names, and a sentence saying what was seen and what
 * to do.
 */
public record GateRefusal(Gate gate, List<String> subjects, String sentence) {
    public GateRefusal {
        subjects = List.copyOf(subjects);
    }
}
