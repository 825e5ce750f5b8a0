package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.steps.PickCandidate;
import io.jenkins.plugins.switchupgrade.steps.StepResults;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code pickCandidate}: a random switch of a data center and role still on {@code fromVersion}.
 * Read-only. Returns {@code nothingToDo, candidate, switch, siblings, remaining, fleetSize, reason}.
 */
public final class PickCandidateStep extends Step {

    private final String datacenter;
    private final String role;
    private final String fromVersion;
    private Integer position;
    private List<String> exclude = List.of();
    private Long seed;

    @DataBoundConstructor
    public PickCandidateStep(String datacenter, String role, String fromVersion) {
        this.datacenter = datacenter;
        this.role = role;
        this.fromVersion = fromVersion;
    }

    public String getDatacenter() {
        return datacenter;
    }

    public String getRole() {
        return role;
    }

    public String getFromVersion() {
        return fromVersion;
    }

    public @CheckForNull Integer getPosition() {
        return position;
    }

    /** 1 or 2: only the first or the second switch of each rack. */
    @DataBoundSetter
    public void setPosition(@CheckForNull Integer position) {
        this.position = position;
    }

    public @NonNull List<String> getExclude() {
        return exclude;
    }

    @DataBoundSetter
    public void setExclude(@CheckForNull List<String> exclude) {
        this.exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    public @CheckForNull Long getSeed() {
        return seed;
    }

    /** Makes the random choice repeatable. */
    @DataBoundSetter
    public void setSeed(@CheckForNull Long seed) {
        this.seed = seed;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new ShortStepExecution(context, new Call(datacenter, role, fromVersion, position, exclude, seed));
    }

    private record Call(String datacenter, String role, String fromVersion, Integer position, List<String> exclude,
            Long seed) implements FacadeCall {
        private static final long serialVersionUID = 1L;

        @Override
        public String stepName() {
            return "pickCandidate";
        }

        @Override
        public FacadeResult call(io.jenkins.plugins.switchupgrade.core.StepContext engine, Switch located) {
            return FacadeResult.of(StepResults.toMap(new PickCandidate(engine).run(new PickCandidate.Request()
                    .datacenter(datacenter)
                    .role(role)
                    .fromVersion(fromVersion)
                    .position(position)
                    .exclude(exclude)
                    .seed(seed))));
        }
    }

    @Extension
    public static final class DescriptorImpl extends AgentStepDescriptor {

        @Override
        public String getFunctionName() {
            return "pickCandidate";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Pick a switch to upgrade from Prometheus";
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            // the node's label: only the arguments given, so a variable or a missing one never shows as "null"
            String scope = Stream.of(namedArgs.get("datacenter"), namedArgs.get("role"))
                    .filter(Objects::nonNull).map(String::valueOf).collect(Collectors.joining(" "));
            Object from = namedArgs.get("fromVersion");
            String label = from == null ? scope : (scope.isEmpty() ? "" : scope + " ") + "on " + from;
            return label.isEmpty() ? null : label;
        }

        @POST
        public ListBoxModel doFillRoleItems(@AncestorInPath Item item) {
            FormAccess.checkConfigure(item);
            return RoleItems.fill();
        }
    }
}
