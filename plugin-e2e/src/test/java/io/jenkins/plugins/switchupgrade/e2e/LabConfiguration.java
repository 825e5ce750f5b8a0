package io.jenkins.plugins.switchupgrade.e2e;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Configuration as Code of one end-to-end Jenkins: the YAML of {@code docs/plugin/configuration.md} with the
 * site's addresses, user, key and windows replaced by variables that Configuration as Code reads from the
 * environment (so one home can be started on another lab), beside the test's own Jenkins set-up (users, their
 * permissions, Authorize Project, the lockable resource, the built-in node's label).
 */
final class LabConfiguration {

    /** The documented keys whose values are the lab's, and the variables that carry them. */
    static final Map<String, String> REPLACED_KEYS;

    static {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("username", "\"${E2E_SSH_USER}\"");
        keys.put("privateKey", "\"${E2E_SSH_PRIVATE_KEY}\"");
        keys.put("prometheusUrl", "\"${E2E_PROMETHEUS_URL}\"");
        keys.put("alertmanagerUrl", "\"${E2E_ALERTMANAGER_URL}\"");
        keys.put("auditWebhookUrl", "\"${E2E_AUDIT_WEBHOOK_URL}\"");
        keys.put("sshPort", "\"${E2E_SSH_PORT}\"");
        keys.put("knownHosts", "\"${E2E_KNOWN_HOSTS}\"");
        // the documented window is at night in Berlin; the test runs whenever it is started
        keys.put("maintenanceWindows", "\"${E2E_MAINTENANCE_WINDOWS}\"");
        REPLACED_KEYS = java.util.Collections.unmodifiableMap(keys);
    }

    static final String ADMIN = "admin";
    /** May build and read, but lacks Run/Update: the builds it starts run as it (Authorize Project). */
    static final String OPERATOR = "operator";

    private static final String JENKINS_YAML = """
            jenkins:
              systemMessage: "Switch Upgrade Automation: end-to-end test against the lab"
              numExecutors: 4
              labelString: "mgmt"
              securityRealm:
                local:
                  allowsSignup: false
                  users:
                    - id: "admin"
                      password: "${E2E_ADMIN_PASSWORD}"
                    - id: "operator"
                      password: "${E2E_OPERATOR_PASSWORD}"
              authorizationStrategy:
                globalMatrix:
                  entries:
                    - user:
                        name: "admin"
                        permissions:
                          - "Overall/Administer"
                    - user:
                        name: "operator"
                        permissions:
                          - "Overall/Read"
                          - "Agent/Build"
                          - "Job/Read"
                          - "Job/Build"
                          - "Job/Cancel"
                          - "Credentials/UseItem"
            security:
              queueItemAuthenticator:
                authenticators:
                  - global:
                      strategy: "triggeringUsersAuthorizationStrategy"
            unclassified:
              lockableResourcesManager:
                declaredResources:
                  - name: "switch-upgrade-%s"
            """;

    private LabConfiguration() {}

    /** Writes {@code switch-upgrade.yaml} (the documented one, for the lab) and {@code jenkins.yaml} into {@code dir}. */
    static void write(Path dir, DocumentedSources docs, String datacenter) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("switch-upgrade.yaml"),
                    DocumentedSources.replaceValues(docs.configurationYaml(), REPLACED_KEYS), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("jenkins.yaml"), JENKINS_YAML.formatted(datacenter), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Configuration as Code files to " + dir, e);
        }
    }

    /** The variables the YAML reads, for this fabric, the audit webhook and the users' passwords. */
    static Map<String, String> environment(Fabric fabric, String webhookUrl, Map<String, String> secrets) {
        try {
            Map<String, String> env = new LinkedHashMap<>(secrets);
            env.put("E2E_SSH_USER", fabric.ssh().user());
            env.put("E2E_SSH_PRIVATE_KEY", Files.readString(fabric.ssh().clientKeyFile(), StandardCharsets.UTF_8));
            env.put("E2E_PROMETHEUS_URL", fabric.prometheus().url());
            env.put("E2E_ALERTMANAGER_URL", fabric.alertmanager().url());
            env.put("E2E_AUDIT_WEBHOOK_URL", webhookUrl);
            env.put("E2E_SSH_PORT", String.valueOf(fabric.ssh().port()));
            env.put("E2E_KNOWN_HOSTS", Files.readString(fabric.ssh().knownHostsFile(), StandardCharsets.UTF_8));
            env.put("E2E_MAINTENANCE_WINDOWS", "Mon-Sun 00:00-24:00 UTC");
            return env;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lab's SSH files: " + e.getMessage(), e);
        }
    }
}
