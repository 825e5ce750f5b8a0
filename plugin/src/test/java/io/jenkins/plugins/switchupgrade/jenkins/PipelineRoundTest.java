package io.jenkins.plugins.switchupgrade.jenkins;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.sun.net.httpserver.HttpServer;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The Pipeline steps against the lab: a whole round inside the lock, the refusal without it, masked secrets. */
@WithJenkins
class PipelineRoundTest {

    @RegisterExtension
    static final LabFabric lab = new LabFabric(4, Duration.ofSeconds(2));

    private JenkinsRule j;
    private Fabric fabric;

    @BeforeEach
    void configure(JenkinsRule rule) throws IOException {
        j = rule;
        fabric = lab.configure();
    }

    @Test
    void declarativeJenkinsfileUpgradesOneLeafInsideTheLock() throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "story-a");
        job.setDefinition(new CpsFlowDefinition(Lab.storyA("lock('" + Lab.LOCK + "')", ", position: 1, seed: 7"), true));

        WorkflowRun run = j.buildAndAssertSuccess(job);

        UpgradeReportAction report = run.getAction(UpgradeReportAction.class);
        assertNotNull(report, "the build page summarises the round");
        UpgradeReportAction.SwitchEntry upgraded = report.getSwitches().get(0);
        String name = upgraded.getName();
        j.assertLogContains("UPGRADED " + name, run);
        assertEquals("upgraded", upgraded.getVerdict(), upgraded.getReason());
        assertEquals(Lab.FROM, upgraded.getFromVersion());
        assertEquals(Lab.TO, upgraded.getVersion());
        assertFalse(upgraded.getPreMetrics().isEmpty(), "pre metrics shown");
        assertFalse(upgraded.getPostMetrics().isEmpty(), "post metrics shown");
        assertTrue(fabric.commands().anyMatching(name, "onie-select -i -f"), fabric.commands().commands(name).toString());
        assertTrue(fabric.commands().anyMatching(name, "reboot"), fabric.commands().commands(name).toString());

        for (String file : List.of("pre.json", "validation.json", "post.json", "diff.json")) {
            assertNotNull(Lab.artifact(run, "switch-upgrade/" + name + "/" + file), file + " is archived");
        }
        String audit = Lab.artifact(run, "audit.jsonl");
        assertNotNull(audit, "the audit trail is archived");
        for (String event : List.of("silence-created", "reprovision-sent", "switch-down", "switch-up", "diff-passed",
                "silence-expired")) {
            assertThat(audit, containsString("\"event\":\"" + event + "\""));
        }
        assertThat(audit.indexOf("silence-created"), org.hamcrest.Matchers.lessThan(audit.indexOf("reprovision-sent")));

        assertThat(run.getDescription(), containsString(name + ": upgraded " + Lab.FROM + " → " + Lab.TO));
        String api = j.createWebClient().goTo(run.getUrl() + "api/json?tree=actions[switches[name,verdict,fromVersion,version]]",
                "application/json").getWebResponse().getContentAsString();
        assertThat(api, containsString("\"name\":\"" + name + "\""));
        assertThat(api, containsString("\"verdict\":\"upgraded\""));
        j.createWebClient().goTo(run.getUrl() + "switch-upgrade/");
    }

    @Test
    void reprovisionSwitchRefusesOutsideTheLockAndSendsNothing() throws Exception {
        String target = "leaf-r2-p2-pod1";
        WorkflowJob job = j.createProject(WorkflowJob.class, "no-lock");
        job.setDefinition(new CpsFlowDefinition("""
                node {
                  def check = validateSibling candidate: '%s'
                  reprovisionSwitch target: '%s'
                }
                """.formatted(target, target), true));

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("does not hold the lockable resource '" + Lab.LOCK + "'", run);
        j.assertLogContains("lock('" + Lab.LOCK + "') { ... }", run);
        j.assertLogContains("options { lock('" + Lab.LOCK + "') }", run);
        assertFalse(Lab.disrupted(fabric, target), fabric.commands().commands(target).toString());
        String audit = Lab.artifact(run, "audit.jsonl");
        assertTrue(audit == null || !audit.contains("silence-created"), "no silence without the lock: " + audit);
        UpgradeReportAction.SwitchEntry entry = run.getAction(UpgradeReportAction.class).getSwitches().get(0);
        assertEquals("not touched", entry.getVerdict());
    }

    @Test
    void aJenkinsfileChoosesASiteCommandByNameAndCannotPassCommandText() throws Exception {
        String refused = "leaf-r4-p2-pod1";
        WorkflowJob own = j.createProject(WorkflowJob.class, "own-command");
        own.setDefinition(new CpsFlowDefinition("""
                lock('%s') {
                  node {
                    validateSibling candidate: '%s'
                    reprovisionSwitch target: '%s', command: 'id; reboot'
                  }
                }
                """.formatted(Lab.LOCK, refused, refused), true));
        WorkflowRun ownRun = j.buildAndAssertStatus(Result.FAILURE, own);
        j.assertLogContains("no re-provisioning command is named 'id; reboot'", ownRun);
        assertFalse(Lab.disrupted(fabric, refused), fabric.commands().commands(refused).toString());
        assertFalse(fabric.commands().anyMatching(refused, "^id"), fabric.commands().commands(refused).toString());

        String target = "leaf-r1-p2-pod1";
        SwitchUpgradeConfiguration.get().setSiteCommands(List.of(new SiteCommand("chef-reprovision",
                io.jenkins.plugins.switchupgrade.lab.ssh.CumulusLabCli.SITE_COMMAND)));
        WorkflowJob named = j.createProject(WorkflowJob.class, "named-command");
        named.setDefinition(new CpsFlowDefinition("""
                lock('%s') {
                  node {
                    validateSibling candidate: '%s'
                    reprovisionSwitch target: '%s', command: 'chef-reprovision'
                  }
                }
                """.formatted(Lab.LOCK, target, target), true));
        j.buildAndAssertSuccess(named);
        assertTrue(fabric.commands().anyMatching(target, "run_switch_provision\\.sh -F"),
                fabric.commands().commands(target).toString());
        assertFalse(fabric.commands().anyMatching(target, "^onie-select"), fabric.commands().commands(target).toString());
    }

    @Test
    void aSwitchIsSentAtMostOncePerBuild() throws Exception {
        String target = "leaf-r3-p2-pod1";
        WorkflowJob job = j.createProject(WorkflowJob.class, "twice");
        job.setDefinition(new CpsFlowDefinition("""
                lock('%s') {
                  node {
                    validateSibling candidate: '%s'
                    def sent = reprovisionSwitch target: '%s'
                    awaitExporter target: '%s', state: sent.await, silenceId: sent.silenceId, downSeconds: 30, upSeconds: 60
                    reprovisionSwitch target: '%s'
                  }
                }
                """.formatted(Lab.LOCK, target, target, target, target), true));

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("was already sent to its upgrade in this build", run);
        assertEquals(1, fabric.commands().commands(target).stream().filter(c -> c.contains("onie-select")).count());
    }

    @Test
    void secretsNeverReachTheLogOrTheArtifacts() throws Exception {
        String prometheusToken = "prometheus-token-" + System.nanoTime();
        String webhookToken = "webhook-token-" + System.nanoTime();
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/events", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        try {
            SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(
                    CredentialsScope.GLOBAL, "prometheus-token", "", Secret.fromString(prometheusToken)));
            SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(
                    CredentialsScope.GLOBAL, "webhook-token", "", Secret.fromString(webhookToken)));
            SystemCredentialsProvider.getInstance().save();
            SwitchUpgradeConfiguration config = SwitchUpgradeConfiguration.get();
            config.setPrometheusCredentialsId("prometheus-token");
            config.setAuditWebhookUrl("http://127.0.0.1:" + webhook.getAddress().getPort() + "/events");
            config.setAuditWebhookCredentialsId("webhook-token");
            String target = "leaf-r4-p1-pod1";
            WorkflowJob job = j.createProject(WorkflowJob.class, "masking");
            job.setDefinition(new CpsFlowDefinition("""
                    lock('%s') {
                      node {
                        validateSibling candidate: '%s'
                        def sent = reprovisionSwitch target: '%s', credentialsId: '%s'
                        awaitExporter target: '%s', state: sent.await, silenceId: sent.silenceId, downSeconds: 30, upSeconds: 60
                      }
                    }
                    """.formatted(Lab.LOCK, target, target, Lab.SSH_CREDENTIALS, target), true));

            WorkflowRun run = j.buildAndAssertSuccess(job);

            assertTrue(Lab.disrupted(fabric, target), "the key was used to log in");
            assertFalse(authorizations.isEmpty(), "the webhook received the events");
            assertTrue(authorizations.stream().allMatch(("Bearer " + webhookToken)::equals), authorizations.toString());
            String log = JenkinsRule.getLog(run);
            String audit = Lab.artifact(run, "audit.jsonl");
            assertNotNull(audit);
            for (String secret : secrets(prometheusToken, webhookToken)) {
                assertThat(log, not(containsString(secret)));
                assertThat(audit, not(containsString(secret)));
            }
            // everything the build persisted: build.xml, the saved step executions (program.dat, where a step's
            // fields go), flow nodes, the archive
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(run.getRootDir().toPath())) {
                for (java.nio.file.Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                    String content = new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    for (String secret : secrets(prometheusToken, webhookToken)) {
                        assertThat(file.toString(), content, not(containsString(secret)));
                    }
                }
            }
        } finally {
            webhook.stop(0);
        }
    }

    /** The tokens and every line of the SSH private key's body. */
    private static List<String> secrets(String... tokens) throws IOException {
        List<String> secrets = new java.util.ArrayList<>(List.of(tokens));
        for (String line : Lab.privateKey(lab.fabric()).split("\\R")) {
            if (line.trim().length() >= 16 && !line.startsWith("-----")) {
                secrets.add(line.trim());
            }
        }
        secrets.add("PRIVATE KEY-----");
        return secrets;
    }
}
