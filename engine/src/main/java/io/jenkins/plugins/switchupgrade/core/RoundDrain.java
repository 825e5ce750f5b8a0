package io.jenkins.plugins.switchupgrade.core;

import io.jenkins.plugins.switchupgrade.audit.AuditException;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.drivers.SwitchDrain;
import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.metrics.PromQl;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusException;
import io.jenkins.plugins.switchupgrade.metrics.Sample;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import io.jenkins.plugins.switchupgrade.core.StepContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The drain around one switch's disruption: drain it (Cumulus: BGP graceful shutdown; AOS: none, ISSU is in
 * service), prove from Prometheus that its traffic fell below the threshold and its sibling's rose, and undrain
 * it when the traffic did not move, when the round stops after the drain, or when it comes back still drained.
 * Used by the round and by the {@code reprovisionSwitch} step.
 */
public final class RoundDrain {
    private final StepContext context;
    private final DrainSettings settings;
    private final AuditTrail audit;
    private final Set<String> drained = Collections.synchronizedSet(new HashSet<>());

    public RoundDrain(StepContext context, DrainSettings settings, AuditTrail audit) {
        this.context = context;
        this.settings = settings;
        this.audit = audit;
    }

    /**
     * Drains {@code target} and waits until its traffic moved to {@code siblings}; empty when it did (or when no
     * drain applies), else why not, with the figures, after the switch was undrained again.
     */
    public Optional<String> drainAndProve(Switch target, List<String> siblings) throws AuditException {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        Optional<SwitchDrain> drain = drainOf(target);
        if (drain.isEmpty()) {
            context.console().log(target.name() + ": no drain on " + target.platform() + " (" + context.driver(target
                    .platform()).map(SwitchDriver::withoutDrain).orElse("no driver for it") + ")");
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        names.add(target.name());
        names.addAll(siblings);
        Map<String, Double> before;
        try {
            before = rates(names);
        } catch (PrometheusException e) {
            return Optional.of("the traffic before the drain could not be read, so no drain was sent: " + e.getMessage());
        }
        if (!before.containsKey(target.name())) {
            return Optional.of("Prometheus has no traffic series of " + target.name() + " (" + settings.trafficQuery()
                    + "), so the drain could not be proven and none was sent");
        }
        SshTarget ssh = ssh(target);
        try {
            drain.get().drain(ssh);
        } catch (DriverException e) {
            undrainQuietly(target, "the drain failed");
            return Optional.of("the drain failed: " + e.getMessage());
        }
        drained.add(target.name());
        audit.record(AuditKind.DRAINED, target.name(), drain.get().description() + " on; waiting up to "
                + settings.within().toSeconds() + " s for its traffic to move to " + String.join(" ", siblings),
                Map.of("command", drain.get().drainCommand(), "trafficBefore", before));
        context.console().log(target.name() + ": drained (" + drain.get().description() + "); waiting for its "
                + "traffic to move to " + String.join(" ", siblings));
        double candidateBefore = before.get(target.name());
        double siblingsBefore = sum(before, siblings);
        Instant deadline = context.clock().instant().plus(settings.within());
        Map<String, Double> now = before;
        while (true) {
            try {
                now = rates(names);
            } catch (PrometheusException e) {
                context.console().log(target.name() + ": traffic could not be read (" + e.getMessage() + "), retrying");
            }
            double candidate = now.getOrDefault(target.name(), Double.NaN);
            double siblingsNow = sum(now, siblings);
            // the sibling must take at least half of what the candidate shed, so that scrape jitter proves nothing
            if (candidateBefore <= 0 || (candidate <= settings.threshold() * candidateBefore
                    && siblingsNow - siblingsBefore >= (candidateBefore - candidate) / 2)) {
                context.console().log(target.name() + ": traffic moved: " + figures(target.name(), candidateBefore,
                        candidate, siblings, siblingsBefore, siblingsNow));
                return Optional.empty();
            }
            if (!context.clock().instant().isBefore(deadline)) {
                String why = "traffic did not move within " + settings.within().toSeconds() + " s of the drain: "
                        + figures(target.name(), candidateBefore, candidate, siblings, siblingsBefore, siblingsNow)
                        + "; the switch was undrained and nothing else was sent";
                undrainQuietly(target, why);
                return Optional.of(why);
            }
            try {
                context.sleeper().sleep(Duration.ofMillis(500));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                undrainQuietly(target, "interrupted while waiting for the traffic to move");
                return Optional.of("interrupted while waiting for the traffic to move; the switch was undrained");
            }
        }
    }

    /**
     * After a passing diff: a re-provisioned switch returns with ZTP's configuration and so undrained; this reads
     * the drain state instead of assuming it, and undrains when the drain survived.
     */
    public void afterReturn(Switch target) throws AuditException {
        Optional<SwitchDrain> drain = drainOf(target);
        if (!drained.contains(target.name()) || drain.isEmpty()) {
            return;
        }
        try {
            if (drain.get().isDrained(ssh(target))) {
                drain.get().undrain(ssh(target));
                drained.remove(target.name());
                audit.record(AuditKind.UNDRAINED, target.name(), "the drain survived the disruption; "
                        + drain.get().description() + " removed", Map.of("command", drain.get().undrainCommand()));
            } else {
                drained.remove(target.name());
                audit.record(AuditKind.UNDRAINED, target.name(), "came back without graceful shutdown (the "
                        + "re-provisioned configuration carries none); nothing to undo");
            }
        } catch (DriverException e) {
            throw SafetyException.afterSending(target.name() + " is back but its drain state could not be checked "
                    + "or removed: " + e.getMessage(), e);
        }
    }

    /** Undrains {@code target} if this round drained it and has not undrained it; failures are only logged. */
    public void undrainQuietly(Switch target, String why) {
        Optional<SwitchDrain> drain = drainOf(target);
        if (!settings.enabled() || drain.isEmpty()) {
            return;
        }
        try {
            SshTarget ssh = ssh(target);
            if (drain.get().isDrained(ssh)) {
                drain.get().undrain(ssh);
                audit.record(AuditKind.UNDRAINED, target.name(), "undrained because " + why,
                        Map.of("command", drain.get().undrainCommand()));
            }
            drained.remove(target.name());
        } catch (DriverException | RuntimeException e) {
            context.console().log("WARNING: " + target.name() + " may still be drained (BGP graceful shutdown): "
                    + e.getMessage() + "; remove it by hand with vtysh 'no bgp graceful-shutdown'");
        }
    }

    /** Whether this round drained {@code name} and has not undrained it. */
    public boolean isDrained(String name) {
        return drained.contains(name);
    }

    /** The drain of the switch's platform, as its driver gives it. */
    private Optional<SwitchDrain> drainOf(Switch target) {
        return context.driver(target.platform()).flatMap(SwitchDriver::drain);
    }

    private SshTarget ssh(Switch target) {
        return context.sshTargets().orElseThrow(() -> SafetyException.nothingSent("draining " + target.name()
                + " needs SSH targets")).apply(target);
    }

    private Map<String, Double> rates(List<String> names) {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (Sample s : context.prometheus().query(PromQl.fill(settings.trafficQuery(),
                Map.of("switches", PromQl.alternation(names))))) {
            if (!Double.isNaN(s.value())) {
                rates.put(s.label(context.profile().switchLabel()), s.value());
            }
        }
        return rates;
    }

    private static double sum(Map<String, Double> rates, List<String> names) {
        return names.stream().mapToDouble(n -> rates.getOrDefault(n, 0.0)).sum();
    }

    private String figures(String name, double before, double after, List<String> siblings, double sibBefore,
                           double sibAfter) {
        return String.format(Locale.ROOT, "%s %s -> %s (must fall to %s or less), %s %s -> %s (must rise by half of "
                + "what %s shed)", name, rate(before), rate(after), rate(settings.threshold() * before),
                String.join("+", siblings), rate(sibBefore), rate(sibAfter), name);
    }

    private static String rate(double bytesPerSecond) {
        if (Double.isNaN(bytesPerSecond)) {
            return "no data";
        }
        return String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / 1_000_000.0);
    }
}
