package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.springframework.security.core.Authentication;

/**
 * A long step that works in a background thread and survives a controller restart: the subclass keeps in its
 * (persisted) fields only the step's arguments and how far it has come, {@link #work()} goes on from there after
 * {@link #onResume()}, {@link #stop} cancels the work and runs {@link #cleanUpAfterStop}. Modelled on
 * workflow-basic-steps' {@code SleepStep} and workflow-step-api's {@code GeneralNonBlockingStepExecution}.
 */
abstract class ResumableStepExecution extends StepExecution {

    private static final long serialVersionUID = 1L;

    private static final Logger LOGGER = Logger.getLogger(ResumableStepExecution.class.getName());

    private static ExecutorService executor;

    private static final long STOP_WAIT_SECONDS = 60;

    // the work in progress, interrupted when Jenkins shuts down; it goes on from the persisted fields after the restart
    private static final Set<ResumableStepExecution> WORKING = ConcurrentHashMap.newKeySet();

    private transient volatile Future<?> task;
    // counted down when the background work has ended (and the agent call archived what it recorded)
    private transient volatile CountDownLatch ended;
    private transient volatile Throwable stopCause;

    ResumableStepExecution(StepContext context) {
        super(context);
    }

    /**
     * Does (or goes on with) the step's work in a background thread, from the persisted fields only, and returns the
     * step's result. Thrown exceptions fail the step.
     */
    protected abstract Object work() throws Exception;

    /** Called on the CPS VM thread before the work starts; may fail the step at once by throwing. */
    protected void begin() throws Exception {}

    /** After a stop, undoes what must not outlive the step (e.g. expires a silence); runs in the background. */
    protected void cleanUpAfterStop(@NonNull Throwable cause) throws Exception {}

    @Override
    public final boolean start() throws Exception {
        begin();
        inBackground();
        return false;
    }

    /** Re-arms the work after a restart; subclasses that must not simply go on override this. */
    @Override
    public void onResume() {
        inBackground();
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        stopCause = cause;
        Future<?> running = task;
        if (running != null) {
            running.cancel(true);
        }
        CountDownLatch working = ended;
        executor().submit(() -> {
            try {
                // the interrupted work first ends and archives its evidence (e.g. the silence it created), so that
                // the clean-up sees it; bounded, as work that ignores the interrupt must not hold the stop forever
                if (working != null && !working.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    LOGGER.log(Level.WARNING, "the work of " + getContext() + " did not end within "
                            + STOP_WAIT_SECONDS + " s of the stop; cleaning up anyway");
                }
                cleanUpAfterStop(cause);
            } catch (Exception | LinkageError e) {
                LOGGER.log(Level.WARNING, "cleaning up after stopping " + getContext(), e);
                listener().getLogger().println("WARNING: " + e.getMessage());
            } finally {
                getContext().onFailure(cause);
            }
        });
    }

    /** Whether {@link #stop} was called; the work then ends without reporting. */
    protected final boolean isStopping() {
        return stopCause != null;
    }

    /** The build log, or a sink when it cannot be had (e.g. while the build is being loaded). */
    protected final @NonNull TaskListener listener() {
        try {
            TaskListener listener = getContext().get(TaskListener.class);
            return listener == null ? TaskListener.NULL : listener;
        } catch (Exception e) {
            LOGGER.log(Level.FINE, "no build log for " + getContext(), e);
            return TaskListener.NULL;
        }
    }

    private void inBackground() {
        Authentication auth = Jenkins.getAuthentication2();
        WORKING.add(this);
        CountDownLatch done = new CountDownLatch(1);
        ended = done;
        task = executor().submit(() -> {
            try (ACLContext ignored = ACL.as2(auth)) {
                Object result = work();
                if (stopCause == null && !shuttingDown()) {
                    getContext().onSuccess(result);
                }
            } catch (Throwable x) {
                report(x);
            } finally {
                task = null;
                WORKING.remove(this);
                done.countDown();
            }
        });
    }

    private void report(@CheckForNull Throwable failure) {
        if (shuttingDown()) {
            // not a failure: the step goes on after the restart
            LOGGER.log(Level.FINE, "interrupted by the shutdown of Jenkins", failure);
        } else if (stopCause == null) {
            getContext().onFailure(failure);
        } else if (failure != null && failure != stopCause) {
            LOGGER.log(Level.FINE, "after the step was stopped", failure);
        }
    }

    /** Whether Jenkins is shutting down, so that the work must end without a result. */
    protected static boolean shuttingDown() {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        // Jenkins.cleanUp runs the @Terminator methods before isTerminating() turns true: the work interrupted
        // there must already see the shutdown (the controller, not a JVM: a restarted one in the same JVM runs on)
        return jenkins == null || jenkins.isTerminating() || jenkins == shutDownBy;
    }

    private static volatile Jenkins shutDownBy;

    /** Ends the background work when Jenkins shuts down, without reporting anything: it resumes after the restart. */
    static void interruptOnShutdown() {
        shutDownBy = Jenkins.getInstanceOrNull();
        for (ResumableStepExecution execution : WORKING) {
            Future<?> running = execution.task;
            if (running != null) {
                running.cancel(true);
            }
        }
    }

    private static synchronized ExecutorService executor() {
        if (executor == null) {
            executor = Executors.newCachedThreadPool(new NamingThreadFactory(
                    new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), "switch-upgrade steps"));
        }
        return executor;
    }
}
