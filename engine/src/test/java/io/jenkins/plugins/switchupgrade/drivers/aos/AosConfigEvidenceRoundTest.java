package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.campaign.LabRounds;
import io.jenkins.plugins.switchupgrade.campaign.ConfigCheck;
import io.jenkins.plugins.switchupgrade.campaign.RoundOptions;
import io.jenkins.plugins.switchupgrade.campaign.RoundReport;
import io.jenkins.plugins.switchupgrade.campaign.SwitchResult;
import io.jenkins.plugins.switchupgrade.campaign.UpgradeRound;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.lab.ssh.AosLabCli;
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
 * The configuration evidence of an AOS virtual chassis, against the lab: vcboot.cfg and vcsetup.cfg read from the
 * working directory before the ISSU, from the image directory it runs from after, and compared; a configuration
 * that did not come back through the ISSU fails the switch like a metric regression.
 */
class AosConfigEvidenceRoundTest {
    private static final String PLAIN = "leaf-r1-p1-pod1";
    private static final String DRIFT = "leaf-r2-p1-pod1";
    private static Fabric fabric;
    @TempDir
    Path reportDir;

    @BeforeAll
    static void startFabric() {
        fabric = AosVirtualChassisLabTest.fabric(2).alertmanager(true).fault(DRIFT, LabFault.CONFIG_DRIFT).build()
                .start();
        for (LabSwitch labSwitch : fabric.switches()) {
            AosLabCli.of(fabric, labSwitch.name()).timings(AosVirtualChassisLabTest.fastTimings());
        }
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    private RoundReport round(String only) {
        List<String> exclude = LabRounds.allBut(fabric, List.of(only));
        StepContext context = LabRounds.context(fabric, reportDir, "aos-config #1")
                .driver(AosVirtualChassisLabTest.driver().build())
                .sshTargets(s -> AosVirtualChassisLabTest.target(fabric, s.name())).build();
        return new UpgradeRound(context).run(new RoundOptions(fabric.settings().datacenter(), Role.LEAF,
                fabric.settings().fromVersion(), fabric.settings().toVersion(), null, 0, 1, 5L,
                Duration.ofMinutes(10), Duration.ofSeconds(10), exclude).withConfigCheck(ConfigCheck.on()));
    }

    private Map<String, Object> artifact(String name, String file) throws IOException {
        return Json.parseObject(Files.readString(reportDir.resolve("switch-upgrade").resolve(name).resolve(file)), file);
    }

    @Test
    void theVirtualChassisFilesAreSavedBeforeTheIssuAndProvenRestoredFromTheImageDirectory() throws IOException {
        RoundReport report = round(PLAIN);
        assertEquals(RoundReport.Status.COMPLETED, report.status(), report.reason());
        List<String> sent = fabric.commands().commands(PLAIN).stream().map(String::trim).toList();
        int issu = sent.indexOf("issu from new_firm");
        assertTrue(issu > 0, sent.toString());
        assertTrue(sent.indexOf("cat working/vcboot.cfg") >= 0 && sent.indexOf("cat working/vcboot.cfg") < issu
                && sent.indexOf("cat working/vcsetup.cfg") < issu, sent.toString());
        assertTrue(sent.lastIndexOf("cat new_firm/vcboot.cfg") > issu
                && sent.lastIndexOf("cat new_firm/vcsetup.cfg") > issu, sent.toString());
        Map<String, Object> pre = artifact(PLAIN, "config-pre.json");
        assertEquals(AosVirtualChassis.CONFIG_FORMAT, pre.get("format"));
        assertTrue(pre.get("sources").toString().contains("system name \"" + PLAIN + "\""), pre.toString());
        assertEquals(true, artifact(PLAIN, "config-diff.json").get("restored"));
    }

    @Test
    void aConfigurationLostInTheIssuFailsTheSwitchWithTheDifferences() throws IOException {
        RoundReport report = round(DRIFT);
        assertEquals(RoundReport.Status.ABORTED, report.status(), report.reason());
        SwitchResult failed = report.switches().get(0);
        assertEquals(SwitchResult.Outcome.FAILED, failed.outcome());
        assertEquals("configuration not restored: 2 difference(s) from the configuration saved before: removed "
                + "vcboot.cfg: ip interface \"vlan20\" address 10.2.20.1 mask 255.255.255.0 vlan 20 ifindex 2; removed "
                + "vcboot.cfg: linkagg lacp agg 1 size 2 admin-state enable (all in config-diff.json)", failed.reason());
        assertEquals(false, artifact(DRIFT, "config-diff.json").get("restored"));
        // the ISSU itself completed: the whole virtual chassis runs the new release, the configuration did not come back
        assertEquals(fabric.settings().toVersion(), fabric.get(DRIFT).version());
    }

}
