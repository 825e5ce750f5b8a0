package io.jenkins.plugins.switchupgrade.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jenkins.plugins.casc.misc.junit.jupiter.AbstractRoundTripTest;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The global configuration under {@code unclassified: switchUpgrade:}: applied from YAML, valid and applied again
 * through the Configuration as Code page, exported to jenkins.yaml and loaded from it after a restart.
 */
@WithJenkins
class ConfigurationAsCodeRoundTripTest extends AbstractRoundTripTest {

    @Override
    protected void assertConfiguredAsExpected(JenkinsRule j, String configContent) {
        SwitchUpgradeConfiguration config = SwitchUpgradeConfiguration.get();
        assertEquals("http://prometheus.example.net:9090", config.getPrometheusUrl());
        assertEquals("prometheus-token", config.getPrometheusCredentialsId());
        assertEquals("http://alertmanager.example.net:9093", config.getAlertmanagerUrl());
        assertEquals("alertmanager-token", config.getAlertmanagerCredentialsId());
        assertEquals("instance=~\"{switch}(:\\d+)?\"\npeer=\"{switch}\"", config.getSilenceMatchers());
        assertFalse(config.isSilencingDisabled());
        assertEquals("https://changelog.example.net/api/events", config.getAuditWebhookUrl());
        assertEquals("changelog-token", config.getAuditWebhookCredentialsId());
        assertEquals("switch-upgrade-dc7", config.lockNameFor("dc7"));
        assertEquals("switch-admin", config.getSshCredentialsId());
        assertEquals(2222, config.getSshPort());
        assertEquals("10.0.0.11 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
                config.getKnownHosts());
        assertEquals("{\"maxInventory\": 500}", config.getMetricsProfile());
        assertEquals(1, config.getSiteCommands().size());
        assertEquals("chef-reprovision", config.getSiteCommands().get(0).getName());
        assertEquals("/root/run_switch_provision.sh -F", config.getSiteCommands().get(0).getCommand());
    }

    @Override
    protected String stringInLogExpected() {
        return "prometheusUrl = http://prometheus.example.net:9090";
    }
}
