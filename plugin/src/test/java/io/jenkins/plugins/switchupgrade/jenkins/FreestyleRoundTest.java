package io.jenkins.plugins.switchupgrade.jenkins;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import java.io.IOException;
import java.time.Duration;
import org.jenkins.plugins.lockableresources.RequiredResourcesProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Story A's periodic freestyle job: one round per build under the job's lockable resource. */
@WithJenkins
class FreestyleRoundTest {

    @RegisterExtension
    static final LabFabric lab = new LabFabric(2, Duration.ofSeconds(2));

    private JenkinsRule j;
    private Fabric fabric;

    @BeforeEach
    void configure(JenkinsRule rule) throws IOException {
        j = rule;
        fabric = lab.configure();
    }

    private FreeStyleProject job(String name, boolean withLock) throws Exception {
        FreeStyleProject job = j.createFreeStyleProject(name);
        if (withLock) {
            job.addProperty(new RequiredResourcesProperty(Lab.LOCK, null, null, null, null));
        }
        UpgradeRoundBuilder round = new UpgradeRoundBuilder(Lab.DATACENTER, "leaf", Lab.FROM, Lab.TO);
        round.setMaxSwitches(1);
        round.setSettleSeconds(30);
        job.getBuildersList().add(round);
        return job;
    }

    @Test
    void aPeriodicBuildUpgradesOneLeafAndArchivesTheEvidence() throws Exception {
        FreeStyleBuild build = j.buildAndAssertSuccess(job("story-a-periodic", true));

        UpgradeReportAction report = build.getAction(UpgradeReportAction.class);
        assertNotNull(report);
        assertEquals("completed", report.getRound().getStatus(), report.getRound().getReason());
        assertEquals(1, report.getRound().getUpgraded());
        UpgradeReportAction.SwitchEntry upgraded = report.getSwitches().stream()
                .filter(s -> "upgraded".equals(s.getVerdict())).findFirst().orElseThrow();
        assertTrue(Lab.disrupted(fabric, upgraded.getName()));
        for (String file : new String[] {"report.json", "report.html", "audit.jsonl",
                "switch-upgrade/" + upgraded.getName() + "/post.json", "switch-upgrade/" + upgraded.getName() + "/diff.json"}) {
            assertNotNull(Lab.artifact(build, file), file + " is archived");
        }
        assertThat(build.getDescription(), startsWith("Round completed"));
        assertThat(build.getDescription(), containsString(upgraded.getName() + ": upgraded"));
        j.createWebClient().goTo(build.getUrl());
    }

    @Test
    void aJobWithoutTheLockableResourceIsRefused() throws Exception {
        int commandsBefore = fabric.commands().entries().size();

        FreeStyleBuild build = j.buildAndAssertStatus(Result.FAILURE, job("no-lock", false));

        j.assertLogContains("does not hold the lockable resource '" + Lab.LOCK + "'", build);
        j.assertLogContains("This build requires lockable resources", build);
        assertEquals(commandsBefore, fabric.commands().entries().size(), "no switch contacted: " + fabric.commands());
    }
}
