package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.lab.ExternalServer;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code switch-upgrade plan} against a lab fabric: its output and exit codes. */
class PlanCommandTest {
    private static Fabric fabric;
    @TempDir
    Path reportDir;
    private String out;
    private String err;

    @BeforeAll
    static void startFabric() {
        // rack 2's second leaf is unhealthy, so its first leaf must be skipped
        fabric = Fabric.builder().racks(2).spines(0).fault("leaf-r2-p2-pod1", LabFault.UNHEALTHY).build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    private int plan(String... flags) {
        List<String> args = new ArrayList<>(List.of("plan", "--report-dir", reportDir.toString()));
        args.addAll(List.of(flags));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void aHealthyCandidateExitsZeroAndPrintsTheSeedsLog() {
        int code = plan("--prometheus", fabric.prometheus().url(), "--datacenter", "lab1", "--role", "leaf",
                "--from-version", "5.9.1", "--exclude", "leaf-r2-p1-pod1", "--exclude", "leaf-r2-p2-pod1", "--seed", "1");
        assertEquals(0, code, out + err);
        assertTrue(out.contains("Cross-checking switch metrics with sibling switch: leaf-r1-"), out);
        assertTrue(out.contains("Status: Pre upgrade validation passed!"), out);
    }

    @Test
    void aCandidateWithAnUnhealthySiblingExitsOne() {
        int code = plan("--prometheus", fabric.prometheus().url(), "--datacenter", "lab1", "--role", "leaf",
                "--from-version", "5.9.1", "--position", "1", "--exclude", "leaf-r1-p1-pod1");
        assertEquals(1, code, out + err);
        assertTrue(out.contains("sibling leaf-r2-p2-pod1 is not healthy"), out);
    }

    @Test
    void nothingOnTheFromVersionExitsZero() {
        assertEquals(0, plan("--prometheus", fabric.prometheus().url(), "--datacenter", "lab1", "--role", "leaf",
                "--from-version", "1.0.0"));
        assertTrue(out.contains("Nothing to do"), out);
    }

    @Test
    void badInputExitsTwo() {
        assertEquals(2, plan("--prometheus", fabric.prometheus().url(), "--datacenter", "lab1", "--role", "router",
                "--from-version", "5.9.1"));
        assertTrue(err.contains("'leaf' or 'spine'"), err);
        assertEquals(2, plan("--prometheus", fabric.prometheus().url(), "--datacenter", "nowhere", "--role", "leaf",
                "--from-version", "5.9.1"));
        assertTrue(err.contains("known datacenters: lab1"), err);
        assertEquals(2, plan("--prometheus", fabric.prometheus().url(), "--role", "leaf", "--from-version", "5.9.1"));
        assertTrue(err.contains("--datacenter is required"), err);
        assertEquals(2, plan("--prometheus", "not a url", "--datacenter", "lab1", "--role", "leaf", "--from-version", "5.9.1"));
        assertEquals(2, plan("--prometheus", fabric.prometheus().url(), "--datacenter", "lab1", "--role", "leaf",
                "--from-version", "5.9.1", "--position", "3"));
        assertEquals(2, plan("--bogus"));
        assertEquals(2, plan("--prometheus", fabric.prometheus().url(), "--datacenter", "lab1", "--role", "leaf",
                "--from-version", "5.9.1", "--max-inventory", "2"));
        assertTrue(err.contains("more than the bound of 2"), err);
    }

    @Test
    void anUnusablePrometheusExitsThree() {
        assertEquals(3, plan("--prometheus", "http://127.0.0.1:" + ExternalServer.freePort(), "--datacenter", "lab1",
                "--role", "leaf", "--from-version", "5.9.1"));
        assertTrue(err.contains("cannot reach Prometheus"), err);
    }

    @Test
    void aCampaignPlanPrintsWavesSkipsAndWindowsAndWritesItsPage() throws java.io.IOException {
        int code = plan("--campaign", "--prometheus", fabric.prometheus().url(), "--datacenter", "lab1",
                "--to-version", "5.10.0", "--parallel-racks", "2", "--window", "Mon-Fri 22:00-05:00 Europe/Berlin");
        assertEquals(0, code, out + err);
        assertTrue(out.contains("Campaign for lab1: 2 switch(es) in 2 wave(s), 2 rack(s) at a time"), out);
        // the lab's leaf pairs are MLAG peers: the rack's secondary (its second switch) goes first
        assertTrue(out.contains("wave 1 (leaf): leaf-r1-p2-pod1"), out);
        assertTrue(out.contains("skipped leaf-r2-p1-pod1: sibling leaf-r2-p2-pod1 is not healthy"), out);
        assertTrue(out.contains("Maintenance windows Mon-Fri 22:00-05:00 Europe/Berlin: 1 window(s)"), out);
        String html = java.nio.file.Files.readString(reportDir.resolve("campaign.html"));
        assertTrue(html.contains("The seed's two weeks beside the plan"), html);
        assertTrue(java.nio.file.Files.readString(reportDir.resolve("campaign.json")).contains("\"windowsNeeded\": 1"));
    }

    @Test
    void aCampaignPlanAsJsonAndItsBadInput() {
        assertEquals(0, plan("--campaign", "--prometheus", fabric.prometheus().url(), "--datacenter", "lab1",
                "--role", "leaf", "--from-version", "5.9.1", "--output", "json"));
        assertTrue(out.startsWith("{") && out.contains("\"waves\": [") && out.contains("\"atSeedPaceSeconds\""), out);
        assertEquals(2, plan("--campaign", "--prometheus", fabric.prometheus().url(), "--datacenter", "lab1"));
        assertTrue(err.contains("--campaign needs --from-version or --to-version"), err);
        assertEquals(2, plan("--campaign", "--prometheus", fabric.prometheus().url(), "--datacenter", "lab1",
                "--to-version", "5.10.0", "--window", "weekdays 22:00-05:00 UTC"));
        assertTrue(err.contains("--window: the window 'weekdays 22:00-05:00 UTC' names the day 'weekdays'"), err);
    }
}
