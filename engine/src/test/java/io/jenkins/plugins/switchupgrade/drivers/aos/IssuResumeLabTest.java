package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.campaign.LabRounds;
import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.SilenceState;
import io.jenkins.plugins.switchupgrade.audit.AuditEvent;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.lab.ssh.AosLabCli;
import io.jenkins.plugins.switchupgrade.ledger.Ledger;
import io.jenkins.plugins.switchupgrade.ledger.LedgerState;
import io.jenkins.plugins.switchupgrade.lifecycle.Ticket;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.steps.IssuUpgrade;
import io.jenkins.plugins.switchupgrade.steps.StepResults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.jenkins.plugins.switchupgrade.drivers.aos.AosVirtualChassisLabTest.TO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resuming an ISSU is calling the next function with the ticket: a host that stopped after sending the ISSU (here:
 * before its post-validation) leaves the chassis in flight in the ledger with its silence open; a fresh
 * {@link IssuUpgrade} resumes from the ledger's ticket, sends nothing, follows the chassis in Prometheus, diffs it
 * and expires the silence the ticket names.
 */
class IssuResumeLabTest {
    private static final String RESUMED = "leaf-r1-p1-pod1";
    private static final String NEVER_THERE = "leaf-r2-p1-pod1";
    private static final Ledger.Remedies REMEDIES = new Ledger.Remedies() {
        @Override
        public String acknowledge(String datacenter, String switchName) {
            return "switch-upgrade ack " + switchName;
        }

        @Override
        public String resume(String datacenter) {
            return "";
        }
    };

    private static Fabric fabric;
    @TempDir
    Path dir;

    @BeforeAll
    static void startFabric() {
        fabric = AosVirtualChassisLabTest.fabric(2).alertmanager(true).build().start();
        for (LabSwitch labSwitch : fabric.switches()) {
            AosLabCli.of(fabric, labSwitch.name()).timings(AosVirtualChassisLabTest.fastTimings());
        }
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    /** A context as each process (the one that sent the ISSU, the restarted one) builds it: same ledger, same files. */
    private StepContext context(String actor) {
        return StepContext.builder().prometheus(PrometheusClient.builder(fabric.prometheus().url()).build())
                .artifacts(new DirectoryArtifactStore(dir.resolve("artifacts")))
                .audit(AuditTrail.builder(actor).jsonLines(dir.resolve("audit.jsonl")).build())
                .silencer(AlertSilencer.builder(fabric.alertmanager().url()).build()).lock(LabRounds.held())
                .actor(actor)
                .ledger(Ledger.open(dir.resolve("state"), "lab1", REMEDIES, null))
                .sshTargets(s -> AosVirtualChassisLabTest.target(fabric, s.name())).build();
    }

    /** The ISSU sent and followed by the first process, which stops before its post-validation. */
    private String sendWithoutPostValidation(String target) {
        IssuUpgrade.Result sent = new IssuUpgrade(context("build #7")).run(new IssuUpgrade.Request().target(target)
                .imageDirectory("new_firm").expectedRelease(TO).slaveRebootSeconds(10).masterRebootSeconds(20)
                .diff(false).pollInterval(Duration.ofMillis(100)));
        assertFalse(sent.silenceId().isEmpty(), "the first process leaves the silence open: " + sent);
        return sent.silenceId();
    }

    @Test
    void theRestartedHostResumesFromTheLedgersTicketAndSendsNothing() {
        String silenceId = sendWithoutPostValidation(RESUMED);
        AlertSilencer silencer = AlertSilencer.builder(fabric.alertmanager().url()).build();
        assertEquals(SilenceState.ACTIVE, silencer.state(silenceId).orElseThrow());
        int commandsBefore = fabric.commands().commands(RESUMED).size();

        IssuUpgrade restarted = new IssuUpgrade(context("build #7 (resumed)"));
        Ticket ticket = restarted.inFlight(RESUMED);
        assertEquals(silenceId, ticket.silenceId());
        assertEquals(fabric.get(RESUMED).address().getHostAddress(), ticket.address());
        // the ticket crosses a restart as a plain map
        Ticket persisted = StepResults.ticket(StepResults.json(ticket));
        assertEquals(ticket, persisted);
        IssuUpgrade.Result resumed = restarted.resume(persisted, TO, Instant.now().plusSeconds(30), 20);

        assertTrue(resumed.passed(), resumed.toString());
        assertTrue(resumed.resumed());
        assertEquals(TO, resumed.diff().postVersion());
        assertEquals(commandsBefore, fabric.commands().commands(RESUMED).size(),
                "resuming sends nothing: " + fabric.commands().commands(RESUMED));
        assertEquals(SilenceState.EXPIRED, silencer.state(silenceId).orElseThrow());
        LedgerState.SwitchState state = Ledger.open(dir.resolve("state"), "lab1", REMEDIES, null).replay()
                .of(RESUMED).orElseThrow();
        assertEquals(LedgerState.Status.CLEAR, state.status(), state.toString());
        List<AuditKind> after = AuditTrail.read(dir.resolve("audit.jsonl")).stream()
                .filter(e -> e.switchName().equals(RESUMED)).map(AuditEvent::kind).toList();
        assertEquals(List.of(AuditKind.DIFF_PASSED, AuditKind.SILENCE_EXPIRED, AuditKind.OUTCOME),
                after.subList(after.size() - 3, after.size()), after.toString());
        assertThrows(IllegalStateException.class, () -> restarted.inFlight(RESUMED), "nothing is in flight any more");
    }

    @Test
    void aChassisThatNeverReachesTheReleaseFailsWithItsSilenceExpired() {
        String silenceId = sendWithoutPostValidation(NEVER_THERE);
        IssuUpgrade restarted = new IssuUpgrade(context("build #8 (resumed)"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> restarted.resume(
                restarted.inFlight(NEVER_THERE), "7.3.9.1.R01", Instant.now().plusSeconds(3), 5));

        assertTrue(e.getMessage().contains("does not run 7.3.9.1.R01"), e.getMessage());
        assertEquals(SilenceState.EXPIRED, AlertSilencer.builder(fabric.alertmanager().url()).build()
                .state(silenceId).orElseThrow());
        assertEquals(LedgerState.Status.FAILED, Ledger.open(dir.resolve("state"), "lab1", REMEDIES, null).replay()
                .of(NEVER_THERE).orElseThrow().status());
    }
}
