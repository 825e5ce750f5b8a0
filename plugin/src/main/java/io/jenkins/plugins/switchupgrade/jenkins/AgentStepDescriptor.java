package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;

/**
 * The descriptor of a step that runs an engine facade on the agent of its {@code node {}}: it needs the build, its
 * log, the workspace and a launcher, and Blue Ocean and Pipeline Graph View label it with the switch it is about.
 */
abstract class AgentStepDescriptor extends StepDescriptor {

    private final String switchArgument;

    /** For a step labelled with the value of {@code switchArgument}, the argument that names its switch. */
    AgentStepDescriptor(@NonNull String switchArgument) {
        this.switchArgument = switchArgument;
    }

    /** For a step that is about no single switch and labels itself by overriding {@link #argumentsToString}. */
    AgentStepDescriptor() {
        this.switchArgument = null;
    }

    @Override
    public final Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class, FilePath.class, Launcher.class);
    }

    @Override
    public @CheckForNull String argumentsToString(@NonNull Map<String, Object> namedArgs) {
        if (switchArgument == null) {
            return super.argumentsToString(namedArgs);
        }
        Object name = namedArgs.get(switchArgument);
        return name == null ? null : name.toString();
    }
}
