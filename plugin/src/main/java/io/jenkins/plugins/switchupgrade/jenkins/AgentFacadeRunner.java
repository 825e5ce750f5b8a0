package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import hudson.slaves.WorkspaceList;
import io.jenkins.plugins.switchupgrade.alerts.AlertmanagerException;
import io.jenkins.plugins.switchupgrade.audit.AuditEvent;
import io.jenkins.plugins.switchupgrade.audit.AuditException;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.await.AwaitException;
import io.jenkins.plugins.switchupgrade.core.SafetyException;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.ledger.LedgerBlockedException;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusException;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.MasterToSlaveFileCallable;
import jenkins.util.BuildListenerAdapter;
import jenkins.util.VirtualFile;

/**
 * Runs an engine facade on the agent of the enclosing {@code node {}} (which sits in the switches'
 * management network), with a scratch directory in the workspace's temporary sibling as its artifact
 * store, then archives the files it saved as build artifacts. Audited calls continue the build's
 * {@code audit.jsonl}; calls of one build that write it run one after the other, so that no event is lost.
 */
final class AgentFacadeRunner {

    static final String AUDIT_FILE = "audit.jsonl";

    private static final Logger LOGGER = Logger.getLogger(AgentFacadeRunner.class.getName());

    // one audit trail per build: parallel branches take turns appending to it
    private static final Map<Run<?, ?>, ReentrantLock> AUDIT_LOCKS = Collections.synchronizedMap(new WeakHashMap<>());

    private AgentFacadeRunner() {}

    /** Runs {@code call} for a Pipeline step, in the context of its {@code node {}}. */
    static @NonNull FacadeResult run(@NonNull org.jenkinsci.plugins.workflow.steps.StepContext context,
            @NonNull FacadeCall call) throws IOException, InterruptedException {
        return run(context, call, null);
    }

    /**
     * Runs {@code call} for a Pipeline step with a scratch directory of a known name, which a step resumed after a
     * controller restart can {@linkplain #adoptLeftBehind adopt}.
     */
    static @NonNull FacadeResult run(@NonNull org.jenkinsci.plugins.workflow.steps.StepContext context,
            @NonNull FacadeCall call, @CheckForNull String scratchName) throws IOException, InterruptedException {
        return run(context.get(Run.class), context.get(FilePath.class), context.get(Launcher.class),
                context.get(TaskListener.class), call, scratchName);
    }

    /**
     * Archives what a call interrupted by a controller restart left in its scratch directory (its audit events,
     * snapshots and results), then removes the directory.
     *
     * @return the archived paths, e.g. {@code audit.jsonl}; empty when nothing was left
     */
    static @NonNull List<String> adoptLeftBehind(@NonNull org.jenkinsci.plugins.workflow.steps.StepContext context,
            @NonNull String scratchName) throws IOException, InterruptedException {
        Run<?, ?> run = context.get(Run.class);
        FilePath workspace = context.get(FilePath.class);
        TaskListener listener = context.get(TaskListener.class);
        FilePath tmp = workspace == null ? null : WorkspaceList.tempDir(workspace);
        if (tmp == null) {
            throw new IOException("the workspace of the enclosing node {} is not available");
        }
        FilePath scratch = tmp.child(scratchName);
        if (!scratch.isDirectory()) {
            return List.of();
        }
        List<String> left = evidenceIn(scratch);
        if (!left.isEmpty()) {
            Map<String, String> files = new LinkedHashMap<>();
            left.forEach(path -> files.put(path, path));
            run.pickArtifactManager().archive(scratch, context.get(Launcher.class), new BuildListenerAdapter(listener),
                    files);
        }
        scratch.deleteRecursive();
        return left;
    }

    /**
     * Runs {@code call} on the agent that holds {@code workspace} and archives what it saved.
     *
     * @throws FacadeFailure when the engine refused or failed; the files saved until then are archived
     */
    static @NonNull FacadeResult run(@NonNull Run<?, ?> run, @NonNull FilePath workspace,
            @NonNull Launcher launcher, @NonNull TaskListener listener, @NonNull FacadeCall call)
            throws IOException, InterruptedException {
        return run(run, workspace, launcher, listener, call, null);
    }

    private static @NonNull FacadeResult run(@NonNull Run<?, ?> run, @NonNull FilePath workspace,
            @NonNull Launcher launcher, @NonNull TaskListener listener, @NonNull FacadeCall call,
            @CheckForNull String scratchName) throws IOException, InterruptedException {
        return run(run, workspace, launcher, listener, call, scratchName, null, false);
    }

    /**
     * The settings a step that calls the engine again and again (awaitExporter's slices) resolves once, so that
     * credentials are looked up and tracked once per wait, not once per slice. Never persisted.
     */
    static @NonNull EngineSettings settingsFor(@NonNull org.jenkinsci.plugins.workflow.steps.StepContext context)
            throws IOException, InterruptedException {
        return EngineSettings.forRun(context.get(Run.class));
    }

    /**
     * One of many calls of one step, with settings resolved once ({@link #settingsFor}) and a scratch directory kept
     * from slice to slice: what the build archived is copied to it only when it changed since. Remove the directory
     * with {@link #discard} when the step ends.
     */
    static @NonNull FacadeResult runSlice(@NonNull org.jenkinsci.plugins.workflow.steps.StepContext context,
            @NonNull FacadeCall call, @NonNull String scratchName, @NonNull EngineSettings settings)
            throws IOException, InterruptedException {
        return run(context.get(Run.class), context.get(FilePath.class), context.get(Launcher.class),
                context.get(TaskListener.class), call, scratchName, settings, true);
    }

    /** Removes the scratch directory of {@link #runSlice} calls, if the workspace is still there. */
    static void discard(@NonNull org.jenkinsci.plugins.workflow.steps.StepContext context, @NonNull String scratchName) {
        try {
            FilePath workspace = context.get(FilePath.class);
            FilePath tmp = workspace == null ? null : WorkspaceList.tempDir(workspace);
            if (tmp != null) {
                tmp.child(scratchName).deleteRecursive();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.FINE, "could not remove the scratch directory " + scratchName, e);
        }
    }

    private static @NonNull FacadeResult run(@NonNull Run<?, ?> run, @NonNull FilePath workspace,
            @NonNull Launcher launcher, @NonNull TaskListener listener, @NonNull FacadeCall call,
            @CheckForNull String scratchName, @CheckForNull EngineSettings resolved, boolean keepScratch)
            throws IOException, InterruptedException {
        EngineSettings settings = resolved != null ? resolved : EngineSettings.forRun(run);
        if (call.disruptive()) {
            String datacenter = call.datacenter();
            if (datacenter != null) {
                LockRequirement.require(run, SwitchUpgradeConfiguration.get().lockNameFor(datacenter), call.stepName());
            }
            SshLogin login = SshLogin.forRun(run, call.credentialsId(), call.stepName());
            VirtualChannel channel = workspace.getChannel();
            if (channel == null) {
                throw new AbortException(call.stepName() + " cannot reach the agent of " + workspace + ": it is offline.");
            }
            settings = settings.forDisruption(call.stepName(), login, channel.export(RunLock.class, new BuildLock(run)));
        }
        if (call.disruptive() || call.settles() != null) {
            VirtualChannel channel = workspace.getChannel();
            if (channel != null) {
                // the ledgers live on the controller, shared by every job; the agent claims and settles through them
                settings = settings.withLedger(channel.export(RunLedger.class, new ControllerLedgers()));
            }
        }
        boolean audited = call.audited() || call.disruptive();
        FilePath tmp = WorkspaceList.tempDir(workspace);
        if (tmp == null) {
            throw new AbortException(call.stepName() + " cannot use the workspace " + workspace + " for its snapshots.");
        }
        tmp.mkdirs();
        FilePath scratch = scratchName == null ? tmp.createTempDir("switch-upgrade", "") : tmp.child(scratchName);
        if (scratchName != null && !keepScratch) {
            scratch.deleteRecursive();
        }
        scratch.mkdirs();
        // the build's audit trail is locked only while it is copied out and while the call's events are joined in,
        // not for the whole call: a parallel branch's short step must not wait for an ISSU to end
        ReentrantLock auditLock = audited ? AUDIT_LOCKS.computeIfAbsent(run, r -> new ReentrantLock()) : null;
        List<AuditEvent> copiedAudit = List.of();
        Outcome outcome = null;
        try {
            List<String> reads = new ArrayList<>(call.reads());
            copyArchived(run, reads, scratch);
            if (auditLock != null) {
                auditLock.lockInterruptibly();
                try {
                    copyArchived(run, List.of(AUDIT_FILE), scratch);
                    copiedAudit = auditOf(scratch);
                } finally {
                    auditLock.unlock();
                }
            }

            outcome = scratch.act(new OnAgent(settings, listener, call, audited));
            if (outcome.error != null) {
                throw new FacadeFailure(call.stepName() + ": " + outcome.error, outcome.commandsMayHaveBeenSent);
            }
            return outcome.result;
        } finally {
            try {
                // also when the call threw (an abort, a stop, a lost agent): the audit events and snapshots it wrote
                // until then are the evidence of what reached the switch
                if (auditLock != null) {
                    auditLock.lock();
                    try {
                        joinAudit(run, scratch, copiedAudit);
                        archive(run, scratch, launcher, listener, outcome);
                    } finally {
                        auditLock.unlock();
                    }
                } else {
                    archive(run, scratch, launcher, listener, outcome);
                }
            } finally {
                try {
                    if (!keepScratch) {
                        scratch.deleteRecursive();
                    }
                } catch (IOException | InterruptedException e) {
                    LOGGER.log(Level.FINE, "could not delete " + scratch, e);
                }
            }
        }
    }

    /** The audit events in the scratch directory's copy of the trail; none when it has no copy. */
    private static List<AuditEvent> auditOf(FilePath scratch) throws IOException, InterruptedException {
        FilePath file = scratch.child(AUDIT_FILE);
        return file.exists() ? AuditTrail.parse(file.readToString(), AUDIT_FILE) : List.of();
    }

    /**
     * Makes the scratch copy of the trail the build's trail as it is now (other calls may have joined theirs while
     * this one ran) followed by this call's own events, numbered on after it. Never throws: the archive step logs.
     */
    private static void joinAudit(Run<?, ?> run, FilePath scratch, List<AuditEvent> copied) {
        try {
            List<AuditEvent> mine = auditOf(scratch);
            if (mine.size() <= copied.size()) {
                return;
            }
            VirtualFile archived = run.getArtifactManager().root().child(AUDIT_FILE);
            String now = "";
            if (archived.isFile()) {
                try (InputStream in = archived.open()) {
                    now = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            List<AuditEvent> added = mine.subList(copied.size(), mine.size());
            String base = now.isEmpty() || now.endsWith("\n") ? now : now + "\n";
            scratch.child(AUDIT_FILE).write(base + AuditTrail.appendAfter(AuditTrail.parse(now, AUDIT_FILE), added),
                    StandardCharsets.UTF_8.name());
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOGGER.log(Level.WARNING, "could not join the audit events of " + scratch + " to those of " + run, e);
        }
    }

    /**
     * Archives what the call saved, as its outcome lists it; without an outcome (the call threw) whatever evidence
     * the scratch directory holds. Never throws: a failure to archive is logged, the call's own error stands.
     */
    private static void archive(Run<?, ?> run, FilePath scratch, Launcher launcher, TaskListener listener,
            @CheckForNull Outcome outcome) {
        try {
            List<String> archive;
            if (outcome != null) {
                archive = new ArrayList<>(outcome.saved);
                if (outcome.auditChanged) {
                    archive.add(AUDIT_FILE);
                }
            } else {
                archive = evidenceIn(scratch);
            }
            if (!archive.isEmpty()) {
                Map<String, String> files = new LinkedHashMap<>();
                archive.forEach(path -> files.put(path, path));
                run.pickArtifactManager().archive(scratch, launcher, new BuildListenerAdapter(listener), files);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOGGER.log(Level.WARNING, "could not archive the evidence in " + scratch + " of " + run, e);
            listener.getLogger().println("WARNING: the audit events and snapshots in " + scratch.getRemote()
                    + " could not be archived with the build (" + e + ")");
        }
    }

    /** The audit trail, snapshots and reports in a scratch directory, relative to it. */
    private static List<String> evidenceIn(FilePath scratch) throws IOException, InterruptedException {
        List<String> found = new ArrayList<>();
        if (!scratch.isDirectory()) {
            return found;
        }
        for (FilePath file : scratch.list("**/*")) {
            String path = file.getRemote().substring(scratch.getRemote().length() + 1).replace('\\', '/');
            if (path.equals(AUDIT_FILE) || path.startsWith("switch-upgrade/") || path.startsWith("report.")) {
                found.add(path);
            }
        }
        return found;
    }

    private static void copyArchived(Run<?, ?> run, List<String> paths, FilePath scratch)
            throws IOException, InterruptedException {
        VirtualFile root = run.getArtifactManager().root();
        for (String path : paths) {
            VirtualFile archived = root.child(path);
            if (archived.isFile()) {
                FilePath target = scratch.child(path);
                if (target.exists() && target.length() == archived.length()) {
                    // a kept scratch directory holds it already (the audit trail only grows)
                    continue;
                }
                FilePath parent = target.getParent();
                if (parent != null) { // a child of the scratch directory always has one
                    parent.mkdirs();
                }
                try (InputStream in = archived.open()) {
                    target.copyFrom(in);
                }
            }
        }
    }

    private static final class Outcome implements Serializable {
        private static final long serialVersionUID = 2L;
        private final FacadeResult result;
        private final String error;
        private final boolean commandsMayHaveBeenSent;
        private final List<String> saved;
        private final boolean auditChanged;

        Outcome(@CheckForNull FacadeResult result, @CheckForNull String error, boolean commandsMayHaveBeenSent,
                List<String> saved, boolean auditChanged) {
            this.result = result;
            this.error = error;
            this.commandsMayHaveBeenSent = commandsMayHaveBeenSent;
            this.saved = saved;
            this.auditChanged = auditChanged;
        }
    }

    private static final class OnAgent extends MasterToSlaveFileCallable<Outcome> {
        private static final long serialVersionUID = 2L;
        private final EngineSettings settings;
        private final TaskListener listener;
        private final FacadeCall call;
        private final boolean audited;

        OnAgent(EngineSettings settings, TaskListener listener, FacadeCall call, boolean audited) {
            this.settings = settings;
            this.listener = listener;
            this.call = call;
            this.audited = audited;
        }

        @Override
        public Outcome invoke(File scratch, VirtualChannel channel) throws IOException {
            RecordingArtifactStore store = new RecordingArtifactStore(new DirectoryArtifactStore(scratch.toPath()));
            Path audit = audited ? scratch.toPath().resolve(AUDIT_FILE) : null;
            long auditBefore = size(audit);
            try {
                Switch located = null;
                String datacenter = call.datacenter();
                if (settings.isDisruptive()) {
                    if (call.target() != null) {
                        StepContext readOnly = settings.engineContext(listener, store, null, null, null);
                        located = readOnly.fleetReader().locate(call.target()).orElse(null);
                        if (located == null) {
                            return failed("Prometheus at " + readOnly.prometheus().url() + " does not know switch '"
                                    + call.target() + "'; nothing was sent. Check the name: it must be the switch's"
                                    + " label value in Prometheus, as pickCandidate returns it.", false, store, audit,
                                    auditBefore);
                        }
                        datacenter = located.datacenter();
                    }
                    RunLock lock = settings.lock();
                    if (datacenter == null || lock == null) {
                        return failed("the data center of the switches is not known, so its lock cannot be checked;"
                                + " nothing was sent.", false, store, audit, auditBefore);
                    }
                    lock.require(datacenter, call.stepName());
                } else if (settings.hasLedger() && call.settles() != null) {
                    StepContext readOnly = settings.engineContext(listener, store, null, null, null);
                    datacenter = readOnly.fleetReader().locate(call.settles()).map(Switch::datacenter).orElse(null);
                }
                StepContext engine = settings.engineContext(listener, store, audit, datacenter, null);
                FacadeResult result = call.call(engine, located);
                return new Outcome(result, null, false, store.saved(), size(audit) != auditBefore);
            } catch (AbortException e) {
                // the lock refusal, with the Jenkinsfile line to add
                return failed(e.getMessage(), false, store, audit, auditBefore);
            } catch (SafetyException e) {
                return failed(e.getMessage(), !e.nothingSent(), store, audit, auditBefore);
            } catch (IllegalArgumentException e) {
                // wrong arguments or configuration: refused before anything was sent
                return failed(e.getMessage(), false, store, audit, auditBefore);
            } catch (LedgerBlockedException e) {
                // the data center's ledger refused: a failed switch to acknowledge, or another one in flight
                return failed(e.getMessage(), false, store, audit, auditBefore);
            } catch (IllegalStateException | UncheckedIOException | PrometheusException | AwaitException
                    | AuditException | AlertmanagerException e) {
                // the engine's messages say what was expected, what was seen and what to do
                return failed(e.getMessage(), call.disruptive(), store, audit, auditBefore);
            }
        }

        private static Outcome failed(String message, boolean commandsMayHaveBeenSent, RecordingArtifactStore store,
                @CheckForNull Path audit, long auditBefore) throws IOException {
            return new Outcome(null, message, commandsMayHaveBeenSent, store.saved(), size(audit) != auditBefore);
        }

        private static long size(@CheckForNull Path file) throws IOException {
            return file != null && Files.exists(file) ? Files.size(file) : -1;
        }
    }
}
