package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver.Disruption;
import io.jenkins.plugins.switchupgrade.drivers.SwitchDriver.Ending;
import io.jenkins.plugins.switchupgrade.lab.ExternalServer;
import io.jenkins.plugins.switchupgrade.ssh.ExecResult;
import io.jenkins.plugins.switchupgrade.ssh.SshSession;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The driver against the real OpenSSH server (Debian package openssh-server), started on 127.0.0.1 with its own
 * configuration, host key and authorized_keys, and a forced command that answers like a Cumulus switch.
 */
class CumulusOnieOpenSshTest {

    private static final String CUMULUS_SCRIPT = """
            #!/bin/sh
            # Answers like a Cumulus Linux switch to what the driver sends, and records each command.
            printf '%s\\n' "$SSH_ORIGINAL_COMMAND" >> "@DIR@/commands.log"
            case "$SSH_ORIGINAL_COMMAND" in
              'cat /etc/lsb-release')
                printf 'DISTRIB_ID="Cumulus Linux"\\nDISTRIB_RELEASE=5.9.1\\nDISTRIB_DESCRIPTION="Cumulus Linux 5.9.1"\\n' ;;
              'onie-select -i -f')
                printf 'WARNING:\\nWARNING: Operating System install requested.\\nWARNING: This will wipe out all system data.\\nWARNING:\\n'
                printf 'Enabling install at next reboot...done.\\nReboot required to take effect.\\n' ;;
              'reboot')
                # like a switch going down: this connection's sshd processes die, no exit status is sent
                listener=$(cat "@DIR@/sshd.pid")
                p=$PPID
                for hop in 1 2 3 4 5 6; do
                  [ "$p" -gt 1 ] || break
                  [ "$p" = "$listener" ] && break
                  next=$(cut -d' ' -f4 "/proc/$p/stat")
                  case "$(cat "/proc/$p/comm")" in sshd*) kill -9 "$p" ;; esac
                  p=$next
                done
                sleep 2 ;;
              *)
                echo "-bash: ${SSH_ORIGINAL_COMMAND%% *}: command not found" >&2
                exit 127 ;;
            esac
            """;

    @Test
    void reprovisionsThroughTheRealOpenSshServer(@TempDir Path dir) throws Exception {
        Path sshd = ExternalServer.findBinary("sshd", "openssh-server");
        Path hostKey = keygen(dir, "host_key");
        Path clientKey = keygen(dir, "client_key");
        Files.copy(Path.of(clientKey + ".pub"), dir.resolve("authorized_keys"));
        Path script = dir.resolve("cumulus.sh");
        Files.writeString(script, CUMULUS_SCRIPT.replace("@DIR@", dir.toString()));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port = ExternalServer.freePort();
        String user = System.getProperty("user.name");
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "AuthenticationMethods publickey",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "AllowUsers " + user,
                "ForceCommand " + script,
                "LogLevel VERBOSE",
                ""));
        Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + Files.readString(Path.of(hostKey + ".pub")));
        if (user.equals("root") && !Files.isDirectory(Path.of("/run/sshd"))) {
            Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory, missing in containers
        }

        Process server = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        try {
            awaitListening(server, port, dir.resolve("sshd.log"));
            SshTarget target = SshTarget.builder().name("leaf-openssh").host("127.0.0.1").port(port).user(user)
                    .privateKeyFile(clientKey).knownHostsFile(dir.resolve("known_hosts"))
                    .connectTimeout(Duration.ofSeconds(5)).commandTimeout(Duration.ofSeconds(5)).build();

            try (SshSession session = target.connect()) {
                ExecResult unknown = session.exec("show nothing");
                assertEquals(127, unknown.exitStatus());
                assertTrue(unknown.stderr().contains("show: command not found"), unknown.stderr());
            }

            List<String> log = new ArrayList<>();
            Disruption disruption = CumulusOnie.builder().rebootAnswerTimeout(Duration.ofSeconds(10)).build()
                    .reprovision(target, log::add);

            assertEquals("5.9.1", disruption.versionBefore());
            assertEquals(List.of("onie-select -i -f", "reboot"), disruption.commands());
            assertEquals(Ending.EXITED, disruption.exchanges().get(0).ending());
            assertEquals(Ending.CONNECTION_DROPPED, disruption.exchanges().get(1).ending(),
                    "the connection drops as the switch reboots: " + disruption.exchanges());
            assertEquals(List.of("show nothing", "cat /etc/lsb-release", "onie-select -i -f", "reboot"),
                    Files.readAllLines(dir.resolve("commands.log")));
            assertTrue(server.isAlive(), "only the connection died, not the server");
        } finally {
            stop(server);
        }
    }

    private static Path keygen(Path dir, String name) throws IOException, InterruptedException {
        Path key = dir.resolve(name);
        Process process = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString())
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "ssh-keygen finished");
        assertEquals(0, process.exitValue(), new String(process.getInputStream().readAllBytes()));
        return key;
    }

    private static void awaitListening(Process server, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("sshd exited with status " + server.exitValue() + ": " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        fail("sshd did not listen on 127.0.0.1:" + port + " within 10 s: " + Files.readString(log));
    }

    /** Stops sshd by its PID: SIGTERM, then SIGKILL. */
    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(5, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
