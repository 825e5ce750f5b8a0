package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.core.StepContext;

import io.jenkins.plugins.switchupgrade.audit.AuditException;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.core.DrainSettings;
import io.jenkins.plugins.switchupgrade.core.RoundDrain;
import io.jenkins.plugins.switchupgrade.core.SafeDisruption;
import io.jenkins.plugins.switchupgrade.core.SafetyException;
import io.jenkins.plugins.switchupgrade.core.SwitchMemory;
import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.lifecycle.Disrupted;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code reprovisionSwitch} step: re-provisions a validated switch through ONIE ({@code onie-select -i -f}, then
 * {@code reboot}) or a site's own {@code command}, after the lock, the validation, the silence and the audit event
 * are all in place; with {@code drain}, after the switch was drained and its traffic proven moved to its siblings.
 * Result: the {@link Disrupted} switch with its {@link io.jenkins.plugins.switchupgrade.lifecycle.Ticket} (at the
 * Pipeline's edge {@code switch, silenceId, commands, versionBefore, drained, await}; hand {@code await} and
 * {@code silenceId} to awaitExporter).
 */
public final class ReprovisionSwitch {
    private final StepContext context;

    public ReprovisionSwitch(StepContext context) {
        this.context = context;
    }

    public Disrupted run(Request request) {
        if (request.target == null || request.target.isBlank()) {
            throw new IllegalArgumentException("reprovisionSwitch needs target: the switch to re-provision");
        }
        Switch target = context.fleetReader().locate(request.target).orElseThrow(() -> new IllegalArgumentException(
                "Prometheus at " + context.prometheus().url() + " does not know switch '" + request.target
                        + "'; nothing was sent"));
        boolean validated = validationPassed(request.target);
        StepContext effective = request.command == null || request.command.isBlank() ? context
                : context.withDriver(CumulusOnie.builder().siteCommand(request.command).build());
        RoundDrain drain = null;
        SwitchMemory.Plan plan = new SwitchMemory.Plan(null, "", request.parallelRacks, "", null);
        String why = request.reason == null ? "re-provision " + target.name() : request.reason;
        // an unvalidated switch is refused by start() below; it is not drained first
        if (request.drain.enabled() && validated) {
            // a drain changes the switch: only under the lock, and only when the data center's ledger lets it go
            if (!context.lock().isHeld()) {
                throw SafetyException.nothingSent(target.name() + " was not touched (not drained): the fleet lock "
                        + context.lock().name() + " is not held");
            }
            try {
                SwitchMemory.check(context, target, plan, why);
            } catch (RuntimeException e) {
                throw SafetyException.nothingSent(target.name() + " was not touched (not drained): "
                        + e.getMessage(), e);
            }
            AuditTrail audit = context.audit().orElseThrow(() -> SafetyException.nothingSent("reprovisionSwitch "
                    + "with drain needs the audit trail (drained and undrained are recorded); nothing was sent"));
            drain = new RoundDrain(context, request.drain, audit);
            Optional<String> notMoved;
            try {
                notMoved = drain.drainAndProve(target, siblingsValidated(target.name()));
            } catch (AuditException e) {
                drain.undrainQuietly(target, "the audit trail refused the drained event");
                throw SafetyException.nothingSent("not touched: the audit trail refused the drained event: "
                        + e.getMessage(), e);
            }
            if (notMoved.isPresent()) {
                context.console().log("FAILED: " + target.name() + ": " + notMoved.get());
                try {
                    audit.record(AuditKind.OUTCOME, target.name(), "failed: not touched: " + notMoved.get());
                } catch (AuditException e) {
                    context.console().log("WARNING: the outcome could not be recorded: " + e.getMessage());
                }
                throw SafetyException.nothingSent(target.name() + ": not touched: " + notMoved.get());
            }
        }
        Disrupted started;
        try {
            started = new SafeDisruption(effective, Duration.ofMinutes(request.silenceMinutes)).plan(plan)
                    .start(target, validated, why);
        } catch (RuntimeException e) {
            if (drain != null && drain.isDrained(target.name())) {
                drain.undrainQuietly(target, "the re-provisioning was not sent: " + e.getMessage());
            }
            if (e instanceof SafetyException && e.getCause() instanceof DriverException) {
                // the switch itself failed (after its claim): the data center waits for a person
                SwitchMemory.settled(context, target.name(), false, e.getMessage());
            }
            throw e;
        }
        // a re-provisioned switch returns with ZTP's configuration, which carries no graceful shutdown
        return started.withDrained(drain != null && drain.isDrained(target.name()));
    }

    /** The validation this build recorded for the switch (validateSibling's validation.json) passed. */
    private boolean validationPassed(String name) {
        String path = ArtifactStore.switchFile(name, "validation.json");
        return context.artifacts().read(path)
                .map(text -> Boolean.TRUE.equals(Json.parseObject(text, path).get("passed")))
                .orElse(false);
    }

    /** The siblings this build's validateSibling compared the switch with (its validation.json). */
    private List<String> siblingsValidated(String name) {
        String path = ArtifactStore.switchFile(name, "validation.json");
        Object siblings = context.artifacts().read(path).map(text -> Json.parseObject(text, path).get("siblings"))
                .orElse(null);
        if (!(siblings instanceof List<?> list) || list.isEmpty()) {
            throw SafetyException.nothingSent(name + ": the drain needs the siblings the traffic moves to, and this "
                    + "build's validation (" + path + ") names none; nothing was sent");
        }
        return list.stream().map(String::valueOf).toList();
    }

    /** The step's arguments, named as in the Pipeline. */
    public static final class Request {
        private String target;
        private String command;
        private int silenceMinutes = 60;
        private String reason;
        private int parallelRacks = 1;
        private DrainSettings drain = DrainSettings.off();

        public Request target(String target) {
            this.target = target;
            return this;
        }

        /** A site's own re-provisioning command instead of onie-select and reboot, e.g. the seed's wrapper. */
        public Request command(String command) {
            this.command = command;
            return this;
        }

        public Request silenceMinutes(int minutes) {
            if (minutes < 1) {
                throw new IllegalArgumentException("silenceMinutes must be 1 or more, was " + minutes);
            }
            this.silenceMinutes = minutes;
            return this;
        }

        /**
         * How many switches of the data center may be in flight at once, across every build (1, the default: one
         * at a time); never two of one rack, whatever this says.
         */
        public Request parallelRacks(int racks) {
            if (racks < 1 || racks > 64) {
                throw new IllegalArgumentException("parallelRacks must be within 1..64, was " + racks);
            }
            this.parallelRacks = racks;
            return this;
        }

        /**
         * Drain the switch before the command and prove that its traffic moved to its siblings (Cumulus: BGP graceful
         * shutdown); when it did not, the switch is undrained and nothing else is sent. Null: no drain.
         */
        public Request drain(DrainSettings drain) {
            this.drain = drain == null ? DrainSettings.off() : drain;
            return this;
        }

        public Request reason(String reason) {
            this.reason = reason;
            return this;
        }
    }
}
