package io.jenkins.plugins.switchupgrade.lifecycle;

import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import io.jenkins.plugins.switchupgrade.validation.Verdict;

import java.util.Objects;

/** A candidate judged against its siblings; only a passed one may be disrupted. */
public record Validated(Candidate candidate, Verdict verdict) {
    public Validated {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(verdict, "verdict");
    }

    public boolean passed() {
        return verdict.passed();
    }

    /** The candidate's own pre snapshot, which its post snapshot must match; null when Prometheus had none. */
    public Snapshot pre() {
        return verdict.pre().get(candidate.name());
    }
}
