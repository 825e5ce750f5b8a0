package io.jenkins.plugins.switchupgrade.core;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;

import java.util.Objects;

/**
 * Everything the disruption of one switch needs, present by construction: its driver, its SSH target, the audit
 * trail and the silencer ({@link AlertSilencer#disabled()} when silencing is switched off explicitly). Built once,
 * right before anything is sent; a host that lacks a part is refused here, with what to configure, and nothing is
 * touched.
 */
public record DisruptionContext(StepContext steps, Switch target, SwitchDriver driver, SshTarget ssh,
                                AuditTrail audit, AlertSilencer silencer) {
    public DisruptionContext {
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(ssh, "ssh");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(silencer, "silencer");
    }

    /** The disruption context of {@code target}, or a refusal saying which part the host did not configure. */
    public static DisruptionContext of(StepContext context, Switch target) {
        String name = target.name();
        SwitchDriver driver = context.driver(target.platform()).orElseThrow(() -> refused(name, "no driver for "
                + "platform '" + target.platform() + "'; this host knows how to upgrade: cumulus, aos"));
        SshTarget ssh = context.sshTargets().map(f -> f.apply(target)).orElseThrow(() -> refused(name,
                "no SSH target is configured (user, key, known_hosts)"));
        AuditTrail audit = context.audit().orElseThrow(() -> refused(name, "no audit trail is configured"));
        AlertSilencer silencer = context.silencer().orElseThrow(() -> refused(name, "no Alertmanager is configured; "
                + "give its URL, or switch silencing off explicitly"));
        return new DisruptionContext(context, target, driver, ssh, audit, silencer);
    }

    static SafetyException refused(String name, String why) {
        return SafetyException.nothingSent(name + " was not touched: " + why);
    }
}
