package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.core.SafetyException;

import io.jenkins.plugins.switchupgrade.drivers.SwitchConfiguration;
import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;
import io.jenkins.plugins.switchupgrade.core.StepContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configuration evidence of one round: each switch's configuration saved before its disruption beside
 * pre.json ({@code config-pre.json}), read again after its return ({@code config-post.json}) and compared
 * ({@code config-diff.json}). Cumulus: NVUE's JSON or the configuration files; an AOS virtual chassis:
 * {@code vcboot.cfg} and {@code vcsetup.cfg} from the directory it runs from (ISSU moves it to the image directory).
 */
final class RoundConfig {
    private final StepContext context;
    private final ConfigCheck check;
    private final ConfigEvidence evidence;
    private final Map<String, Map<String, String>> before = new ConcurrentHashMap<>();

    RoundConfig(StepContext context, ConfigCheck check) {
        this.context = context;
        this.check = check;
        this.evidence = new ConfigEvidence(check.ignoredKeys());
    }

    /** The configuration as the switch's driver reads it; empty when the check is off or the platform has none. */
    private Optional<SwitchConfiguration> read(Switch target) throws DriverException {
        if (!check.enabled()) {
            return Optional.empty();
        }
        // the round's own driver, so that the site's prompt and link apply to the evidence as to the disruption
        Optional<SwitchDriver> driver = context.driver(target.platform());
        return driver.isEmpty() ? Optional.empty() : driver.get().configurationEvidence(ssh(target));
    }

    /** Saves the configuration before the disruption; empty when saved (or not applicable), else why it could not be. */
    Optional<String> before(Switch target) {
        try {
            Optional<SwitchConfiguration> evidence = read(target);
            if (evidence.isEmpty()) {
                return Optional.empty();
            }
            SwitchConfiguration read = evidence.get();
            save(target, "config-pre.json", read);
            before.put(target.name(), ConfigEvidence.flatten(read));
            context.console().log(target.name() + ": configuration saved (" + read.format() + ", "
                    + String.join(", ", read.sources().keySet()) + ")");
            return Optional.empty();
        } catch (DriverException e) {
            return Optional.of("its configuration could not be saved before the disruption: " + e.getMessage());
        }
    }

    /** After the return: empty when the configuration is the one saved (ignored keys aside), else the differences. */
    Optional<String> after(Switch target) {
        Map<String, String> saved = before.get(target.name());
        if (saved == null) {
            return Optional.empty();
        }
        try {
            SwitchConfiguration read = read(target).orElseThrow(() -> DriverException.notTouched(target.name(),
                    target.name() + ": its configuration was saved before the disruption but its driver reads none "
                    + "now", null));
            save(target, "config-post.json", read);
            List<ConfigEvidence.Difference> differences = evidence.compare(saved, ConfigEvidence.flatten(read));
            Map<String, Object> diff = new LinkedHashMap<>();
            diff.put("restored", differences.isEmpty());
            diff.put("ignoredKeys", evidence.ignoredKeys());
            diff.put("differences", differences.stream().map(d -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", d.key());
                m.put("before", d.before());
                m.put("after", d.after());
                return m;
            }).toList());
            context.artifacts().save(ArtifactStore.switchFile(target.name(), "config-diff.json"), Json.pretty(diff));
            if (differences.isEmpty()) {
                context.console().log(target.name() + ": configuration restored (equal to the one saved, "
                        + evidence.ignoredKeys().size() + " ignored key pattern(s))");
                return Optional.empty();
            }
            List<String> shown = differences.stream().limit(5).map(ConfigEvidence.Difference::toString).toList();
            return Optional.of(differences.size() + " difference(s) from the configuration saved before: "
                    + String.join("; ", shown) + (differences.size() > shown.size() ? "; ..." : "")
                    + " (all in config-diff.json)");
        } catch (DriverException e) {
            return Optional.of("its configuration could not be read after the return: " + e.getMessage());
        }
    }

    private void save(Switch target, String file, SwitchConfiguration read) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("switch", target.name());
        doc.put("format", read.format());
        doc.put("sources", read.sources());
        context.artifacts().save(ArtifactStore.switchFile(target.name(), file), Json.pretty(doc));
    }

    private io.jenkins.plugins.switchupgrade.ssh.SshTarget ssh(Switch target) {
        return context.sshTargets().orElseThrow(() -> SafetyException.nothingSent("reading the configuration of "
                + target.name() + " needs SSH targets")).apply(target);
    }
}
