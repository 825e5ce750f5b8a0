package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.drivers.aos.AosVirtualChassis;
import io.jenkins.plugins.switchupgrade.ports.Console;
import io.jenkins.plugins.switchupgrade.ssh.SshException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The drivers seen through {@link SwitchDriver} only, as the engine sees them, replayed from recorded sessions: the
 * pre-check and the disruption return typed results, the audit kind comes from the driver, and a failure says in a
 * typed {@link Touch} what the switch received.
 */
class DriverContractReplayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void cumulusReturnsReprovisionedAndLeavesTheWaitToTheCaller() throws Exception {
        TranscriptDevice device = TranscriptDevice.load("cumulus/reprovision.txt");
        SwitchDriver driver = CumulusOnie.builder().link(device).build();

        assertInstanceOf(PreCheckResult.NoPreCheck.class, driver.preCheck(device.target(TIMEOUT), Console.silent()));
        DriverResult result = driver.disrupt(device.target(TIMEOUT), Console.silent());

        DriverResult.Reprovisioned reprovisioned = assertInstanceOf(DriverResult.Reprovisioned.class, result);
        assertFalse(result.followedToTheEnd());
        assertEquals(Touch.MAY_BE_DOWN, result.touch());
        assertEquals(List.of("onie-select -i -f", "reboot"), reprovisioned.disruption().commands());
        assertEquals(AuditKind.REPROVISION_SENT, driver.disruptionKind());
        assertEquals(List.of("cat /etc/lsb-release", "onie-select -i -f", "reboot"), device.commands());
    }

    @Test
    void aosReturnsItsPreCheckAndTheCompletedIssuWithItsOutcome() throws Exception {
        TranscriptDevice device = TranscriptDevice.load("aos/issu-2-members.txt");
        SwitchDriver driver = AosVirtualChassis.builder().link(device).imageDirectory("new_firm")
                .expectedRelease("7.3.2.374.R01").limits(new AosVirtualChassis.PhaseLimits(Duration.ofSeconds(5),
                        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .pollInterval(Duration.ofMillis(20)).stagingTimeout(TIMEOUT).build();

        PreCheckResult preCheck = driver.preCheck(device.target(TIMEOUT), Console.silent());
        DriverResult result = driver.disrupt(device.target(TIMEOUT), Console.silent());

        PreCheckResult.VirtualChassisReady ready = assertInstanceOf(PreCheckResult.VirtualChassisReady.class,
                preCheck);
        assertTrue(ready.check().macRetention().passed(), ready.check().macRetention().reason());
        DriverResult.IssuCompleted completed = assertInstanceOf(DriverResult.IssuCompleted.class, result);
        assertTrue(result.followedToTheEnd());
        assertEquals(Touch.TOUCHED, result.touch());
        assertEquals(2, completed.outcome().masterBefore());
        assertEquals(1, completed.outcome().masterAfter());
        assertEquals(completed.outcome().disruption(), result.disruption());
        assertEquals(AuditKind.DISRUPTION_SENT, driver.disruptionKind());
        assertEquals(List.of(), device.unused());
    }

    @Test
    void aDeclinedOnieSelectIsTouchedButNotDown() {
        TranscriptDevice device = TranscriptDevice.load("cumulus/reprovision-declined.txt");

        DriverException e = assertThrows(DriverException.class, () -> CumulusOnie.builder().link(device).build()
                .disrupt(device.target(TIMEOUT), Console.silent()));

        assertEquals(Touch.TOUCHED, e.touch());
        assertFalse(e.unreachable());
    }

    @Test
    void aSlaveThatDoesNotReturnLeavesTheChassisMaybeDown() {
        TranscriptDevice device = TranscriptDevice.load("aos/issu-slave-does-not-return.txt");
        SwitchDriver driver = AosVirtualChassis.builder().link(device).imageDirectory("new_firm")
                .expectedRelease("7.3.2.374.R01").limits(new AosVirtualChassis.PhaseLimits(Duration.ofSeconds(5),
                        Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(5)))
                .pollInterval(Duration.ofMillis(20)).stagingTimeout(TIMEOUT).build();

        DriverException e = assertThrows(DriverException.class, () -> driver.disrupt(device.target(TIMEOUT),
                Console.silent()));

        assertEquals(Touch.MAY_BE_DOWN, e.touch());
    }

    @Test
    void aSwitchThatRefusesTheConnectionIsUnreachableAndNotTouched() {
        TranscriptDevice device = TranscriptDevice.load("cumulus/reprovision.txt");
        SwitchLink refusing = target -> {
            throw new SshException(SshException.Reason.CONNECT, target.describe(), "Connection refused", false);
        };

        DriverException e = assertThrows(DriverException.class, () -> CumulusOnie.builder().link(refusing).build()
                .disrupt(device.target(TIMEOUT), Console.silent()));

        assertTrue(e.unreachable());
        assertEquals(Touch.NOT_TOUCHED, e.touch());
        assertTrue(e.getMessage().contains("nothing was sent"), e.getMessage());
    }
}
