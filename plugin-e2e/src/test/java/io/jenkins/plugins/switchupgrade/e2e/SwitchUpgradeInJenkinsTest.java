package io.jenkins.plugins.switchupgrade.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jenkins.plugins.switchupgrade.lab.CommandRecord;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The plugin in a real Jenkins: the war of {@code JENKINS_WAR} as its own process, the plugins of
 * {@code JENKINS_PLUGINS_DIR} and this project's .hpi, configured by Configuration as Code with the YAML of
 * {@code docs/plugin/configuration.md}, driven over its REST API only, against the lab. The Cumulus scenarios run on
 * one lab, then the controller is restarted on an AOS lab (the same home; the environment names the new lab) for
 * Story B. What each switch received is proven from the lab's command record, silences from the lab's Alertmanager,
 * the announced events from the audit webhook. Jenkins' logs and every build's console are kept under
 * {@code target/e2e/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwitchUpgradeInJenkinsTest {

    private static final String DATACENTER = "lab1";
    private static final String LOCK = "switch-upgrade-" + DATACENTER;
    private static final String FROM = "5.9.1";
    private static final String TO = "5.10.0";
    private static final String AOS_FROM = "7.3.1.748.R01";
    private static final String AOS_TO = "7.3.2.374.R01";
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(12);
    private static final Duration QUEUE_LIMIT = Duration.ofMinutes(3);

    private final DocumentedSources docs = DocumentedSources.ofThisProject();
    private Path out;
    private JenkinsController jenkins;
    private JenkinsRest admin;
    private JenkinsRest operator;
    private AuditWebhook webhook;
    private Fabric cumulus;
    private Fabric aos;
    private Fabric current;
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();
    private String storyAJob;
    private int storyABuild;

    @BeforeAll
    void startJenkinsOnTheCumulusLab() {
        JenkinsController.Inputs inputs = JenkinsController.Inputs.fromEnvironment();
        out = Path.of(System.getProperty("switchupgrade.e2e.out", "target/e2e")).toAbsolutePath();
        deleteEarlierRun(out);
        secrets.put("E2E_ADMIN_PASSWORD", "admin-" + UUID.randomUUID());
        secrets.put("E2E_OPERATOR_PASSWORD", "operator-" + UUID.randomUUID());
        secrets.put("PROMETHEUS_TOKEN", "prometheus-" + UUID.randomUUID());
        secrets.put("ALERTMANAGER_TOKEN", "alertmanager-" + UUID.randomUUID());
        secrets.put("CHANGELOG_TOKEN", "changelog-" + UUID.randomUUID());
        webhook = new AuditWebhook(secrets.get("CHANGELOG_TOKEN"));
        cumulus = Fabric.builder().datacenter(DATACENTER).racks(4).spines(0).alertmanager(true)
                .rebootTime(Duration.ofSeconds(3)).convergeTime(Duration.ofMillis(500))
                .stateDir(tempDir("lab-cumulus-")).build().start();
        jenkins = JenkinsController.prepare(inputs, out);
        LabConfiguration.write(jenkins.cascDir(), docs, DATACENTER);
        startOn(cumulus);
        admin = new JenkinsRest(jenkins.url(), LabConfiguration.ADMIN, secrets.get("E2E_ADMIN_PASSWORD"));
        operator = new JenkinsRest(jenkins.url(), LabConfiguration.OPERATOR, secrets.get("E2E_OPERATOR_PASSWORD"));
    }

    @AfterAll
    void stopEverything() {
        // every process by its PID, also when a scenario failed
        if (jenkins != null) {
            if (jenkins.isRunning() && admin != null) {
                keepEveryConsole();
            }
            jenkins.stop();
        }
        for (Fabric fabric : new Fabric[] {cumulus, aos}) {
            if (fabric != null) {
                fabric.close();
            }
        }
        if (webhook != null) {
            webhook.close();
        }
    }

    /** Every build's console, also of those a failed scenario did not wait for, into target/e2e/consoles/. */
    private void keepEveryConsole() {
        try {
            JsonObject all = admin.json("api/json?tree=jobs[name,builds[number]]");
            for (JsonElement job : all.getAsJsonArray("jobs")) {
                String name = job.getAsJsonObject().get("name").getAsString();
                for (JsonElement build : job.getAsJsonObject().getAsJsonArray("builds")) {
                    int number = build.getAsJsonObject().get("number").getAsInt();
                    Path file = out.resolve("consoles/" + name + "-" + number + ".txt");
                    if (!Files.exists(file)) {
                        saveText("consoles/" + name + "-" + number + ".txt", admin.console(name, number));
                    }
                }
            }
        } catch (RuntimeException e) {
            System.out.println("could not keep every console: " + e);
        }
    }

    // the logs, consoles and pages of this run only; an earlier run's homes and labs go with them
    private static void deleteEarlierRun(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the earlier run's " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path tempDir(String prefix) {
        try {
            Files.createDirectories(out);
            return Files.createTempDirectory(out, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** (Re)starts the controller with the environment naming {@code fabric}. */
    private void startOn(Fabric fabric) {
        jenkins.environment(LabConfiguration.environment(fabric, webhook.url(), secrets));
        jenkins.start(LabConfiguration.ADMIN, secrets.get("E2E_ADMIN_PASSWORD"));
        current = fabric;
        if (admin != null) {
            admin.newSession();
            operator.newSession();
        }
    }

    // ---- Story A, as documented, to SUCCESS

    @Test
    @Order(1)
    void theConfigurationOfThePageIsLoaded() {
        JsonObject who = admin.json("whoAmI/api/json");
        assertEquals(LabConfiguration.ADMIN, who.get("name").getAsString(), who.toString());
        String log = jenkins.logs();
        assertFalse(log.contains("ConfiguratorException"), "Configuration as Code applied without errors:\n"
                + jenkins.tail(60));
        // the plugin is loaded and active
        JsonObject plugins = admin.json("pluginManager/api/json?tree=plugins[shortName,version,active,enabled]");
        JsonObject ours = null;
        for (JsonElement plugin : plugins.getAsJsonArray("plugins")) {
            if (plugin.getAsJsonObject().get("shortName").getAsString().equals("switch-upgrade")) {
                ours = plugin.getAsJsonObject();
            }
        }
        assertNotNull(ours, "switch-upgrade is installed: " + plugins);
        assertTrue(ours.get("active").getAsBoolean(), ours.toString());
        saveText("plugins.json", plugins.toString());
        // what Configuration as Code made of the page's YAML, exported as an administrator would
        JenkinsRest.Posted export = admin.post("configuration-as-code/export", null);
        assertEquals(200, export.status(), export.body());
        saveText("casc-export.yaml", export.body());
        for (String expected : List.of("prometheusUrl: \"" + cumulus.prometheus().url(), "maxInventory",
                "chef-reprovision", "peer=", "configCheck: true", "drain: true")) {
            assertTrue(export.body().contains(expected), expected + " in the exported configuration:\n"
                    + export.body());
        }
    }

    @Test
    @Order(2)
    void theDocumentedStoryAJenkinsfileUpgradesOneLeaf() {
        storyAJob = "upgrade-lab1-leaves";
        admin.createItem(storyAJob, JobConfigs.pipeline(docs.storyAJenkinsfile(), storyAParameters(), Map.of()));
        Set<String> disruptedBefore = disrupted(cumulus);

        storyABuild = admin.build(storyAJob, Map.of("DATACENTER", DATACENTER), QUEUE_LIMIT);
        String console = finished(admin, storyAJob, storyABuild, "SUCCESS");

        String name = upgradedSwitch(admin, storyAJob, storyABuild);
        assertStoryAOutcome(admin, storyAJob, storyABuild, name, console, disruptedBefore);
    }

    @Test
    @Order(3)
    void aUserWithoutRunUpdateRunsStoryAUnderAuthorizeProject() {
        String job = "upgrade-lab1-leaves-operator";
        admin.createItem(job, JobConfigs.pipeline(docs.storyAJenkinsfile(), storyAParameters(), Map.of()));
        Set<String> disruptedBefore = disrupted(cumulus);

        int number = operator.build(job, Map.of("DATACENTER", DATACENTER), QUEUE_LIMIT);
        String console = finished(operator, job, number, "SUCCESS");

        assertTrue(console.contains("Running as " + LabConfiguration.OPERATOR), "the build runs as the user who "
                + "started it (Authorize Project):\n" + JenkinsRest.tail(console, 60));
        String name = upgradedSwitch(operator, job, number);
        assertStoryAOutcome(operator, job, number, name, console, disruptedBefore);
        // the user could not have written that description: Run/Update is not theirs
        JenkinsRest.Posted own = operator.post(JenkinsRest.job(job) + number + "/submitDescription",
                new okhttp3.FormBody.Builder().add("description", "mine").build());
        assertEquals(403, own.status(), "the operator lacks Run/Update");
        assertTrue(description(admin, job, number).contains(name + ": upgraded " + FROM + " → " + TO));
    }

    private Map<String, String> storyAParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("DATACENTER", DATACENTER);
        parameters.put("ROLE", "leaf");
        parameters.put("FROM_VERSION", FROM);
        parameters.put("TO_VERSION", TO);
        parameters.put("CHANGE", "CHG-1234");
        return parameters;
    }

    private void assertStoryAOutcome(JenkinsRest client, String job, int number, String name, String console,
            Set<String> disruptedBefore) {
        assertTrue(console.contains(name + " runs " + TO), JenkinsRest.tail(console, 40));
        assertTrue(description(client, job, number).contains(name + ": upgraded " + FROM + " → " + TO),
                description(client, job, number));
        for (String file : List.of("pre.json", "validation.json", "post.json", "diff.json")) {
            assertNotNull(client.artifact(job, number, "switch-upgrade/" + name + "/" + file), file + " is archived");
        }
        String audit = client.artifact(job, number, "audit.jsonl");
        assertNotNull(audit, "audit.jsonl is archived");
        assertInOrder(audit, "silence-created", "reprovision-sent", "switch-down", "switch-up", "diff-passed",
                "silence-expired");
        CommandRecord commands = cumulus.commands();
        assertTrue(commands.anyMatching(name, "^onie-select -i -f"), commands.commands(name).toString());
        assertTrue(commands.anyMatching(name, "^reboot"), commands.commands(name).toString());
        Set<String> now = disrupted(cumulus);
        now.removeAll(disruptedBefore);
        assertEquals(Set.of(name), now, "one switch per build");
        assertSilencesExpired(cumulus, name);
        assertAnnounced(name, "silence-created", "reprovision-sent", "silence-expired");
        used.add(name);
    }

    // ---- the freestyle job of its page, and the refusal without the lock

    private JobConfigs.Round documentedRound() {
        assertEquals("dc1", docs.freestyleExample("Data center", 0), "the page's data center is replaced by the lab's");
        return new JobConfigs.Round(DATACENTER, docs.freestyleExample("Role", 0),
                docs.freestyleExample("From version / To version", 0),
                docs.freestyleExample("From version / To version", 1),
                Integer.parseInt(docs.freestyleExample("Rack position", 0)),
                Integer.parseInt(docs.freestyleExample("Switches per build", 0)),
                Integer.parseInt(docs.freestyleExample("Racks at once", 0)),
                Integer.parseInt(docs.freestyleExample("Silence, settle time", 0)),
                Integer.parseInt(docs.freestyleExample("Silence, settle time", 1)));
    }

    @Test
    @Order(4)
    void theDocumentedFreestyleJobUpgradesOneLeaf() {
        String job = "upgrade-lab1-leaves-freestyle";
        admin.createItem(job, JobConfigs.freestyle("mgmt", LOCK, "H 2 * * 1-5", documentedRound()));
        Set<String> disruptedBefore = disrupted(cumulus);

        int number = admin.build(job, Map.of(), QUEUE_LIMIT);
        finished(admin, job, number, "SUCCESS");

        JsonObject action = reportAction(admin, job, number);
        JsonObject round = action.getAsJsonObject("round");
        assertEquals("completed", round.get("status").getAsString(), round.toString());
        String name = upgradedSwitch(admin, job, number);
        assertTrue(name.contains("-p1-"), "rack position 1 of the page: " + name);
        String description = description(admin, job, number);
        assertTrue(description.startsWith("Round completed"), description);
        assertTrue(description.contains(name + ": upgraded " + FROM + " → " + TO), description);
        for (String file : List.of("report.json", "report.html", "audit.jsonl", "switch-upgrade/" + name + "/pre.json",
                "switch-upgrade/" + name + "/post.json", "switch-upgrade/" + name + "/diff.json")) {
            assertNotNull(admin.artifact(job, number, file), file + " is archived");
        }
        Set<String> now = disrupted(cumulus);
        now.removeAll(disruptedBefore);
        assertEquals(Set.of(name), now, "Switches per build: 1");
        assertSilencesExpired(cumulus, name);
        used.add(name);
    }

    @Test
    @Order(5)
    void withoutTheLockableResourceNothingIsSent() {
        String job = "upgrade-lab1-leaves-unlocked";
        admin.createItem(job, JobConfigs.freestyle("mgmt", null, "H 2 * * 1-5", documentedRound()));
        int commandsBefore = cumulus.commands().entries().size();

        int number = admin.build(job, Map.of(), QUEUE_LIMIT);
        String console = finished(admin, job, number, "FAILURE");

        // the refusal of the page, with this job, this build and the lab's data center
        String documented = String.join(" ", docs.freestyleRefusal());
        String[] parts = documented.split(" \\.\\.\\. ");
        assertEquals(2, parts.length, documented);
        String head = parts[0].replace("upgrade-dc1-leaves #7", job + " #" + number).replace("dc1", DATACENTER);
        String tail = parts[1].replace("dc1", DATACENTER);
        assertTrue(oneLine(console).contains(head), head + " in\n" + console);
        assertTrue(oneLine(console).contains(tail), tail + " in\n" + console);
        assertEquals(commandsBefore, cumulus.commands().entries().size(), "no switch contacted");

        // a Pipeline outside lock(...) is refused the same way, before any command
        String target = pickTarget(cumulus);
        String pipeline = "no-lock";
        admin.createItem(pipeline, JobConfigs.pipeline("""
                node('mgmt') {
                  def check = validateSibling candidate: '%s'
                  reprovisionSwitch target: '%s', reason: 'e2e: without the lock'
                }
                """.formatted(target, target), Map.of(), Map.of()));
        int refused = admin.build(pipeline, Map.of(), QUEUE_LIMIT);
        String refusal = finished(admin, pipeline, refused, "FAILURE");
        assertTrue(refusal.contains("does not hold the lockable resource '" + LOCK + "'"), refusal);
        assertTrue(refusal.contains("lock('" + LOCK + "') { ... }"), refusal);
        assertFalse(cumulus.commands().anyMatching(target, "onie-select|reboot|provision"),
                cumulus.commands().commands(target).toString());
        assertTrue(silencesOf(cumulus, target).isEmpty(), "no silence without the lock");
    }

    // ---- a controller restart while awaitExporter waits

    private static String waitingJenkinsfile(String target, String reason, String toVersion) {
        return """
                lock('%s') {
                  node('mgmt') {
                    def check = validateSibling candidate: '%s'
                    if (!check.passed) { error "sibling check of %s failed: ${check.reasons}" }
                    def sent = reprovisionSwitch target: '%s', reason: '%s'
                    def back = awaitExporter target: '%s', state: sent.await, silenceId: sent.silenceId,
                            downSeconds: 120, upSeconds: 1200, freshSeconds: 120
                    echo "BACK ${back.phase} ${back.downEvidence}"
                    def diff = diffMetrics target: '%s', toVersion: '%s', silenceId: sent.silenceId, settleSeconds: 30
                    if (!diff.passed) { error "post-upgrade validation of %s failed: ${diff.reasons}" }
                    echo "UPGRADED %s"
                  }
                }
                """.formatted(LOCK, target, target, target, reason, target, target, toVersion, target, target);
    }

    @Test
    @Order(6)
    void aRestartOfTheControllerWhileAwaitExporterWaitsGoesOnWithTheWait() {
        String target = pickTarget(cumulus);
        LabSwitch labSwitch = cumulus.get(target);
        // the switch stays down until the test brings it back, after the restart: no race with the reboot time
        labSwitch.inject(LabFault.NO_RETURN);
        String job = "restart-during-await";
        admin.createItem(job, JobConfigs.pipeline(waitingJenkinsfile(target, "e2e: restart", TO), Map.of(), Map.of()));

        int number = admin.build(job, Map.of(), QUEUE_LIMIT);
        admin.awaitConsole(job, number, "awaitExporter " + target + ": phase WAIT_UP", BUILD_LIMIT);
        saveText("consoles/" + job + "-" + number + "-before-restart.txt", admin.console(job, number));

        jenkins.stop();
        Instant restarted = Instant.now();
        startOn(cumulus);
        bringBack(labSwitch, TO);

        String console = finished(admin, job, number, "SUCCESS");
        assertTrue(console.contains("awaitExporter " + target + ": Jenkins restarted; going on with the wait from "
                + "phase WAIT_UP"), console);
        assertTrue(console.contains("BACK BACK port 9100 closed"), console);
        assertTrue(console.contains("UPGRADED " + target), console);
        List<String> sent = cumulus.commands().commands(target);
        assertEquals(1, sent.stream().filter(c -> c.startsWith("onie-select")).count(), sent.toString());
        assertEquals(1, sent.stream().filter(c -> c.startsWith("reboot")).count(), sent.toString());
        List<CommandRecord.Entry> afterRestart = cumulus.commands().forSwitch(target).stream()
                .filter(e -> e.time().isAfter(restarted)).toList();
        assertTrue(afterRestart.stream().noneMatch(e -> e.command().matches("(?s).*(onie-select|reboot|provision).*")),
                "nothing disruptive sent again after the restart: " + afterRestart);
        String audit = admin.artifact(job, number, "audit.jsonl");
        assertNotNull(audit);
        assertEquals(1, count(audit, "\"event\":\"reprovision-sent\""), audit);
        assertEquals(1, count(audit, "\"event\":\"switch-down\""), audit);
        assertEquals(1, count(audit, "\"event\":\"switch-up\""), audit);
        assertEquals(1, webhook.about(target).stream().filter(e -> e.is("reprovision-sent")).count(),
                "announced once: " + webhook.about(target));
        assertEquals("upgraded", entry(admin, job, number, target).get("verdict").getAsString());
        assertSilencesExpired(cumulus, target);
        assertFalse(jenkins.logs().contains("IllegalAccessException"), "the shutdown ran the plugin's @Terminator");
        used.add(target);
    }

    // ---- an abort during awaitExporter

    @Test
    @Order(7)
    void anAbortDuringAwaitExporterExpiresTheSilenceAndKeepsTheAuditTrail() {
        String target = pickTarget(cumulus);
        LabSwitch labSwitch = cumulus.get(target);
        labSwitch.inject(LabFault.NO_RETURN);
        String job = "abort-during-await";
        admin.createItem(job, JobConfigs.pipeline(waitingJenkinsfile(target, "e2e: abort", TO), Map.of(), Map.of()));

        int number = admin.build(job, Map.of(), QUEUE_LIMIT);
        admin.awaitConsole(job, number, "awaitExporter " + target + ": phase WAIT_UP", BUILD_LIMIT);
        admin.stop(job, number);
        try {
            finished(admin, job, number, "ABORTED");

            assertSilencesExpired(cumulus, target);
            String audit = admin.artifact(job, number, "audit.jsonl");
            assertNotNull(audit, "the audit trail of the aborted build is archived");
            assertInOrder(audit, "silence-created", "reprovision-sent", "interrupted", "silence-expired");
            JsonObject entry = entry(admin, job, number, target);
            assertEquals("failed", entry.get("verdict").getAsString(), entry.toString());
            assertTrue(entry.get("reason").getAsString().contains("stopped"), entry.toString());
        } finally {
            // the switch comes back on its old version; a person acknowledges, so that the data center may go on
            used.add(target);
            bringBack(labSwitch, FROM);
            acknowledge(target, "e2e: aborted on purpose; the switch is back on " + FROM);
        }
    }

    // ---- a bgp-loss fault

    @Test
    @Order(8)
    void aSwitchThatLostBgpPeersFailsTheBuildAndItsAlertsGoToPeople() {
        String target = pickTarget(cumulus);
        cumulus.get(target).inject(LabFault.BGP_LOSS);
        Set<String> disruptedBefore = disrupted(cumulus);
        String job = "bgp-loss";
        admin.createItem(job, JobConfigs.pipeline(waitingJenkinsfile(target, "e2e: bgp-loss", TO), Map.of(), Map.of()));

        int number = admin.build(job, Map.of(), QUEUE_LIMIT);
        used.add(target);
        try {
            theFailureIsReportedAndBlocksTheDataCenter(job, number, target, disruptedBefore);
        } finally {
            acknowledge(target, "e2e: the BGP loss was injected on purpose");
        }
    }

    private void theFailureIsReportedAndBlocksTheDataCenter(String job, int number, String target,
            Set<String> disruptedBefore) {
        String console = finished(admin, job, number, "FAILURE");
        assertTrue(console.contains("post-upgrade validation of " + target + " failed"), console);
        assertTrue(console.contains("bgp"), "the reason names the BGP peers: " + JenkinsRest.tail(console, 30));
        assertSilencesExpired(cumulus, target);
        String audit = admin.artifact(job, number, "audit.jsonl");
        assertNotNull(audit);
        assertInOrder(audit, "silence-created", "reprovision-sent", "switch-down", "switch-up", "diff-failed",
                "silence-expired");
        assertAnnounced(target, "reprovision-sent", "silence-expired");
        Set<String> now = disrupted(cumulus);
        now.removeAll(disruptedBefore);
        assertEquals(Set.of(target), now, "nothing further touched");
        assertEquals("failed", entry(admin, job, number, target).get("verdict").getAsString());

        // the failure blocks the data center: the next Story A build refuses, naming the switch, and sends nothing
        Set<String> beforeNext = disrupted(cumulus);
        int next = admin.build(storyAJob, Map.of("DATACENTER", DATACENTER), QUEUE_LIMIT);
        String refused = finished(admin, storyAJob, next, "FAILURE");
        assertTrue(refused.contains(target), "the refusal names " + target + ":\n" + JenkinsRest.tail(refused, 40));
        assertEquals(beforeNext, disrupted(cumulus), "nothing sent while the failure is not acknowledged");
    }

    // ---- the build page and the Snippet Generator in a browser

    @Test
    @Order(9)
    void theBuildPageAndTheSnippetGeneratorRenderInABrowser() {
        assertNotNull(storyAJob, "Story A ran first");
        String name = upgradedSwitch(admin, storyAJob, storyABuild);
        Path pages = out.resolve("pages");
        try (HeadlessChromium chromium = HeadlessChromium.start(out.resolve("chromium"),
                okhttp3.Credentials.basic(LabConfiguration.ADMIN, secrets.get("E2E_ADMIN_PASSWORD")))) {
            chromium.open(admin.url(JenkinsRest.job(storyAJob) + storyABuild + "/"));
            String build = chromium.dom();
            saveText("pages/story-a-build.html", build);
            chromium.screenshot(pages.resolve("story-a-build.png"));
            assertTrue(build.contains(name), "the build page shows the switch " + name);
            assertTrue(build.contains("Switch upgrade"), "the build page links the action");

            chromium.open(admin.url(JenkinsRest.job(storyAJob) + storyABuild + "/switch-upgrade/"));
            String report = chromium.dom();
            saveText("pages/story-a-switch-upgrade.html", report);
            chromium.screenshot(pages.resolve("story-a-switch-upgrade.png"));
            assertTrue(report.contains(name) && report.contains("upgraded"), "the action's page shows " + name);

            // the Snippet Generator of one step: choose reprovisionSwitch, fill in its target, generate
            chromium.open(admin.url(JenkinsRest.job(storyAJob) + "pipeline-syntax/"));
            String chosen = chromium.evaluate("""
                    (() => {
                      for (const select of document.querySelectorAll('select')) {
                        for (const option of select.options) {
                          if (option.textContent.trim().startsWith('reprovisionSwitch')) {
                            select.value = option.value;
                            select.dispatchEvent(new Event('change', {bubbles: true}));
                            return option.textContent.trim();
                          }
                        }
                      }
                      return null;
                    })()""");
            assertNotNull(chosen, "the Snippet Generator offers reprovisionSwitch");
            chromium.awaitTrue("[...document.querySelectorAll('input[name=\"_.target\"]')]"
                    + ".some(i => i.offsetParent !== null)", Duration.ofSeconds(30));
            chromium.evaluate("""
                    (() => {
                      const target = [...document.querySelectorAll('input[name="_.target"]')]
                          .find(i => i.offsetParent !== null);
                      target.value = '%s';
                      target.dispatchEvent(new Event('change', {bubbles: true}));
                      const button = [...document.querySelectorAll('button, input[type=button]')]
                          .find(b => (b.textContent || b.value || '').includes('Generate Pipeline Script'));
                      button.click();
                      return 'ok';
                    })()""".formatted(name));
            chromium.awaitTrue("(document.getElementById('prototypeText') || {}).value"
                    + "?.includes(\"reprovisionSwitch\")", Duration.ofSeconds(30));
            String snippet = chromium.evaluate("document.getElementById('prototypeText').value");
            saveText("pages/snippet-generator.html", chromium.dom());
            chromium.screenshot(pages.resolve("snippet-generator-reprovisionSwitch.png"));
            // the one required argument alone is written positionally
            assertTrue(snippet.contains("reprovisionSwitch '" + name + "'") || snippet.contains("target: '" + name + "'"),
                    "the generated step: " + snippet);
        }
    }

    // ---- Story B on an AOS lab: the controller restarted on the same home

    @Test
    @Order(10)
    void theDocumentedStoryBJenkinsfileRunsIssuOnAVirtualChassis() {
        useAosLab();
        String target = aos.switches().get(0).name();
        String job = "issu-vc";
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("TARGET", target);
        parameters.put("DATACENTER", DATACENTER);
        parameters.put("IMAGE_DIRECTORY", "new_firm");
        parameters.put("EXPECTED_RELEASE", AOS_TO);
        parameters.put("CHANGE", "CHG-2345");
        admin.createItem(job, JobConfigs.pipeline(docs.storyBJenkinsfile(), parameters,
                Map.of("FIX_MAC_RETENTION", false)));

        int number = admin.build(job, parameters, QUEUE_LIMIT);
        String message = "Run ISSU on " + target + " to " + AOS_TO + "?";
        admin.awaitConsole(job, number, message, BUILD_LIMIT);
        assertTrue(aos.commands().commands(target).stream().noneMatch(c -> c.startsWith("issu")),
                "nothing sent before the approval");
        proceed(job, number, message);
        String console = finished(admin, job, number, "SUCCESS");

        assertTrue(Pattern.compile("master \\S+ -> \\S+; slaves in order").matcher(console).find(), console);
        assertTrue(console.contains(AOS_FROM + " -> " + AOS_TO), console);
        assertTrue(aos.commands().anyMatching(target, "^issu from new_firm"), aos.commands().commands(target).toString());
        String audit = admin.artifact(job, number, "audit.jsonl");
        assertNotNull(audit);
        assertInOrder(audit, "silence-created", "disruption-sent", "silence-expired");
        for (String file : List.of("issu.json", "post.json", "diff.json")) {
            assertNotNull(admin.artifact(job, number, "switch-upgrade/" + target + "/" + file), file + " is archived");
        }
        assertEquals("upgraded", entry(admin, job, number, target).get("verdict").getAsString());
        assertTrue(description(admin, job, number).contains(target), description(admin, job, number));
        assertSilencesExpired(aos, target);
        assertAnnounced(target, "silence-created", "disruption-sent", "silence-expired");
    }

    @Test
    @Order(11)
    void anAbortDuringIssuExpiresTheSilenceAndTheBuildPageSaysFailed() {
        useAosLab();
        String target = aos.switches().get(1).name();
        String job = "issu-abort";
        admin.createItem(job, JobConfigs.pipeline("""
                lock('%s') {
                  node('mgmt') {
                    issuUpgrade target: '%s', imageDirectory: 'new_firm', expectedRelease: '%s', reason: 'e2e: abort'
                  }
                }
                """.formatted(LOCK, target, AOS_TO), Map.of(), Map.of()));

        int number = admin.build(job, Map.of(), QUEUE_LIMIT);
        Instant limit = Instant.now().plus(BUILD_LIMIT);
        int polls = 0;
        while (!aos.commands().anyMatching(target, "^issu from") && Instant.now().isBefore(limit)) {
            if (++polls % 20 == 0 && !admin.build(job, number).building()) {
                break;
            }
            JenkinsController.sleep(Duration.ofMillis(100));
        }
        assertTrue(aos.commands().anyMatching(target, "^issu from"), aos.commands().commands(target) + "; the console "
                + "ends:\n" + JenkinsRest.tail(admin.console(job, number), 30));
        admin.stop(job, number);
        finished(admin, job, number, "ABORTED");

        String audit = admin.artifact(job, number, "audit.jsonl");
        assertNotNull(audit, "the audit trail of the aborted call is archived");
        assertInOrder(audit, "silence-created", "disruption-sent", "silence-expired");
        JsonObject entry = entry(admin, job, number, target);
        // security.md: an abort expires the silence at once, and the build page says the switch failed (stopped),
        // neither "sending" nor an outcome the aborted step went on to reach
        assertEquals("failed", entry.get("verdict").getAsString(), "the aborted issuUpgrade: " + entry);
        assertTrue(entry.get("reason").getAsString().contains("stopped"), entry.toString());
        assertSilencesExpired(aos, target);
    }

    private void useAosLab() {
        if (current == aos && aos != null) {
            return;
        }
        // the fabric's built-in aos CLI answers as a two-chassis virtual chassis
        // long enough reboots to abort in the middle of an ISSU
        aos = Fabric.builder().datacenter(DATACENTER).racks(1).spines(0).platform("aos").fromVersion(AOS_FROM)
                .toVersion(AOS_TO).alertmanager(true).rebootTime(Duration.ofSeconds(15))
                .convergeTime(Duration.ofMillis(500)).stateDir(tempDir("lab-aos-")).build().start();
        jenkins.stop();
        startOn(aos);
    }

    // ---- builds, the lab, Alertmanager, the webhook

    /** Waits for the build, keeps its console under target/e2e/consoles/, and checks its result. */
    private String finished(JenkinsRest client, String job, int number, String result) {
        JenkinsRest.Build build = client.awaitCompletion(job, number, BUILD_LIMIT);
        String console = client.console(job, number);
        saveText("consoles/" + job + "-" + number + ".txt", console);
        assertEquals(result, build.result(), job + " #" + number + "; its console ends:\n"
                + JenkinsRest.tail(console, 60));
        return console;
    }

    private void saveText(String relative, String text) {
        try {
            Path file = out.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonObject reportAction(JenkinsRest client, String job, int number) {
        JsonObject run = client.buildJson(job, number, "actions[switches[*],round[*]]");
        for (JsonElement action : run.getAsJsonArray("actions")) {
            if (action.isJsonObject() && action.getAsJsonObject().has("switches")) {
                return action.getAsJsonObject();
            }
        }
        throw new AssertionError(job + " #" + number + " has no Switch upgrade action in its api/json: " + run);
    }

    private JsonObject entry(JenkinsRest client, String job, int number, String name) {
        for (JsonElement entry : reportAction(client, job, number).getAsJsonArray("switches")) {
            if (name.equals(entry.getAsJsonObject().get("name").getAsString())) {
                return entry.getAsJsonObject();
            }
        }
        throw new AssertionError(job + " #" + number + " reports no switch " + name + ": "
                + reportAction(client, job, number));
    }

    private String upgradedSwitch(JenkinsRest client, String job, int number) {
        List<String> upgraded = new ArrayList<>();
        JsonArray switches = reportAction(client, job, number).getAsJsonArray("switches");
        for (JsonElement entry : switches) {
            JsonObject e = entry.getAsJsonObject();
            if ("upgraded".equals(e.get("verdict").getAsString())) {
                upgraded.add(e.get("name").getAsString());
                assertEquals(FROM, e.get("fromVersion").getAsString(), e.toString());
                assertEquals(TO, e.get("version").getAsString(), e.toString());
                assertFalse(e.getAsJsonObject("preMetrics").entrySet().isEmpty(), "pre metrics: " + e);
                assertFalse(e.getAsJsonObject("postMetrics").entrySet().isEmpty(), "post metrics: " + e);
            }
        }
        assertEquals(1, upgraded.size(), "one switch upgraded: " + switches);
        return upgraded.get(0);
    }

    private String description(JenkinsRest client, String job, int number) {
        JsonElement description = client.buildJson(job, number, "description").get("description");
        return description == null || description.isJsonNull() ? "" : description.getAsString();
    }

    private void acknowledge(String target, String reason) {
        String job = "acknowledge-" + target;
        admin.createItem(job, JobConfigs.pipeline("acknowledgeFailure datacenter: '%s', switchName: '%s', reason: '%s'\n"
                .formatted(DATACENTER, target, reason), Map.of(), Map.of()));
        finished(admin, job, admin.build(job, Map.of(), QUEUE_LIMIT), "SUCCESS");
    }

    private void proceed(String job, int number, String message) {
        // the input step's id when none is given: its message's MD5, first letter capitalised
        String id = capitalized(md5(message));
        Instant limit = Instant.now().plusSeconds(60);
        while (true) {
            JenkinsRest.Posted posted = admin.post(JenkinsRest.job(job) + number + "/input/" + id + "/proceedEmpty",
                    null);
            if (posted.status() < 400) {
                return;
            }
            if (Instant.now().isAfter(limit)) {
                throw new AssertionError("cannot approve input " + id + " of " + job + " #" + number + ": "
                        + posted.status());
            }
            JenkinsController.sleep(Duration.ofSeconds(1));
        }
    }

    private static String md5(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** A leaf still on the from version, not used by an earlier scenario, whose rack sibling is up and healthy. */
    private String pickTarget(Fabric fabric) {
        for (LabSwitch candidate : fabric.switches()) {
            if (used.contains(candidate.name()) || !candidate.version().equals(FROM) || !candidate.faults().isEmpty()) {
                continue;
            }
            boolean siblingFine = fabric.switches().stream().filter(s -> s != candidate && s.rack() == candidate.rack())
                    .allMatch(s -> s.isUp() && s.faults().isEmpty());
            if (siblingFine) {
                return candidate.name();
            }
        }
        throw new AssertionError("the lab has no leaf left on " + FROM + " for this scenario: " + fabric.switches());
    }

    /** Brings back a switch held down by no-return, as ZTP and Chef would: its version, its peers, its links. */
    private static void bringBack(LabSwitch labSwitch, String version) {
        labSwitch.clear(LabFault.NO_RETURN);
        labSwitch.setVersion(version);
        labSwitch.setDrained(false);
        labSwitch.restorePower();
        labSwitch.setBgpEstablished(labSwitch.bgpPeers());
        labSwitch.setLinksUp(labSwitch.links());
    }

    private static Set<String> disrupted(Fabric fabric) {
        Set<String> names = new HashSet<>();
        for (LabSwitch labSwitch : fabric.switches()) {
            if (fabric.commands().anyMatching(labSwitch.name(), "^(onie-select|reboot|issu from)|provision")) {
                names.add(labSwitch.name());
            }
        }
        return names;
    }

    /** The silences of the lab's Alertmanager with a matcher naming the switch. */
    private static List<JsonObject> silencesOf(Fabric fabric, String name) {
        OkHttpClient http = new OkHttpClient();
        Request request = new Request.Builder().url(fabric.alertmanager().url() + "/api/v2/silences").build();
        try (Response response = http.newCall(request).execute()) {
            JsonArray all = JsonParser.parseString(response.body().string()).getAsJsonArray();
            List<JsonObject> matching = new ArrayList<>();
            for (JsonElement silence : all) {
                for (JsonElement matcher : silence.getAsJsonObject().getAsJsonArray("matchers")) {
                    if (matcher.getAsJsonObject().get("value").getAsString().contains(name)) {
                        matching.add(silence.getAsJsonObject());
                        break;
                    }
                }
            }
            return matching;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lab's Alertmanager: " + e.getMessage(), e);
        }
    }

    /** The switch was silenced (both documented matcher sets) and every one of its silences is expired now. */
    private static void assertSilencesExpired(Fabric fabric, String name) {
        List<JsonObject> silences = silencesOf(fabric, name);
        assertTrue(silences.size() >= 2, "the documented silenceMatchers make two silences for " + name + ": "
                + silences);
        for (JsonObject silence : silences) {
            assertEquals("expired", silence.getAsJsonObject("status").get("state").getAsString(),
                    "the silence of " + name + " is expired, its alerts reach people: " + silence);
        }
    }

    private void assertAnnounced(String name, String... events) {
        List<AuditWebhook.Event> about = webhook.about(name);
        for (String event : events) {
            assertTrue(about.stream().anyMatch(e -> e.is(event)), "the change log received " + event + " for " + name
                    + ": " + about);
        }
        assertTrue(webhook.refused().isEmpty(), "every request had the configured token: " + webhook.refused());
    }

    private static void assertInOrder(String audit, String... events) {
        int from = 0;
        for (String event : events) {
            int at = audit.indexOf("\"event\":\"" + event + "\"", from);
            assertTrue(at >= 0, "audit.jsonl has " + event + " after the events before it (" + String.join(", ", events)
                    + "):\n" + audit);
            from = at;
        }
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }

    /** A page's address with the admin's credentials, as a browser is given them. */
    private String browserUrl(String path) {
        return jenkins.url().replace("http://", "http://" + LabConfiguration.ADMIN + ":"
                + secrets.get("E2E_ADMIN_PASSWORD") + "@") + path;
    }
}
