package io.jenkins.plugins.switchupgrade.jenkins;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.StringParameterDefinition;
import hudson.model.StringParameterValue;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The Story A Jenkinsfile of {@code docs/plugin/jenkinsfile-story-a.md}, byte for byte as the page shows it, against
 * the lab: the page is the test's input, so the documented file cannot drift from one that works.
 */
@WithJenkins
class DocumentedJenkinsfileTest {

    @RegisterExtension
    static final LabFabric lab = new LabFabric(2, Duration.ofSeconds(2));

    static String documentedJenkinsfile(String page) throws Exception {
        Path docs = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../docs/plugin").normalize();
        String text = Files.readString(docs.resolve(page), StandardCharsets.UTF_8);
        Matcher groovy = Pattern.compile("```groovy\n(.*?)```\n", Pattern.DOTALL).matcher(text);
        assertTrue(groovy.find(), "a groovy block in " + page);
        return groovy.group(1);
    }

    @Test
    void theDocumentedStoryAJenkinsfileUpgradesOneLeaf(JenkinsRule j) throws Exception {
        Fabric fabric = lab.configure();
        j.jenkins.setLabelString("mgmt");
        String jenkinsfile = documentedJenkinsfile("jenkinsfile-story-a.md");
        assertThat(jenkinsfile, containsString("exclude: skipped"));
        assertFalse(jenkinsfile.contains("sleep"), "the settle time is diffMetrics' own");

        WorkflowJob job = j.createProject(WorkflowJob.class, "upgrade-lab1-leaves");
        job.setDefinition(new CpsFlowDefinition(jenkinsfile, true));
        // the parameters the Jenkinsfile declares, there before its first build so that it runs for the lab
        job.addProperty(new ParametersDefinitionProperty(new StringParameterDefinition("DATACENTER", "dc1")));
        WorkflowRun run = j.assertBuildStatusSuccess(job.scheduleBuild2(0, new ParametersAction(
                new StringParameterValue("DATACENTER", Lab.DATACENTER))));

        UpgradeReportAction report = run.getAction(UpgradeReportAction.class);
        assertNotNull(report);
        UpgradeReportAction.SwitchEntry upgraded = report.getSwitches().stream()
                .filter(s -> UpgradeReportAction.UPGRADED.equals(s.getVerdict())).findFirst().orElseThrow();
        j.assertLogContains(upgraded.getName() + " runs " + Lab.TO, run);
        assertTrue(Lab.disrupted(fabric, upgraded.getName()), fabric.commands().commands(upgraded.getName()).toString());
        assertEquals(1, report.getSwitches().stream().filter(s -> Lab.disrupted(fabric, s.getName())).count(),
                "one switch per build");
        String audit = Lab.artifact(run, "audit.jsonl");
        assertNotNull(audit);
        assertThat(audit, containsString("\"event\":\"silence-expired\""));
        assertThat(run.getDescription(), containsString(upgraded.getName() + ": upgraded " + Lab.FROM + " → " + Lab.TO));
    }
}
