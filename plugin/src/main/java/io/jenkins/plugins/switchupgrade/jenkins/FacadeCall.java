package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import java.io.Serializable;
import java.util.List;

/**
 * One engine facade call with its arguments, sent to the agent. Implementations are small
 * serializable classes (not lambdas, which remoting handles poorly) holding only step arguments.
 */
interface FacadeCall extends Serializable {

    /** The Pipeline step name, for messages. */
    String stepName();

    /** Artifacts of this build the facade may read, copied next to it before the call. */
    default List<String> reads() {
        return List.of();
    }

    /**
     * Whether the call records audit events: it then continues this build's {@code audit.jsonl} (and the webhook),
     * and gets the alert silencer.
     */
    default boolean audited() {
        return false;
    }

    /**
     * Whether the call may send disruptive commands to switches: it then needs the build to hold the data center's
     * lockable resource, and gets the SSH login and the lock. Disruptive calls are audited.
     */
    default boolean disruptive() {
        return false;
    }

    /**
     * For a disruptive call, the switch it disrupts: located in Prometheus before the call to find its data
     * center's lock, and handed to {@link #call}. {@code null} when the call names its data center itself.
     */
    default @CheckForNull String target() {
        return null;
    }

    /**
     * The switch whose outcome this call may record in its data center's ledger (diffMetrics, awaitExporter); its
     * data center is looked up in Prometheus. {@code null} for calls that record no outcome of their own.
     */
    default @CheckForNull String settles() {
        return null;
    }

    /** For a disruptive call about a whole data center, that data center. */
    default @CheckForNull String datacenter() {
        return null;
    }

    /** For a disruptive call, the step's SSH credentials ID; {@code null} for the global default. */
    default @CheckForNull String credentialsId() {
        return null;
    }

    /**
     * Runs the facade.
     *
     * @param located the switch of {@link #target()} as Prometheus knows it, for disruptive calls; else {@code null}
     * @return the step's result through the engine's codec, with the rows the engine made for the build page
     */
    FacadeResult call(StepContext engine, @CheckForNull Switch located);
}
