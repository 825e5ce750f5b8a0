package io.jenkins.plugins.switchupgrade.jenkins;

import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import org.junit.jupiter.api.Test;

/** The exported YAML names every setting and holds credentials IDs only. */
@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeExportTest {

    @Test
    @ConfiguredWithCode("configuration-as-code.yaml")
    void exportsTheSettingsWithCredentialsIdsOnly(JenkinsConfiguredWithCodeRule j) throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode node = getUnclassifiedRoot(context).get("switchUpgrade");
        assertNotNull(node, "exported under unclassified: switchUpgrade:");

        String exported = toYamlString(node);

        for (String key : new String[] {"prometheusUrl", "prometheusCredentialsId", "alertmanagerUrl", "auditWebhookUrl",
                "auditWebhookCredentialsId", "sshCredentialsId", "sshPort", "knownHosts", "metricsProfile",
                "alertmanagerCredentialsId", "silenceMatchers"}) {
            assertThat(exported, containsString(key + ":"));
        }
        assertThat(exported, containsString("prometheus.example.net:9090"));
        // each credentials setting exports the ID it names, nothing looked up from the credential
        assertThat(exported, containsString("prometheusCredentialsId: \"prometheus-token\""));
        assertThat(exported, containsString("alertmanagerCredentialsId: \"alertmanager-token\""));
        assertThat(exported, containsString("auditWebhookCredentialsId: \"changelog-token\""));
        assertThat(exported, containsString("sshCredentialsId: \"switch-admin\""));
        // a Secret field would export as its encrypted form, which starts so: no setting may hold a secret itself
        assertThat(exported, not(containsString("{AQAAAB")));
        assertThat(exported, containsString("name: \"chef-reprovision\""));
    }
}
