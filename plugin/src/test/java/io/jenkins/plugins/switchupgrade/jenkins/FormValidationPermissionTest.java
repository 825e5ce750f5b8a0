package io.jenkins.plugins.switchupgrade.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import java.net.URL;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Form validation and credentials lists answer only POST requests of users allowed to configure: a user who may
 * only read learns nothing about URLs or credentials.
 */
@WithJenkins
class FormValidationPermissionTest {

    private static final String GLOBAL = "descriptorByName/" + SwitchUpgradeConfiguration.class.getName() + "/";

    private JenkinsRule j;

    @BeforeEach
    void secure(JenkinsRule rule) throws Exception {
        j = rule;
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE, Item.EXTENDED_READ).everywhere().to("developer"));
        SystemCredentialsProvider.getInstance().getCredentials().add(new BasicSSHUserPrivateKey(
                CredentialsScope.GLOBAL, "switch-admin", "cumulus",
                new BasicSSHUserPrivateKey.DirectEntryPrivateKeySource("not a real key"), null, "switches"));
        SystemCredentialsProvider.getInstance().save();
    }

    private Page post(String user, String path) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        if (user != null) {
            wc.login(user);
        }
        WebRequest request = new WebRequest(new URL(j.getURL(), path), HttpMethod.POST);
        wc.addCrumb(request);
        return wc.getPage(request);
    }

    @Test
    void globalValidationNeedsAdministerAndPost() throws Exception {
        String check = GLOBAL + "checkPrometheusUrl?value=ftp://prometheus";
        assertEquals(403, post("reader", check).getWebResponse().getStatusCode());
        assertEquals(403, post("developer", check).getWebResponse().getStatusCode());
        Page admin = post("admin", check);
        assertEquals(200, admin.getWebResponse().getStatusCode());
        assertThat(admin.getWebResponse().getContentAsString(), containsString("must be an absolute http"));

        JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false).login("admin");
        // stapler finds no GET route to a @POST method, so it answers 404 (405 would be @RequirePOST's answer)
        assertEquals(404, wc.goTo(check, null).getWebResponse().getStatusCode(), "GET is refused");
    }

    @Test
    void silenceMatchersAreCheckedByTheEngineAndNeedAdminister() throws Exception {
        String wide = GLOBAL + "checkSilenceMatchers?value=" + java.net.URLEncoder.encode("instance=~\"{switch}.*\"",
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(403, post("reader", wide).getWebResponse().getStatusCode());
        assertThat(post("admin", wide).getWebResponse().getContentAsString(), containsString("would also mute"));
        String two = GLOBAL + "checkSilenceMatchers?value=" + java.net.URLEncoder.encode(
                "instance=~\"{switch}(:\\d+)?\"\npeer=\"{switch}\"", java.nio.charset.StandardCharsets.UTF_8);
        assertThat(post("admin", two).getWebResponse().getContentAsString(), containsString("2 silences"));
    }

    @Test
    void globalCredentialsListNeedsAdminister() throws Exception {
        String fill = GLOBAL + "fillSshCredentialsIdItems";
        assertEquals(403, post("reader", fill).getWebResponse().getStatusCode());
        assertThat(post("admin", fill).getWebResponse().getContentAsString(), containsString("switch-admin"));
    }

    @Test
    void stepCredentialsListsNeedConfigureOnTheJob() throws Exception {
        FreeStyleProject job = j.createFreeStyleProject("upgrade");
        String fill = job.getUrl() + "descriptorByName/" + UpgradeRoundBuilder.class.getName()
                + "/fillCredentialsIdItems";
        assertThat(post("reader", fill).getWebResponse().getContentAsString(), not(containsString("switch-admin")));
        assertThat(post("developer", fill).getWebResponse().getContentAsString(), containsString("switch-admin"));
        String stepFill = job.getUrl() + "descriptorByName/" + ReprovisionSwitchStep.class.getName()
                + "/fillCredentialsIdItems";
        assertThat(post("reader", stepFill).getWebResponse().getContentAsString(), not(containsString("switch-admin")));
    }

    @Test
    void stepAndBuilderValidationNeedsPostAndConfigure() throws Exception {
        FreeStyleProject job = j.createFreeStyleProject("upgrade");
        String[] checks = {
            "descriptorByName/" + UpgradeRoundBuilder.class.getName() + "/checkParallelRacks?value=0",
            "descriptorByName/" + UpgradeRoundBuilder.class.getName() + "/checkDatacenter?value=dc1",
            "descriptorByName/" + UpgradeRoundBuilder.class.getName() + "/fillRoleItems",
            "descriptorByName/" + ReprovisionSwitchStep.class.getName() + "/checkSilenceMinutes?value=0",
            "descriptorByName/" + AwaitExporterStep.class.getName() + "/checkPort?value=0",
            "descriptorByName/" + IssuUpgradeStep.class.getName() + "/checkImageDirectory?value=/flash",
            "descriptorByName/" + PickCandidateStep.class.getName() + "/fillRoleItems",
        };
        JenkinsRule.WebClient get = j.createWebClient().withThrowExceptionOnFailingStatusCode(false).login("developer");
        for (String check : checks) {
            String path = job.getUrl() + check;
            assertEquals(403, post("reader", path).getWebResponse().getStatusCode(), path);
            assertEquals(200, post("developer", path).getWebResponse().getStatusCode(), path);
            assertEquals(404, get.goTo(path, null).getWebResponse().getStatusCode(), "GET " + path);
        }
        assertThat(post("developer", job.getUrl() + checks[0]).getWebResponse().getContentAsString(),
                containsString("From 1 to 64"));
    }
}
