package io.jenkins.plugins.switchupgrade.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code switch-upgrade preflight} against the lab's AOS virtual chassis, Cisco stacks and Cumulus switches: what it
 * reports per switch, its exit code, and, from the lab's command record, that only read-outs reached the switches.
 */
class PreflightCommandTest {
    private static final Set<String> AOS_READS = Set.of("show virtual-chassis topology", "show microcode",
            "show mac-retention status");
    private static final Set<String> CISCO_READS = Set.of("show switch");
    private static final Set<String> CUMULUS_READS = Set.of("nv show system", "nv show system version",
            "cat /etc/lsb-release", "sudo vtysh -c 'show bgp summary json'");

    private record Run(int code, String out, String err) {
        JsonObject json() {
            return JsonParser.parseString(out).getAsJsonObject();
        }

        Map<String, String> verdicts() {
            Map<String, String> verdicts = new LinkedHashMap<>();
            for (JsonElement e : json().getAsJsonArray("switches")) {
                verdicts.put(e.getAsJsonObject().get("switch").getAsString(),
                        e.getAsJsonObject().get("verdict").getAsString());
            }
            return verdicts;
        }
    }

    private static Run run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> flags(Fabric fabric, String... more) {
        List<String> args = new ArrayList<>(List.of("preflight", "--prometheus", fabric.prometheus().url(),
                "--datacenter", fabric.settings().datacenter(), "--ssh-user", fabric.ssh().user(),
                "--ssh-key", fabric.ssh().clientKeyFile().toString(),
                "--known-hosts", fabric.ssh().knownHostsFile().toString(),
                "--ssh-port", String.valueOf(fabric.ssh().port())));
        args.addAll(List.of(more));
        return args;
    }

    /** Every command each switch received was one of {@code reads}, and each switch received some. */
    private static void onlyRead(Fabric fabric, Set<String> reads) {
        for (LabSwitch labSwitch : fabric.switches()) {
            List<String> received = fabric.commands().commands(labSwitch.name());
            assertFalse(received.isEmpty(), labSwitch.name() + " was not read");
            assertTrue(reads.containsAll(received), labSwitch.name() + " received " + received);
        }
    }

    @Test
    void virtualChassisWithoutMacRetentionIsNotReadyAndNothingButReadOutsIsSent() {
        String off = "leaf-r1-p2-pod1";
        try (Fabric fabric = Fabric.builder().racks(1).spines(1).platform("aos").fromVersion("7.3.1.748.R01")
                .toVersion("7.3.2.374.R01").fault(off, LabFault.MAC_RETENTION_OFF).build().start()) {
            Run run = run(flags(fabric, "--output", "json"));

            assertEquals(ExitCode.FAILED, run.code(), run.err());
            assertEquals(Map.of("leaf-r1-p1-pod1", "passed", off, "failed", "spine-s1-pod1", "passed"),
                    run.verdicts());
            JsonObject failed = run.json().getAsJsonArray("switches").get(1).getAsJsonObject();
            assertTrue(failed.getAsJsonArray("findings").toString().contains("MAC"), failed.toString());
            assertTrue(failed.getAsJsonArray("findings").get(0).getAsString()
                    .startsWith("virtual chassis of 2 chassis"), failed.toString());
            assertFalse(run.json().get("ready").getAsBoolean());
            assertTrue(run.err().contains("3 switch(es) read, 2 ready, 1 not ready or not reachable; nothing was "
                    + "changed"), run.err());
            onlyRead(fabric, AOS_READS);
        }
    }

    @Test
    void aStackThatDoesNotKeepItsMacIsNotReadyAndOnlyShowSwitchIsSent() {
        String off = "leaf-r2-p1-pod1";
        try (Fabric fabric = Fabric.builder().racks(2).spines(0).platform("cisco")
                .fault(off, LabFault.MAC_RETENTION_OFF).build().start()) {
            Run run = run(flags(fabric, "--role", "leaf"));

            assertEquals(ExitCode.FAILED, run.code(), run.out() + run.err());
            assertTrue(run.out().contains(off + ": FAILED"), run.out());
            assertTrue(run.out().contains("leaf-r1-p1-pod1: PASSED"), run.out());
            assertTrue(run.out().contains("stack of 3 member(s)"), run.out());
            assertTrue(run.out().contains("stack-mac persistent timer 0"), run.out());
            onlyRead(fabric, CISCO_READS);
        }
    }

    @Test
    void cumulusSwitchesReportTheirSystemAndBgpAndOneNamedSwitchIsAllThatIsRead() {
        String named = "leaf-r1-p1-pod1";
        try (Fabric fabric = Fabric.builder().racks(1).spines(0).build().start()) {
            Run all = run(flags(fabric, "--output", "json"));
            Run one = run(flags(fabric, "--switch", named));

            assertEquals(ExitCode.OK, all.code(), all.err());
            assertEquals(Map.of(named, "passed", "leaf-r1-p2-pod1", "passed"), all.verdicts());
            JsonArray findings = all.json().getAsJsonArray("switches").get(0).getAsJsonObject()
                    .getAsJsonArray("findings");
            assertTrue(findings.toString().contains("Cumulus Linux 5.9.1"), findings.toString());
            assertTrue(findings.toString().contains("BGP: 4 of 4 peer(s) established"), findings.toString());
            assertEquals(ExitCode.OK, one.code(), one.err());
            assertTrue(one.out().contains("1 switch(es) read, 1 ready"), one.out());
            onlyRead(fabric, CUMULUS_READS);
        }
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsRead() {
        Run missing = run(List.of("preflight", "--prometheus", "http://127.0.0.1:1"));
        Run help = run(List.of("preflight", "--help"));

        assertEquals(ExitCode.BAD_INPUT, missing.code());
        assertTrue(missing.err().contains("--datacenter"), missing.err());
        assertTrue(missing.err().contains("--ssh-user"), missing.err());
        assertEquals(ExitCode.OK, help.code());
        assertTrue(help.out().contains("Read-only"), help.out());
    }

    /** {@code flags} with the value of {@code flag} replaced. */
    private static List<String> with(List<String> args, String flag, String value) {
        List<String> changed = new ArrayList<>(args);
        changed.set(changed.indexOf(flag) + 1, value);
        return changed;
    }

    @Test
    void unusableLocalSshMaterialIsBadInputAndNothingIsRead(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("known_hosts"), "# keys come later\n");
        Path noPassphrase = Files.writeString(dir.resolve("passphrase"), "\n");
        try (Fabric fabric = Fabric.builder().racks(1).spines(0).build().start()) {
            Run hosts = run(with(flags(fabric), "--known-hosts", empty.toString()));
            List<String> withPassphrase = flags(fabric, "--ssh-key-passphrase-file", noPassphrase.toString());
            Run passphrase = run(withPassphrase);
            Run missingKey = run(with(flags(fabric), "--ssh-key", dir.resolve("absent").toString()));

            assertEquals(ExitCode.BAD_INPUT, hosts.code(), hosts.out() + hosts.err());
            assertTrue(hosts.err().contains("lists no host key"), hosts.err());
            assertTrue(hosts.err().contains("the local SSH material cannot be used, so nothing was read"),
                    hosts.err());
            assertFalse(hosts.err().contains("\tat "), "no stack trace: " + hosts.err());
            assertEquals(ExitCode.BAD_INPUT, passphrase.code(), passphrase.out() + passphrase.err());
            assertTrue(passphrase.err().contains("--ssh-key-passphrase-file " + noPassphrase + " is empty"),
                    passphrase.err());
            assertEquals(ExitCode.BAD_INPUT, missingKey.code(), missingKey.out() + missingKey.err());
            assertTrue(missingKey.err().contains("--ssh-key " + dir.resolve("absent") + " is not a readable file"),
                    missingKey.err());
            for (LabSwitch labSwitch : fabric.switches()) {
                assertEquals(List.of(), fabric.commands().commands(labSwitch.name()));
            }
        }
    }

    @Test
    void anUnknownSwitchIsBadInputAndNothingIsSent() {
        try (Fabric fabric = Fabric.builder().racks(1).spines(0).build().start()) {
            Run run = run(flags(fabric, "--switch", "leaf-r9-p1-pod1"));

            assertEquals(ExitCode.BAD_INPUT, run.code(), run.out());
            assertTrue(run.err().contains("--switch leaf-r9-p1-pod1"), run.err());
            for (LabSwitch labSwitch : fabric.switches()) {
                assertEquals(List.of(), fabric.commands().commands(labSwitch.name()));
            }
        }
    }

    @Test
    void aPlatformWithoutAPreflightIsNotCountedReadyAndIsSentNothing() {
        try (Fabric fabric = Fabric.builder().racks(1).spines(0).platform("junos").build().start()) {
            Run run = run(flags(fabric, "--output", "json"));

            assertEquals(ExitCode.FAILED, run.code(), run.err());
            assertEquals(Map.of("leaf-r1-p1-pod1", "no-check", "leaf-r1-p2-pod1", "no-check"), run.verdicts());
            assertTrue(run.err().contains("2 switch(es) read, 0 ready, 0 not ready or not reachable, 2 of a platform "
                    + "without a preflight; nothing was changed"), run.err());
            for (LabSwitch labSwitch : fabric.switches()) {
                assertEquals(List.of(), fabric.commands().commands(labSwitch.name()));
            }
        }
    }
}
