package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import hudson.slaves.WorkspaceList;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusException;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;
import jenkins.util.BuildListenerAdapter;
import jenkins.util.VirtualFile;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs an engine facade on the agent of the enclosing {@code node {}} (which sits in the switches'
 * management network), with a scratch directory in the workspace's temporary sibling as its artifact
 * store, then archives the files it saved as build artifacts.
 */
final class AgentFacadeRunner {

    private static final String SCRATCH = "switch-upgrade";

    private AgentFacadeRunner() {}

    static @NonNull Map<String, Object> run(@NonNull StepContext context, @NonNull FacadeCall call)
            throws IOException, InterruptedException {
        Run<?, ?> run = context.get(Run.class);
        TaskListener listener = context.get(TaskListener.class);
        FilePath workspace = context.get(FilePath.class);
        Launcher launcher = context.get(Launcher.class);
        FilePath tmp = WorkspaceList.tempDir(workspace);
        if (tmp == null) {
            throw new AbortException(call.stepName() + " cannot use the workspace " + workspace + " for its snapshots.");
        }
        FilePath scratch = tmp.child(SCRATCH);
        scratch.deleteRecursive();
        scratch.mkdirs();
        copyArchived(run, call.reads(), scratch);

        Outcome outcome = scratch.act(new OnAgent(EngineSettings.forRun(run), listener, call));

        if (!outcome.saved.isEmpty()) {
            Map<String, String> files = new LinkedHashMap<>();
            outcome.saved.forEach(path -> files.put(path, path));
            run.pickArtifactManager().archive(scratch, launcher, new BuildListenerAdapter(listener), files);
        }
        return outcome.result;
    }

    private static void copyArchived(Run<?, ?> run, List<String> paths, FilePath scratch)
            throws IOException, InterruptedException {
        VirtualFile root = run.getArtifactManager().root();
        for (String path : paths) {
            VirtualFile archived = root.child(path);
            if (archived.isFile()) {
                FilePath target = scratch.child(path);
                target.getParent().mkdirs();
                try (InputStream in = archived.open()) {
                    target.copyFrom(in);
                }
            }
        }
    }

    private static final class Outcome implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Map<String, Object> result;
        private final List<String> saved;

        Outcome(Map<String, Object> result, List<String> saved) {
            this.result = result;
            this.saved = saved;
        }
    }

    private static final class OnAgent extends MasterToSlaveFileCallable<Outcome> {
        private static final long serialVersionUID = 1L;
        private final EngineSettings settings;
        private final TaskListener listener;
        private final FacadeCall call;

        OnAgent(EngineSettings settings, TaskListener listener, FacadeCall call) {
            this.settings = settings;
            this.listener = listener;
            this.call = call;
        }

        @Override
        public Outcome invoke(File scratch, VirtualChannel channel) throws IOException {
            RecordingArtifactStore store = new RecordingArtifactStore(new DirectoryArtifactStore(scratch.toPath()));
            try {
                Map<String, Object> result = call.call(settings.engineContext(listener, store));
                return new Outcome(PlainValues.copy(result), store.saved());
            } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException | PrometheusException e) {
                // the engine's messages say what was expected, what was seen and what to do
                throw new AbortException(call.stepName() + ": " + e.getMessage());
            }
        }
    }
}
