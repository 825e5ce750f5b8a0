package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.ssh.SshException;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import io.jenkins.plugins.switchupgrade.text.ProblemText;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The flags of every command that connects to the switches over SSH: who, with which key, checked against which
 * known_hosts, on which port. {@link #targets(String)} reads and checks the local files once, before anything is
 * sent, so that a local problem stops the command with exit 2, not at the first switch.
 */
final class SshOptions {
    @Option(names = "--ssh-user", paramLabel = "U", description = "Required. The SSH user on the switches.")
    String user;

    @Option(names = "--ssh-key", paramLabel = "FILE", description = "Required. The SSH private key file.")
    String key;

    @Option(names = "--ssh-key-passphrase-file", paramLabel = "FILE",
            description = "A file holding the passphrase of --ssh-key (its first line); never printed.")
    String passphraseFile;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "Required. The known_hosts file the switches' host keys are checked against.")
    String knownHosts;

    @Option(names = "--ssh-port", paramLabel = "P", defaultValue = "22",
            description = "The switches' SSH port (default: ${DEFAULT-VALUE}).")
    Integer port;

    void require(Flags flags) {
        flags.require(user, "--ssh-user", "root")
                .require(key, "--ssh-key", "~/.ssh/id_ed25519")
                .require(knownHosts, "--known-hosts", "~/.ssh/known_hosts");
    }

    /**
     * How to reach each switch, after the key, its passphrase and known_hosts were read and found usable
     * ({@code consequence} says in the error what the refusal spared, e.g. "nothing was silenced or sent").
     */
    Function<Switch, SshTarget> targets(String consequence) {
        Path keyFile = existing(key, "--ssh-key");
        Path hosts = existing(knownHosts, "--known-hosts");
        int checkedPort = Flags.within("--ssh-port", port, 1, 65535);
        char[] passphrase = passphrase();
        try {
            SshTarget.builder().name("the switches").host("switches").user("check").privateKeyFile(keyFile)
                    .passphrase(passphrase).knownHostsFile(hosts).build().checkLocalFiles();
        } catch (SshException e) {
            throw new UsageException("the local SSH material cannot be used, so " + consequence + ": "
                    + e.getMessage());
        }
        return s -> SshTarget.builder().name(s.name()).host(s.address()).port(checkedPort).user(user)
                .privateKeyFile(keyFile).passphrase(passphrase).knownHostsFile(hosts).build();
    }

    /** The passphrase of --ssh-key from --ssh-key-passphrase-file (its first line), or null. */
    private char[] passphrase() {
        if (passphraseFile == null) {
            return null;
        }
        Path file = existing(passphraseFile, "--ssh-key-passphrase-file");
        try {
            String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            if (first.isEmpty()) {
                throw new UsageException("--ssh-key-passphrase-file " + file + " is empty; its first line is the "
                        + "passphrase of --ssh-key");
            }
            return first.toCharArray();
        } catch (IOException e) {
            throw new UsageException("cannot read --ssh-key-passphrase-file " + file + ": " + ProblemText.of(e));
        }
    }

    private static Path existing(String file, String flag) {
        Path path = Path.of(file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file);
        if (!Files.isReadable(path)) {
            throw new UsageException(flag + " " + file + " is not a readable file");
        }
        return path;
    }
}
