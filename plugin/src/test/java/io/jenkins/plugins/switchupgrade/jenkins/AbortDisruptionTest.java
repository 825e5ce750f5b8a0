package io.jenkins.plugins.switchupgrade.jenkins;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import java.time.Duration;
import java.time.Instant;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A build aborted while a disruptive step runs keeps its evidence: the audit trail up to the abort is archived, the
 * switch's silence is expired (and that recorded), and the build page shows the switch failed, not "sending".
 */
@WithJenkins
class AbortDisruptionTest {

    private static final String FROM = "7.3.1.748.R01";
    private static final String TO = "7.3.2.374.R01";

    private Fabric fabric;

    @AfterEach
    void stopLab() {
        if (fabric != null) {
            fabric.close();
        }
    }

    @Test
    void anIssuAbortedAfterItsCommandKeepsItsAuditTrailAndExpiresItsSilence(JenkinsRule j) throws Exception {
        // chassis reboots long enough to abort in the middle of the ISSU
        fabric = Fabric.builder().racks(1).spines(0).platform("aos").fromVersion(FROM).toVersion(TO).alertmanager(true)
                .rebootTime(Duration.ofSeconds(20)).convergeTime(Duration.ofMillis(300)).build().start();
        Lab.configure(fabric);
        String target = fabric.switches().get(0).name();
        WorkflowJob job = j.createProject(WorkflowJob.class, "issu-abort");
        job.setDefinition(new CpsFlowDefinition("""
                lock('%s') {
                  node {
                    issuUpgrade target: '%s', imageDirectory: 'new_firm', expectedRelease: '%s', reason: 'abort test'
                  }
                }
                """.formatted(Lab.LOCK, target, TO), true));
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        Instant limit = Instant.now().plusSeconds(60);
        while (!fabric.commands().anyMatching(target, "issu from") && Instant.now().isBefore(limit)) {
            Thread.sleep(100);
        }
        assertTrue(fabric.commands().anyMatching(target, "issu from"), fabric.commands().commands(target)
                .toString());

        run.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(run));

        String audit = Lab.artifact(run, "audit.jsonl");
        assertNotNull(audit, "the audit trail of the aborted call is archived");
        assertThat(audit, containsString("\"event\":\"silence-created\""));
        assertThat(audit, containsString("\"event\":\"disruption-sent\""));
        assertThat(audit, containsString("\"event\":\"silence-expired\""));
        assertThat(audit.indexOf("disruption-sent"), lessThan(audit.lastIndexOf("silence-expired")));
        UpgradeReportAction.SwitchEntry entry = run.getAction(UpgradeReportAction.class).getSwitches().get(0);
        assertEquals(UpgradeReportAction.FAILED, entry.getVerdict(), entry.getReason());
        assertThat(entry.getReason(), containsString("stopped"));
    }
}
