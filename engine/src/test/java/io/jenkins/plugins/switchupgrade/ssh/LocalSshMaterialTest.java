package io.jenkins.plugins.switchupgrade.ssh;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Local SSH problems are found before anything is silenced, without connecting: known_hosts missing or empty, the
 * key missing, empty or unreadable, a passphrase missing or wrong. Keys are made by OpenSSH's ssh-keygen.
 */
class LocalSshMaterialTest {
    @TempDir
    static Path dir;
    private static Path plainKey;
    private static Path protectedKey;
    private static Path knownHosts;

    @BeforeAll
    static void makeKeys() throws IOException, InterruptedException {
        plainKey = keygen("plain", "");
        protectedKey = keygen("protected", "right horse battery");
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "# lab\n[127.0.0.1]:2222 " + Files.readString(dir.resolve("plain.pub")));
    }

    private static Path keygen(String name, String passphrase) throws IOException, InterruptedException {
        Path key = dir.resolve(name);
        Process process = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", passphrase, "-C",
                name, "-f", key.toString()).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "ssh-keygen finished");
        assertEquals(0, process.exitValue(), new String(process.getInputStream().readAllBytes()));
        return key;
    }

    private static SshTarget.Builder target(Path key, Path hosts) {
        return SshTarget.builder().name("leaf-r1-p1-pod1").host("127.0.0.1").port(2222).user("cumulus")
                .privateKeyFile(key).knownHostsFile(hosts);
    }

    private static String refused(SshTarget target) {
        SshException e = assertThrows(SshException.class, target::checkLocalFiles);
        assertEquals(SshException.Reason.CONFIGURATION, e.reason());
        return e.getMessage();
    }

    @Test
    void goodMaterialPasses() {
        assertDoesNotThrow(() -> target(plainKey, knownHosts).build().checkLocalFiles());
        assertDoesNotThrow(() -> target(protectedKey, knownHosts).passphrase("right horse battery".toCharArray())
                .build().checkLocalFiles());
    }

    @Test
    void aMissingKnownHostsFileIsFound() {
        assertTrue(refused(target(plainKey, dir.resolve("nope")).build()).contains("does not exist or is not readable"));
    }

    @Test
    void anEmptyKnownHostsFileIsFound() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "# nothing here\n\n");
        assertTrue(refused(target(plainKey, empty).build()).contains("lists no host key"));
    }

    @Test
    void aMissingOrEmptyKeyIsFound() throws IOException {
        assertTrue(refused(target(dir.resolve("no-key"), knownHosts).build()).contains("does not exist"));
        Path empty = Files.writeString(dir.resolve("empty-key"), "");
        assertTrue(refused(target(empty, knownHosts).build()).contains("is empty"));
        Path garbage = Files.writeString(dir.resolve("garbage-key"), "not a key\n");
        assertTrue(refused(target(garbage, knownHosts).build()).contains("cannot be read"));
    }

    @Test
    void aMissingOrWrongPassphraseIsFound() {
        assertTrue(refused(target(protectedKey, knownHosts).build()).contains("protected by a passphrase, and none "
                + "was given"));
        String wrong = refused(target(protectedKey, knownHosts).passphrase("wrong".toCharArray()).build());
        assertTrue(wrong.contains("the passphrase given does not open the private key"), wrong);
        assertTrue(!wrong.contains("wrong"), "the passphrase is never printed: " + wrong);
    }
}
