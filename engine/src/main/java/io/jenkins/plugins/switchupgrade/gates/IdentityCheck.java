package io.jenkins.plugins.switchupgrade.gates;

import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import io.jenkins.plugins.switchupgrade.text.ProblemText;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Confirms that the host at a switch's address is the switch Prometheus named, by asking it over SSH (read-only),
 * before anything is silenced or sent: an {@code address} label pointing at another switch must never reboot that
 * other switch. Names compare without case; a short host name matches the first label of a dotted one.
 */
public final class IdentityCheck {
    private IdentityCheck() {
    }

    /** Empty when the host answers as {@code target}; else the refusal naming both switches. */
    public static Optional<GateRefusal> confirm(SwitchDriver driver, SshTarget ssh, Switch target)
            throws DriverException {
        String reached = driver.identity(ssh);
        if (sameSwitch(target.name(), reached)) {
            return Optional.empty();
        }
        String shown = ProblemText.printable(reached, 80);
        return Optional.of(new GateRefusal(Gate.IDENTITY, List.of(target.name(), reached), "the host at "
                + target.address() + " answers as " + shown + ", not as " + target.name() + "; nothing was sent to "
                + "either switch: fix the address label of " + target.name() + " in the inventory (it points at "
                + shown + ") and run again"));
    }

    /** Whether the name a host reports is the name Prometheus gave. */
    public static boolean sameSwitch(String named, String reported) {
        if (named == null || reported == null || reported.isBlank()) {
            return false;
        }
        String a = named.trim().toLowerCase(Locale.ROOT);
        String b = reported.trim().toLowerCase(Locale.ROOT);
        if (a.equals(b)) {
            return true;
        }
        // leaf1 answers for leaf1.dc1.example, and the other way round; two dotted names must be equal
        boolean aDotted = a.contains(".");
        boolean bDotted = b.contains(".");
        if (aDotted == bDotted) {
            return false;
        }
        return aDotted ? a.substring(0, a.indexOf('.')).equals(b) : b.substring(0, b.indexOf('.')).equals(a);
    }
}
