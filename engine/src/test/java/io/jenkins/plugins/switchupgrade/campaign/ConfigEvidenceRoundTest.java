package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.drivers.CumulusConfig;
import io.jenkins.plugins.switchupgrade.drivers.SwitchConfiguration;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configuration before and after, against the lab: saved beside pre.json before the disruptive command,
 * read again after the return and compared with NVUE's header (the release) ignored; a configuration that did not
 * come back fails the switch like a metric regression, with the differences named.
 */
class ConfigEvidenceRoundTest {
    private static Fabric fabric;
    @TempDir
    Path reportDir;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(2).spines(0).alertmanager(true).rebootTime(Duration.ofMillis(1500))
                .convergeTime(Duration.ofMillis(300)).fault("leaf-r2-p1-pod1", LabFault.CONFIG_DRIFT).build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    private RoundReport round(String only) {
        List<String> exclude = LabRounds.allBut(fabric, List.of(only));
        StepContext context = LabRounds.context(fabric, reportDir, "config-test #1").build();
        return new UpgradeRound(context).run(new RoundOptions(fabric.settings().datacenter(), Role.LEAF,
                fabric.settings().fromVersion(), fabric.settings().toVersion(), null, 0, 1, 5L,
                Duration.ofMinutes(10), Duration.ofSeconds(10), exclude).withConfigCheck(ConfigCheck.on()));
    }

    private Map<String, Object> artifact(String name, String file) throws IOException {
        return Json.parseObject(Files.readString(reportDir.resolve("switch-upgrade").resolve(name).resolve(file)), file);
    }

    @Test
    void theConfigurationIsSavedBeforeTheCommandAndProvenRestoredAfter() throws IOException {
        RoundReport report = round("leaf-r1-p1-pod1");
        assertEquals(RoundReport.Status.COMPLETED, report.status(), report.reason());
        List<String> sent = fabric.commands().commands("leaf-r1-p1-pod1").stream().map(String::trim).toList();
        int read = sent.indexOf(CumulusConfig.NV_CONFIG);
        assertTrue(read >= 0 && read < sent.indexOf("onie-select -i -f")
                && sent.lastIndexOf(CumulusConfig.NV_CONFIG) > sent.indexOf("reboot"), sent.toString());
        assertEquals("nvue-json", artifact("leaf-r1-p1-pod1", "config-pre.json").get("format"));
        String pre = Files.readString(reportDir.resolve("switch-upgrade/leaf-r1-p1-pod1/config-pre.json"));
        String post = Files.readString(reportDir.resolve("switch-upgrade/leaf-r1-p1-pod1/config-post.json"));
        assertTrue(pre.contains("Cumulus Linux 5.9.1") && post.contains("Cumulus Linux 5.10.0"),
                "the header changed with the release, and is ignored");
        Map<String, Object> diff = artifact("leaf-r1-p1-pod1", "config-diff.json");
        assertEquals(true, diff.get("restored"), diff.toString());
    }

    @Test
    void aConfigurationThatDidNotComeBackFailsTheSwitchWithTheDifferences() throws IOException {
        RoundReport report = round("leaf-r2-p1-pod1");
        assertEquals(RoundReport.Status.ABORTED, report.status(), report.reason());
        SwitchResult failed = report.switches().get(0);
        assertEquals(SwitchResult.Outcome.FAILED, failed.outcome());
        // swp2's link lost its only key, so it is an empty object now
        assertEquals("configuration not restored: 4 difference(s) from the configuration saved before: added "
                + "[1].set.interface.swp2.link = {}; removed [1].set.interface.swp2.link.mtu; removed [1].set.vrf.default.router.bgp.neighbor.swp52.remote-as; "
                + "removed [1].set.vrf.default.router.bgp.neighbor.swp52.type (all in config-diff.json)",
                failed.reason());
        Map<String, Object> diff = artifact("leaf-r2-p1-pod1", "config-diff.json");
        assertEquals(false, diff.get("restored"));
        assertTrue(report.reason().startsWith("leaf-r2-p1-pod1 failed: configuration not restored"), report.reason());
    }

    @Test
    void configurationFilesAreComparedLineByLineWithTheIgnoredKeys() {
        ConfigEvidence evidence = new ConfigEvidence(List.of("(?i).*last changed.*"));
        Map<String, String> before = ConfigEvidence.flatten(new SwitchConfiguration("files", Map.of("/etc/frr/frr.conf",
                "! Last changed 10:00\nrouter bgp 65201\n neighbor swp51 interface remote-as external\n")));
        Map<String, String> after = ConfigEvidence.flatten(new SwitchConfiguration("files", Map.of("/etc/frr/frr.conf",
                "! Last changed 11:00\nrouter bgp 65201\n")));
        assertEquals(List.of(new ConfigEvidence.Difference(
                "/etc/frr/frr.conf: neighbor swp51 interface remote-as external", "present", null)),
                evidence.compare(before, after));
        assertEquals(List.of(), evidence.compare(before, before));
    }

    @Test
    void theJenkinsConfigurationHoldsOnePatternPerLine() {
        assertEquals(List.of("a.*", "b"), ConfigCheck.parseLines(true, " a.*\n\n b \n").ignoredKeys());
        assertEquals(ConfigEvidence.DEFAULT_IGNORED, ConfigCheck.parseLines(true, null).ignoredKeys());
        assertEquals(ConfigEvidence.DEFAULT_IGNORED, ConfigCheck.parseLines(true, " \n").ignoredKeys());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ConfigCheck.parseLines(true, "([x"));
    }

}
