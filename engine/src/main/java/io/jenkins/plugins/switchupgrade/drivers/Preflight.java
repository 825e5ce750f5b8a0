package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.drivers.aos.AosVirtualChassis;
import io.jenkins.plugins.switchupgrade.drivers.aos.ChassisMember;
import io.jenkins.plugins.switchupgrade.drivers.cisco.CiscoStack;
import io.jenkins.plugins.switchupgrade.drivers.cisco.StackMacCheck;
import io.jenkins.plugins.switchupgrade.drivers.cisco.StackMember;
import io.jenkins.plugins.switchupgrade.drivers.cisco.SwitchStack;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The read-only preflight of a switch, per platform, before anyone plans its upgrade: on an AOS virtual chassis every
 * chassis Running and stack MAC retention; on a Cisco stack every member Ready and the stack MAC kept; on Cumulus the
 * system's name and version and its BGP peers. It sends read-outs only, and says per switch what it found.
 */
public final class Preflight {
    private final SwitchLink link;
    private final Map<String, Check> checks;

    @FunctionalInterface
    private interface Check {
        PreflightResult run(SshTarget target) throws DriverException;
    }

    /** Reads the switches over SSH. */
    public Preflight() {
        this(SwitchLink.ssh());
    }

    /** Reads the switches through {@code link} (flow tests replay a transcript through it). */
    public Preflight(SwitchLink link) {
        this.link = Objects.requireNonNull(link, "link");
        this.checks = Map.of(AosVirtualChassis.PLATFORM, this::virtualChassis, CiscoStack.PLATFORM, this::stack,
                CumulusOnie.PLATFORM, this::cumulus);
    }

    /** The platforms that have a preflight. */
    public List<String> platforms() {
        return checks.keySet().stream().sorted().toList();
    }

    /** Runs the platform's read-only checks on the switch at {@code target}; never throws for what the switch says. */
    public PreflightResult check(String platform, SshTarget target) {
        Check check = checks.get(platform);
        if (check == null) {
            return new PreflightResult(target.name(), platform, PreflightResult.Verdict.NO_CHECK, List.of("the "
                    + "preflight knows " + String.join(", ", platforms()) + "; nothing was sent to this " + platform
                    + " switch"), List.of());
        }
        try {
            return check.run(target);
        } catch (DriverException e) {
            return new PreflightResult(target.name(), platform, e.unreachable() ? PreflightResult.Verdict.UNREACHABLE
                    : PreflightResult.Verdict.FAILED, List.of(e.getMessage()), List.of());
        }
    }

    private PreflightResult virtualChassis(SshTarget target) throws DriverException {
        AosVirtualChassis.Health health = AosVirtualChassis.readHealth(link, target);
        List<String> findings = new ArrayList<>();
        findings.add("virtual chassis of " + health.topology().members().size() + " chassis: " + health.topology()
                .members().stream().map(ChassisMember::describe).collect(Collectors.joining(", ")));
        findings.add("runs AOS " + health.running());
        health.topology().problem().ifPresent(p -> findings.add("not ready for an ISSU: " + p));
        findings.add(health.macRetention().reason());
        boolean passed = health.topology().problem().isEmpty() && health.macRetention().passed();
        return new PreflightResult(target.name(), AosVirtualChassis.PLATFORM, passed ? PreflightResult.Verdict.PASSED
                : PreflightResult.Verdict.FAILED, findings, health.macRetention().warnings());
    }

    private PreflightResult stack(SshTarget target) throws DriverException {
        SwitchStack stack = new CiscoStack(link).readStack(target);
        StackMacCheck check = StackMacCheck.evaluate(stack);
        List<String> findings = new ArrayList<>();
        findings.add("stack of " + stack.members().size() + " member(s), stack MAC " + stack.stackMac() + ": "
                + stack.members().stream().map(StackMember::describe).collect(Collectors.joining(", ")));
        if (!stack.slots().isEmpty()) {
            findings.add(stack.slots().stream().map(StackMember::describe).collect(Collectors.joining(", "))
                    + ": switch numbers without a switch (MAC 0000.0000.0000), not members");
        }
        if (!stack.notReady().isEmpty()) {
            findings.add("expected every stack member Ready, but saw " + stack.notReady().stream()
                    .map(StackMember::describe).collect(Collectors.joining(", ")) + ". Nothing was sent but "
                    + "read-outs; bring the member back (or out of the stack) before its upgrade.");
        }
        findings.add(check.reason());
        boolean passed = stack.notReady().isEmpty() && check.passed();
        return new PreflightResult(target.name(), CiscoStack.PLATFORM, passed ? PreflightResult.Verdict.PASSED
                : PreflightResult.Verdict.FAILED, findings, check.warnings());
    }

    private PreflightResult cumulus(SshTarget target) throws DriverException {
        CumulusOnie driver = CumulusOnie.builder().link(link).build();
        List<String> findings = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try {
            CumulusOnie.NvueSystem system = driver.readSystem(target);
            findings.add("host " + system.hostname() + ", Cumulus Linux " + system.version());
        } catch (DriverException e) {
            if (e.unreachable()) {
                throw e;
            }
            // 4.x has no NVUE: the version comes from lsb-release, as the upgrade reads it
            warnings.add(e.getMessage());
            findings.add("Cumulus Linux " + driver.readVersion(target) + " (" + CumulusOnie.LSB_RELEASE + ")");
        }
        CumulusOnie.BgpSummary bgp = driver.readBgpSummary(target);
        findings.add("BGP: " + bgp.establishedPeers() + " of " + bgp.totalPeers() + " peer(s) established"
                + (bgp.establishedPeers() == bgp.totalPeers() ? "" : ", not established: " + bgp.peers().stream()
                .filter(p -> !p.established()).map(p -> p.name() + " " + p.state())
                .collect(Collectors.joining(", "))));
        boolean passed = bgp.totalPeers() > 0 && bgp.establishedPeers() == bgp.totalPeers();
        return new PreflightResult(target.name(), CumulusOnie.PLATFORM, passed ? PreflightResult.Verdict.PASSED
                : PreflightResult.Verdict.FAILED, findings, warnings);
    }
}
