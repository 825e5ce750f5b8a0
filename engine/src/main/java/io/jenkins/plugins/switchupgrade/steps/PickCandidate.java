package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.core.StepContext;

import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.selection.CandidatePicker;
import io.jenkins.plugins.switchupgrade.selection.Pick;
import io.jenkins.plugins.switchupgrade.selection.PickRequest;

import java.util.List;

/**
 * The {@code pickCandidate} step: a random switch of {@code datacenter} and {@code role} on {@code fromVersion}
 * (optionally at rack {@code position}, never one of {@code exclude}), with its siblings and how many remain.
 * Read-only. Result: the {@link Pick} ({@code nothingToDo, candidate, switch, siblings, remaining, fleetSize, reason}
 * at the Pipeline's edge).
 */
public final class PickCandidate {
    private final StepContext context;

    public PickCandidate(StepContext context) {
        this.context = context;
    }

    public Pick run(Request request) {
        PickRequest pickRequest = new PickRequest(request.datacenter, Role.parse(request.role), request.fromVersion,
                request.position, request.exclude, request.seed);
        Pick pick = new CandidatePicker(context.fleetReader()).pick(pickRequest);
        context.console().log(pick.nothingToDo()
                ? "pickCandidate: " + pick.reason()
                : "pickCandidate: " + pick.candidate().get().name() + " (" + pick.reason() + "; siblings: "
                + (pick.siblings().isEmpty() ? "none" : String.join(" ", pick.siblings().stream()
                .map(s -> s.name()).toList())) + "; " + pick.remaining() + " remaining)");
        return pick;
    }

    /** The step's arguments, named as in the Pipeline. */
    public static final class Request {
        private String datacenter;
        private String role;
        private String fromVersion;
        private Integer position;
        private List<String> exclude = List.of();
        private Long seed;

        public Request datacenter(String datacenter) {
            this.datacenter = datacenter;
            return this;
        }

        public Request role(String role) {
            this.role = role;
            return this;
        }

        public Request fromVersion(String fromVersion) {
            this.fromVersion = fromVersion;
            return this;
        }

        public Request position(Integer position) {
            this.position = position;
            return this;
        }

        public Request exclude(List<String> exclude) {
            this.exclude = exclude == null ? List.of() : List.copyOf(exclude);
            return this;
        }

        public Request seed(Long seed) {
            this.seed = seed;
            return this;
        }
    }
}
