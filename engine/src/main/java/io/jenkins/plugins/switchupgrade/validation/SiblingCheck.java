package io.jenkins.plugins.switchupgrade.validation;

import io.jenkins.plugins.switchupgrade.metrics.MetricDefinition;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.SiblingRule;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import io.jenkins.plugins.switchupgrade.ports.Console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's pre-upgrade rule: the candidate may go down when, for every compared metric, it carries no more than
 * its sibling (equal, or fewer BGP peers and links up) and both are healthy, so that no machine in the rack loses
 * connectivity. A candidate without a sibling, or with a metric missing on either side, fails.
 */
public final class SiblingCheck {
    private final MetricsProfile profile;
    private final Console console;

    public SiblingCheck(MetricsProfile profile, Console console) {
        this.profile = profile;
        this.console = console;
    }

    public Verdict check(Snapshot candidate, List<Snapshot> siblings) {
        List<String> siblingNames = siblings.stream().map(Snapshot::switchName).toList();
        console.log("Cross-checking switch metrics with sibling switch: " + candidate.switchName()
                + (siblingNames.isEmpty() ? " (none)" : " " + String.join(" ", siblingNames)));
        console.log(candidate.switchName() + ": ---- " + candidate.toSeedForm());
        for (Snapshot sibling : siblings) {
            console.log(sibling.switchName() + ": ---- " + sibling.toSeedForm());
        }
        List<MetricCheck> checks = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        if (siblings.isEmpty()) {
            reasons.add(candidate.switchName() + " has no sibling in Prometheus: nothing would carry its rack while it "
                    + "is down, so it is not upgraded automatically; check the rack's other switch or its metrics");
        }
        for (MetricDefinition metric : profile.metrics()) {
            for (Snapshot sibling : siblings) {
                MetricCheck check = compare(metric, candidate, sibling);
                checks.add(check);
                if (!check.passed() && !reasons.contains(check.reason())) {
                    reasons.add(check.reason());
                }
            }
            if (siblings.isEmpty()) {
                Double value = candidate.value(metric.name());
                if (value == null) {
                    reasons.add(missing(metric.name(), candidate.switchName()));
                }
            }
        }
        boolean passed = reasons.isEmpty();
        console.log(passed ? "Status: Pre upgrade validation passed!"
                : "Status: Pre upgrade validation failed: " + String.join("; ", reasons));
        Map<String, Snapshot> pre = new LinkedHashMap<>();
        pre.put(candidate.switchName(), candidate);
        siblings.forEach(s -> pre.put(s.switchName(), s));
        return new Verdict(candidate.switchName(), siblingNames, passed, checks, reasons, pre);
    }

    private static MetricCheck compare(MetricDefinition metric, Snapshot candidate, Snapshot sibling) {
        String name = metric.name();
        Double c = candidate.value(name);
        Double s = sibling.value(name);
        SiblingRule rule = metric.siblingRule();
        String ruleText = rule.toString();
        if (c == null || s == null) {
            String missingOn = c == null ? candidate.switchName() : sibling.switchName();
            return new MetricCheck(name, sibling.switchName(), c, s, ruleText, false, missing(name, missingOn));
        }
        return switch (rule.kind()) {
            case IGNORE -> new MetricCheck(name, sibling.switchName(), c, s, ruleText, true, "recorded only");
            case HEALTHY -> {
                if (c != rule.healthyValue()) {
                    yield new MetricCheck(name, sibling.switchName(), c, s, ruleText, false, candidate.switchName()
                            + " is not healthy: " + name + " is " + Snapshot.format(c) + ", healthy is "
                            + Snapshot.format(rule.healthyValue()));
                }
                if (s != rule.healthyValue()) {
                    yield new MetricCheck(name, sibling.switchName(), c, s, ruleText, false, "sibling "
                            + sibling.switchName() + " is not healthy: " + name + " is " + Snapshot.format(s)
                            + ", healthy is " + Snapshot.format(rule.healthyValue())
                            + "; it could not carry the rack while " + candidate.switchName() + " is down");
                }
                yield new MetricCheck(name, sibling.switchName(), c, s, ruleText, true, "both healthy");
            }
            case NOT_MORE -> c <= s
                    ? new MetricCheck(name, sibling.switchName(), c, s, ruleText, true,
                    c.equals(s) ? "equal to the sibling" : "fewer than the sibling")
                    : new MetricCheck(name, sibling.switchName(), c, s, ruleText, false, candidate.switchName()
                    + " has more " + name + " (" + Snapshot.format(c) + ") than its sibling " + sibling.switchName()
                    + " (" + Snapshot.format(s) + "): the sibling cannot carry what goes down with it");
        };
    }

    private static String missing(String metric, String switchName) {
        return "metric " + metric + " is missing for " + switchName + ": Prometheus has no series for it; check that "
                + "its exporter is up and scraped";
    }
}
