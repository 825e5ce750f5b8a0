package io.jenkins.plugins.switchupgrade.jenkins;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.switchupgrade.lifecycle.SwitchRow;
import io.jenkins.plugins.switchupgrade.validation.Verdict;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The build's report action as the steps fill it: under a build user's rights, and while others read it. */
@WithJenkins
class UpgradeReportActionTest {

    /** The engine's row of a candidate that passed its sibling check. */
    private static SwitchRow validated(String name) {
        return SwitchRow.validated(new Verdict(name, List.of(), true, List.of(), List.of(), Map.of()));
    }

    @Test
    void describesTheBuildForAUserWhoMayNotUpdateRuns(JenkinsRule j) throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        // Run/Update is missing: Authorize Project runs the build as such a user
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD).everywhere().to("runner"));
        FreeStyleProject job = j.createFreeStyleProject("upgrade");
        FreeStyleBuild build = j.buildAndAssertSuccess(job);
        UpgradeReportAction report = UpgradeReportAction.of(build);
        try (ACLContext ignored = ACL.as2(User.getById("runner", true).impersonate2())) {
            assertFalse(build.hasPermission(Run.UPDATE));
            report.show(List.of(validated("leaf-r1-p1-pod1")));
        }
        assertEquals("leaf-r1-p1-pod1: validated", build.getDescription());
    }

    @Test
    void aListOfSwitchesOnceReadDoesNotChangeUnderTheReader(JenkinsRule j) throws Exception {
        FreeStyleBuild build = j.buildAndAssertSuccess(j.createFreeStyleProject("upgrade"));
        UpgradeReportAction report = UpgradeReportAction.of(build);
        report.show(List.of(validated("leaf-r1-p1-pod1")));
        List<UpgradeReportAction.SwitchEntry> before = report.getSwitches();
        report.failed("leaf-r1-p1-pod1", "went down and never came back");
        report.show(List.of(validated("leaf-r2-p1-pod1")));

        assertEquals(1, before.size());
        assertEquals(UpgradeReportAction.VALIDATED, before.get(0).getVerdict());
        assertEquals(UpgradeReportAction.FAILED, report.getSwitches().get(0).getVerdict());
        assertEquals(2, report.getSwitches().size());
        assertThat(build.getDescription(), containsString("leaf-r1-p1-pod1: failed"));
    }

    @Test
    void pickCandidateLabelsItsNodeWithTheArgumentsGivenOnly(JenkinsRule j) {
        PickCandidateStep.DescriptorImpl descriptor = j.jenkins.getDescriptorByType(PickCandidateStep.DescriptorImpl.class);
        assertEquals("dc1 leaf on 5.9.1",
                descriptor.argumentsToString(Map.of("datacenter", "dc1", "role", "leaf", "fromVersion", "5.9.1")));
        assertEquals("dc1", descriptor.argumentsToString(Map.of("datacenter", "dc1")));
        assertEquals("on 5.9.1", descriptor.argumentsToString(Map.of("fromVersion", "5.9.1")));
        assertNull(descriptor.argumentsToString(Map.of()));
    }
}
