package io.jenkins.plugins.switchupgrade.lifecycle;

import io.jenkins.plugins.switchupgrade.diff.DiffReport;

import java.util.Objects;

/** The last state of a switch's upgrade: its post snapshot compared with its pre snapshot, the verdict recorded. */
public record Verified(String switchName, DiffReport diff) {
    public Verified {
        Objects.requireNonNull(switchName, "switchName");
        Objects.requireNonNull(diff, "diff");
    }

    public boolean passed() {
        return diff.passed();
    }
}
