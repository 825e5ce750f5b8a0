package io.jenkins.plugins.switchupgrade.steps;

import io.jenkins.plugins.switchupgrade.campaign.SafeDisruption;
import io.jenkins.plugins.switchupgrade.campaign.SafetyException;
import io.jenkins.plugins.switchupgrade.campaign.SwitchMemory;
import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code reprovisionSwitch} step: re-provisions a validated switch through ONIE ({@code onie-select -i -f}, then
 * {@code reboot}) or a site's own {@code command}, after the lock, the validation, the silence and the audit event
 * are all in place. Result: {@code switch, silenceId, commands, versionBefore, await} (hand {@code await} and
 * {@code silenceId} to awaitExporter).
 */
public final class ReprovisionSwitch {
    private final StepContext context;

    public ReprovisionSwitch(StepContext context) {
        this.context = context;
    }

    public Map<String, Object> run(Request request) {
        if (request.target == null || request.target.isBlank()) {
            throw new IllegalArgumentException("reprovisionSwitch needs target: the switch to re-provision");
        }
        Switch target = context.fleetReader().locate(request.target).orElseThrow(() -> new IllegalArgumentException(
                "Prometheus at " + context.prometheus().url() + " does not know switch '" + request.target
                        + "'; nothing was sent"));
        boolean validated = validationPassed(request.target);
        StepContext effective = request.command == null || request.command.isBlank() ? context
                : context.withDriver(CumulusOnie.builder().siteCommand(request.command).build());
        SafeDisruption.Started started;
        try {
            started = new SafeDisruption(effective, Duration.ofMinutes(request.silenceMinutes))
                    .plan(new SwitchMemory.Plan(null, "", request.parallelRacks, "", null))
                    .start(target, validated, request.reason == null ? "re-provision " + target.name() : request.reason);
        } catch (SafetyException e) {
            if (e.getCause() instanceof DriverException) {
                // the switch itself failed (after its claim): the data center waits for a person
                SwitchMemory.settled(context, target.name(), false, e.getMessage());
            }
            throw e;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("switch", target.name());
        result.put("silenceId", started.silence().isDisabled() ? null : started.silence().id());
        result.put("commands", started.disruption().commands());
        result.put("versionBefore", started.disruption().versionBefore());
        Map<String, Object> await = new LinkedHashMap<>(started.awaitState().toMap());
        // awaitExporter needs the address while the switch is down and Prometheus has no series of it
        await.put("address", target.address());
        result.put("await", await);
        return result;
    }

    /** The validation this build recorded for the switch (validateSibling's validation.json) passed. */
    private boolean validationPassed(String name) {
        String path = ArtifactStore.switchFile(name, "validation.json");
        return context.artifacts().read(path)
                .map(text -> Boolean.TRUE.equals(Json.parseObject(text, path).get("passed")))
                .orElse(false);
    }

    /** The step's arguments, named as in the Pipeline. */
    public static final class Request {
        private String target;
        private String command;
        private int silenceMinutes = 60;
        private String reason;
        private int parallelRacks = 1;

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

        public Request reason(String reason) {
            this.reason = reason;
            return this;
        }
    }
}
