package io.jenkins.plugins.switchupgrade.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * Jenkins restarts while awaitExporter waits for a switch that is down: the wait goes on from its persisted phase
 * and deadlines, and the build ends as if nothing had happened.
 */
class RestartDuringAwaitTest {

    private static final String TARGET = "leaf-r1-p1-pod1";

    // reboots long enough for the switch to stay down across the restart
    @RegisterExtension
    static final LabFabric lab = new LabFabric(1, Duration.ofSeconds(25));

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void theWaitGoesOnAfterARestart() throws Throwable {
        sessions.then(j -> {
            lab.configure();
            WorkflowJob job = j.createProject(WorkflowJob.class, "restart");
            job.setDefinition(new CpsFlowDefinition("""
                    lock('%s') {
                      node {
                        validateSibling candidate: '%s'
                        def sent = reprovisionSwitch target: '%s'
                        def back = awaitExporter target: '%s', state: sent.await, silenceId: sent.silenceId,
                                downSeconds: 30, upSeconds: 120, freshSeconds: 30
                        echo "BACK ${back.phase} ${back.downEvidence}"
                      }
                    }
                    """.formatted(Lab.LOCK, TARGET, TARGET, TARGET), true));
            WorkflowRun run = job.scheduleBuild2(0).waitForStart();
            j.waitForMessage("awaitExporter " + TARGET + ": went down", run);
            j.waitForMessage("awaitExporter " + TARGET + ": phase WAIT_UP", run);
        });
        sessions.then(j -> {
            WorkflowRun run = j.jenkins.getItemByFullName("restart", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(run));
            j.assertLogContains("awaitExporter " + TARGET + ": Jenkins restarted; going on with the wait from phase WAIT_UP", run);
            j.assertLogContains("BACK BACK port 9100 closed", run);
            assertEquals(1, lab.fabric().commands().commands(TARGET).stream().filter(c -> c.contains("onie-select"))
                    .count(), "nothing sent again after the restart");
            UpgradeReportAction.SwitchEntry entry = run.getAction(UpgradeReportAction.class).getSwitches().get(0);
            assertEquals("back", entry.getVerdict());
            String audit = Lab.artifact(run, "audit.jsonl");
            assertNotNull(audit);
            assertTrue(audit.contains("\"event\":\"switch-up\""), audit);
            // the resumed wait went on from WAIT_UP: a wait started again from the beginning would need the switch
            // to go down a second time, and record it
            assertEquals(1, count(audit, "\"event\":\"reprovision-sent\""), audit);
            assertEquals(1, count(audit, "\"event\":\"switch-down\""), audit);
            assertEquals(1, count(audit, "\"event\":\"switch-up\""), audit);
        });
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }
}
