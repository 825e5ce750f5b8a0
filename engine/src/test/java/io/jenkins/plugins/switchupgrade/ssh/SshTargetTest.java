package io.jenkins.plugins.switchupgrade.ssh;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SshTargetTest {
    private static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
            + "-----END OPENSSH PRIVATE KEY-----\n";

    @Test
    void neverShowsKeyMaterialOrPassphrase() {
        SshTarget target = SshTarget.builder().name("leaf-r32-p1-pod1").host("10.1.32.1").user("root").privateKey(KEY)
                .passphrase("s3cret-phrase".toCharArray()).knownHosts("10.1.32.1 ssh-ed25519 AAAA").build();
        String shown = target.toString() + target.describe() + target.privateKeySource();
        assertFalse(shown.contains("b3BlbnNzaC1rZXktdjEAAAAA"), shown);
        assertFalse(shown.contains("PRIVATE KEY"), shown);
        assertFalse(shown.contains("s3cret-phrase"), shown);
        assertTrue(shown.contains("with passphrase"), shown);
        assertEquals("leaf-r32-p1-pod1 (root@10.1.32.1:22)", target.describe());
    }

    @Test
    void writesTheKnownHostsNameAsOpenSshDoes() {
        SshTarget.Builder builder = SshTarget.builder().host("10.1.32.1").user("cumulus").privateKey(KEY)
                .knownHostsFile(Path.of("known_hosts"));
        assertEquals("10.1.32.1", builder.build().knownHostsName());
        assertEquals("[10.1.32.1]:2222", builder.port(2222).build().knownHostsName());
        assertEquals("cumulus@10.1.32.1:2222", builder.build().describe(), "without a name the address is enough");
    }

    @Test
    void refusesATargetWithoutKeyOrKnownHosts() {
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class, () -> SshTarget.builder()
                .host("10.1.32.1").user("root").knownHosts("").build());
        assertTrue(noKey.getMessage().contains("has no private key"), noKey.getMessage());
        IllegalArgumentException noKnownHosts = assertThrows(IllegalArgumentException.class, () -> SshTarget.builder()
                .host("10.1.32.1").user("root").privateKey(KEY).build());
        assertTrue(noKnownHosts.getMessage().contains("host keys are always verified"), noKnownHosts.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SshTarget.builder().user("root").privateKey(KEY).build());
        assertThrows(IllegalArgumentException.class, () -> SshTarget.builder().port(0));
    }

    @Test
    void aMissingKnownHostsFileIsAConfigurationError() {
        SshTarget target = SshTarget.builder().name("leaf").host("127.0.0.1").port(1).user("root").privateKey(KEY)
                .knownHostsFile(Path.of("/nonexistent/known_hosts")).build();
        SshException e = assertThrows(SshException.class, target::connect);
        assertEquals(SshException.Reason.CONFIGURATION, e.reason());
        assertTrue(e.getMessage().contains("/nonexistent/known_hosts does not exist"), e.getMessage());
    }
}
