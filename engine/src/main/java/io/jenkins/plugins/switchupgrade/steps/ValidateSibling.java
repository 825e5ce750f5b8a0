package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.core.StepContext;

import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.metrics.FleetReader;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;
import io.jenkins.plugins.switchupgrade.validation.RackValidation;
import io.jenkins.plugins.switchupgrade.validation.Verdict;

import java.util.List;
import java.util.Map;

/**
 * The {@code validateSibling} step: pre snapshots of {@code candidate} and its {@code siblings} (looked up in
 * Prometheus when not given), judged by the seed's rule; archives {@code switch-upgrade/<candidate>/pre.json}.
 * Result: {@code passed, candidate, siblings, reasons, checks, pre}.
 */
public final class ValidateSibling {
    private final StepContext context;

    public ValidateSibling(StepContext context) {
        this.context = context;
    }

    public Verdict run(Request request) {
        return validate(request);
    }

    /** The verdict itself (the same as {@link #run}), as the upgrade round names it. */
    public Verdict validate(Request request) {
        if (request.candidate == null || request.candidate.isBlank()) {
            throw new IllegalArgumentException("validateSibling needs candidate: the switch to validate, e.g. "
                    + "candidate: pick.candidate");
        }
        List<String> siblings = request.siblings == null ? findSiblings(request.candidate) : request.siblings;
        Verdict verdict = new RackValidation(context.prometheus(), context.profile(), context.clock(),
                context.console()).validate(request.candidate, siblings);
        context.artifacts().save(ArtifactStore.switchFile(request.candidate, "pre.json"), Json.pretty(verdict.preState()));
        context.artifacts().save(ArtifactStore.switchFile(request.candidate, "validation.json"),
                Json.pretty(verdict.toMap()));
        return verdict;
    }

    private List<String> findSiblings(String candidate) {
        FleetReader reader = context.fleetReader();
        Switch found = reader.locate(candidate).orElseThrow(() -> new IllegalArgumentException("Prometheus at "
                + context.prometheus().url() + " does not know switch '" + candidate + "'; check the name, or pass "
                + "siblings explicitly"));
        return reader.read(found.datacenter(), found.role()).siblingsOf(found).stream().map(Switch::name).toList();
    }

    /** The step's arguments, named as in the Pipeline. */
    public static final class Request {
        private String candidate;
        private List<String> siblings;

        public Request candidate(String candidate) {
            this.candidate = candidate;
            return this;
        }

        /** The siblings to compare with; {@code null} looks them up in Prometheus. */
        public Request siblings(List<String> siblings) {
            this.siblings = siblings == null ? null : List.copyOf(siblings);
            return this;
        }
    }
}
