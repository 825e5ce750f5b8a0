package io.jenkins.plugins.switchupgrade.ssh;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SshSessionLabTest {
    private static final String LEAF = "leaf-r1-p1-pod1";
    private static final String CHANGED_KEY = "leaf-r1-p2-pod1";
    private static final String SSH_DOWN = "leaf-r2-p1-pod1";
    private static final String REBOOTS = "leaf-r2-p2-pod1";
    private static final Pattern PROMPT = Pattern.compile("# $");

    private static Fabric fabric;

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(2).spines(0).prometheus(false).rebootTime(Duration.ofMillis(800))
                .convergeTime(Duration.ofMillis(100)).fault(CHANGED_KEY, LabFault.HOSTKEY_CHANGED)
                .fault(SSH_DOWN, LabFault.SSH_DOWN).build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    static SshTarget.Builder target(String name) {
        LabSwitch labSwitch = fabric.get(name);
        return SshTarget.builder().name(name).host(labSwitch.address().getHostAddress()).port(fabric.ssh().port())
                .user(fabric.ssh().user()).privateKeyFile(fabric.ssh().clientKeyFile())
                .knownHostsFile(fabric.ssh().knownHostsFile()).connectTimeout(Duration.ofSeconds(5))
                .commandTimeout(Duration.ofSeconds(5));
    }

    @Test
    void execReturnsExitStatusAndOutput() throws Exception {
        try (SshSession session = target(LEAF).build().connect()) {
            ExecResult result = session.exec("cat /etc/lsb-release");
            assertEquals(0, result.exitStatus());
            assertTrue(result.stdout().contains("DISTRIB_RELEASE=5.9.1"), result.stdout());
            assertEquals("", result.stderr());
            ExecResult second = session.exec("hostname");
            assertEquals(LEAF, second.stdout().strip(), "one session runs several commands");
        }
        assertTrue(fabric.commands().anyMatching(LEAF, "^cat /etc/lsb-release$"));
    }

    @Test
    void unknownCommandExits127AndSaysSo() throws Exception {
        try (SshSession session = target(LEAF).build().connect()) {
            ExecResult result = session.exec("no-such-tool --now");
            assertEquals(127, result.exitStatus());
            assertFalse(result.succeeded());
            assertTrue(result.stderr().contains("no-such-tool: command not found"), result.stderr());
        }
    }

    @Test
    void refusesAHostMissingFromKnownHostsAndNamesItsKey() {
        SshTarget target = target(LEAF).knownHosts("# nothing known yet\n").build();
        SshException e = assertThrows(SshException.class, target::connect);
        assertEquals(SshException.Reason.UNKNOWN_HOST_KEY, e.reason());
        assertTrue(e.getMessage().contains(LEAF), e.getMessage());
        assertTrue(e.getMessage().contains("[" + fabric.get(LEAF).address().getHostAddress() + "]:2222"), e.getMessage());
        assertTrue(e.getMessage().contains("ssh-ed25519 SHA256:"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was sent"), e.getMessage());
        assertFalse(e.commandSent());
    }

    @Test
    void refusesAChangedHostKeyAndShowsBothFingerprints() {
        SshException e = assertThrows(SshException.class, () -> target(CHANGED_KEY).build().connect());
        assertEquals(SshException.Reason.CHANGED_HOST_KEY, e.reason());
        assertTrue(e.getMessage().contains("CHANGED"), e.getMessage());
        assertEquals(2, e.getMessage().split("ssh-ed25519 SHA256:", -1).length - 1,
                "the presented and the known fingerprint: " + e.getMessage());
        assertTrue(fabric.commands().forSwitch(CHANGED_KEY).isEmpty(), "nothing reached the switch");
    }

    @Test
    void aSwitchWithSshDownRefusesTheConnectionClearly() {
        SshException e = assertThrows(SshException.class, () -> target(SSH_DOWN).build().connect());
        assertEquals(SshException.Reason.CONNECT, e.reason());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        assertTrue(e.getMessage().contains(SSH_DOWN), e.getMessage());
    }

    @Test
    void aKeyTheSwitchDoesNotKnowIsRefused(@TempDir Path dir) throws Exception {
        Path key = sshKeygen(dir, "ed25519", "");
        SshException e = assertThrows(SshException.class, () -> target(LEAF).privateKeyFile(key).build().connect());
        assertEquals(SshException.Reason.AUTHENTICATION, e.reason());
        assertTrue(e.getMessage().contains("user 'root'"), e.getMessage());
    }

    @Test
    void acceptsEd25519EcdsaAndRsaKeysAndPassphrases(@TempDir Path dir) throws Exception {
        String secret = "correct horse battery";
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            Path key = sshKeygen(dir, type, secret);
            fabric.ssh().authorize(Files.readString(Path.of(key + ".pub")));
            SshTarget target = target(LEAF).privateKey(Files.readAllBytes(key)).passphrase(secret.toCharArray()).build();
            try (SshSession session = target.connect()) {
                assertEquals(0, session.exec("hostname").exitStatus(), type);
            }
            assertFalse(target.toString().contains(secret), target.toString());
            assertFalse(target.toString().contains("PRIVATE KEY"), target.toString());

            SshException wrong = assertThrows(SshException.class,
                    () -> target(LEAF).privateKeyFile(key).passphrase("wrong horse".toCharArray()).build().connect());
            assertEquals(SshException.Reason.CONFIGURATION, wrong.reason(), type);
            assertFalse(wrong.getMessage().contains("wrong horse"), wrong.getMessage());
            SshException none = assertThrows(SshException.class, () -> target(LEAF).privateKeyFile(key).build().connect());
            assertTrue(none.getMessage().contains("protected by a passphrase"), none.getMessage());
        }
    }

    @Test
    void aSlowCommandTimesOutAndTheSessionStaysUsable() throws Exception {
        try (SshSession session = target(LEAF).build().connect()) {
            long start = System.nanoTime();
            SshException e = assertThrows(SshException.class, () -> session.exec("sleep 30", Duration.ofMillis(300)));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(SshException.Reason.TIMEOUT, e.reason());
            assertTrue(e.commandSent());
            assertTrue(e.getMessage().contains("`sleep 30` did not finish within 300 ms"), e.getMessage());
            assertTrue(tookMillis < 3000, "took " + tookMillis + " ms");
            assertEquals(0, session.exec("hostname").exitStatus());
        }
    }

    @Test
    void closingTheSessionCancelsARunningCommand() throws Exception {
        SshSession session = target(LEAF).commandTimeout(Duration.ofSeconds(30)).build().connect();
        CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return session.exec("sleep 30");
            } catch (SshException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        long start = System.nanoTime();
        session.close();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> running.get(5, TimeUnit.SECONDS));
        SshException cause = assertInstanceOf(SshException.class, failed.getCause().getCause());
        assertEquals(SshException.Reason.CANCELLED, cause.reason());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2000);
        assertFalse(session.isConnected());
        SshException afterwards = assertThrows(SshException.class, () -> session.exec("hostname"));
        assertEquals(SshException.Reason.CANCELLED, afterwards.reason());
    }

    @Test
    void interruptingTheCallerCancelsTheCommand() throws Exception {
        try (SshSession session = target(LEAF).commandTimeout(Duration.ofSeconds(30)).build().connect()) {
            List<SshException> failures = new ArrayList<>();
            Thread caller = new Thread(() -> {
                try {
                    session.exec("sleep 30");
                } catch (SshException e) {
                    failures.add(e);
                }
            });
            caller.start();
            Thread.sleep(300);
            caller.interrupt();
            caller.join(5000);
            assertFalse(caller.isAlive());
            assertEquals(SshException.Reason.CANCELLED, failures.get(0).reason());
        }
    }

    @Test
    void shellFindsThePromptRunsCommandsAndAnswersAQuestion() throws Exception {
        try (SshSession session = target(LEAF).build().connect(); SshShell shell = session.shell(PROMPT)) {
            String banner = shell.readUntilPrompt(Duration.ofSeconds(5));
            assertTrue(banner.endsWith("root@" + LEAF + ":mgmt:~# "), banner);
            assertEquals("DISTRIB_ID=\"Cumulus Linux\"\nDISTRIB_RELEASE=5.9.1\nDISTRIB_DESCRIPTION=\"Cumulus Linux 5.9.1\"\n",
                    shell.command("cat /etc/lsb-release", Duration.ofSeconds(5)));

            shell.sendLine("onie-select -i");
            String asked = shell.answer(SshShell.YES_NO_QUESTION, "n", Duration.ofSeconds(5));
            assertTrue(asked.contains("WARNING: This will wipe out all system data."), asked);
            String after = shell.readUntilPrompt(Duration.ofSeconds(5));
            assertTrue(after.contains("Aborting."), after);
            assertFalse(fabric.ssh().cumulus(LEAF).installStaged());
        }
        assertTrue(fabric.commands().commands(LEAF).containsAll(List.of("onie-select -i", "n")),
                "shell lines are recorded too: " + fabric.commands().commands(LEAF));
    }

    @Test
    void shellWaitsHaveDeadlines() throws Exception {
        try (SshSession session = target(LEAF).build().connect(); SshShell shell = session.shell(PROMPT)) {
            shell.readUntilPrompt(Duration.ofSeconds(5));
            shell.sendLine("hostname");
            SshException e = assertThrows(SshException.class,
                    () -> shell.readUntil(Pattern.compile("never printed"), Duration.ofMillis(300)));
            assertEquals(SshException.Reason.TIMEOUT, e.reason());
            assertTrue(e.getMessage().contains(LEAF), "what was seen is in the message: " + e.getMessage());
        }
    }

    @Test
    void streamedLinesEndWhenTheSwitchRebootsAndDropsTheShell() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (SshSession session = target(REBOOTS).build().connect(); SshShell shell = session.shell(PROMPT)) {
                shell.readUntilPrompt(Duration.ofSeconds(5));
                shell.sendLine("onie-select -i -f");
                List<String> lines = new ArrayList<>();
                SshShell.Streamed staged = shell.streamLines(lines::add, Pattern.compile("Enabling install"),
                        Duration.ofSeconds(5));
                assertEquals(SshShell.StreamEnd.MATCHED, staged.end());
                assertEquals("Enabling install at next reboot...done.", staged.text());
                assertTrue(lines.contains("WARNING: Operating System install requested."), lines.toString());
                SshShell.Streamed prompt = shell.streamLines(lines::add, Pattern.compile("never"), Duration.ofSeconds(5));
                assertEquals(SshShell.StreamEnd.PROMPT, prompt.end());

                shell.sendLine("reboot");
                // the port closes and stays closed until the switch is back
                SshShell.Streamed end = shell.streamLines(lines::add, Pattern.compile("never"), Duration.ofSeconds(10));
                assertEquals(SshShell.StreamEnd.CLOSED, end.end());
                assertFalse(shell.isOpen());
            }
            awaitUp(fabric.get(REBOOTS));
            assertEquals("5.10.0", fabric.get(REBOOTS).version(), "the staged install ran");
            try (SshSession session = target(REBOOTS).build().connect()) {
                assertTrue(session.exec("cat /etc/lsb-release").stdout().contains("DISTRIB_RELEASE=5.10.0"));
            }
        });
    }

    @Test
    void closingTheShellEndsAWaitingReader() throws Exception {
        try (SshSession session = target(LEAF).build().connect()) {
            SshShell shell = session.shell(PROMPT);
            shell.readUntilPrompt(Duration.ofSeconds(5));
            CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return shell.readUntil(Pattern.compile("never printed"), Duration.ofSeconds(30));
                } catch (SshException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200);
            shell.close();
            ExecutionException failed = assertThrows(ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
            assertEquals(SshException.Reason.CANCELLED, ((SshException) failed.getCause().getCause()).reason());
            assertEquals(0, session.exec("hostname").exitStatus(), "the session outlives its shell");
        }
    }

    private static void awaitUp(LabSwitch labSwitch) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!fabric.ssh().server(labSwitch.name()).isListening() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(fabric.ssh().server(labSwitch.name()).isListening(), labSwitch + " came back");
    }

    /** Generates a key with OpenSSH's ssh-keygen, as users do. */
    static Path sshKeygen(Path dir, String type, String passphrase) throws IOException, InterruptedException {
        Path key = dir.resolve("id_" + type + "_" + System.nanoTime());
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", "test",
                "-f", key.toString()));
        if (type.equals("rsa")) {
            command.addAll(List.of("-b", "2048"));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "ssh-keygen finished");
        assertEquals(0, process.exitValue(), new String(process.getInputStream().readAllBytes()));
        return key;
    }
}
