package io.jenkins.plugins.switchupgrade.lab.ssh;

import io.jenkins.plugins.switchupgrade.lab.CommandRecord;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SSH side of a lab fabric: one {@link SwitchSshServer} per switch on the switch's own address and the
 * same port, a client key pair the lab generates (its public key in {@code authorized_keys}), a
 * {@code known_hosts} with every switch's host key, and the {@link CommandRecord} of every command received.
 * Files live in {@code <stateDir>/ssh/}; their paths are written to {@code lab.json}.
 */
public final class LabSsh implements AutoCloseable {
    /** The port every lab switch's SSH server listens on unless the fabric is told otherwise. */
    public static final int DEFAULT_PORT = 2222;
    /** The user the lab accepts, as the seed's switches are provisioned as root. */
    public static final String DEFAULT_USER = "root";

    private final Fabric fabric;
    private final int port;
    private final String user;
    private final Path dir;
    private final CommandRecord record;
    private final Map<String, SwitchSshServer> servers = new LinkedHashMap<>();
    private final ExecutorService cliExecutor = Executors.newCachedThreadPool(daemon("lab-ssh-cli"));
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("lab-ssh-timer"));

    private LabSsh(Fabric fabric, int port, String user) {
        this.fabric = fabric;
        this.port = port;
        this.user = user;
        this.dir = fabric.stateDir().resolve("ssh");
        this.record = new CommandRecord(fabric.stateDir().resolve(CommandRecord.FILE_NAME));
    }

    /**
     * Generates the keys, writes known_hosts and authorized_keys, opens every switch's SSH port and records the
     * SSH values in the fabric's state (lab.json). The fabric closes it.
     */
    public static LabSsh start(Fabric fabric, int port, String user) {
        LabSsh ssh = new LabSsh(fabric, port, user);
        fabric.closeWith(ssh);
        ssh.writeClientKey();
        ssh.createServers();
        for (SwitchSshServer server : ssh.servers.values()) {
            server.start();
        }
        fabric.stateValue("sshUser", user);
        fabric.stateValue("sshKeyFile", ssh.clientKeyFile().toString());
        fabric.stateValue("knownHostsFile", ssh.knownHostsFile().toString());
        fabric.stateValue("commandsFile", ssh.record.file().toString());
        return ssh;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private void writeClientKey() {
        try {
            Files.createDirectories(dir);
            KeyPair client = ed25519();
            try (OutputStream out = Files.newOutputStream(clientKeyFile())) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "switch-upgrade-lab", null, out);
            }
            restrictToOwner(clientKeyFile());
            String publicLine = PublicKeyEntry.toString(client.getPublic()) + " switch-upgrade-lab\n";
            Files.writeString(dir.resolve("id_ed25519.pub"), publicLine);
            Files.writeString(authorizedKeysFile(), publicLine);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lab's SSH client key in " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the lab's SSH client key: " + e.getMessage(), e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file stays as created
        }
    }

    private void createServers() {
        StringBuilder knownHosts = new StringBuilder();
        for (LabSwitch labSwitch : fabric.switches()) {
            KeyPair hostKey = ed25519();
            LabCli.Factory factory = fabric.settings().cli(labSwitch.platform()).orElse(LabSsh::noCli);
            SwitchSshServer server = new SwitchSshServer(labSwitch, this, factory.create(labSwitch, fabric), hostKey);
            labSwitch.addPowerListener(server);
            servers.put(labSwitch.name(), server);
            String address = labSwitch.address().getHostAddress();
            knownHosts.append(port == 22 ? address : "[" + address + "]:" + port).append(' ')
                    .append(PublicKeyEntry.toString(hostKey.getPublic())).append(' ').append(labSwitch.name())
                    .append('\n');
        }
        try {
            Files.writeString(knownHostsFile(), knownHosts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lab's known_hosts " + knownHostsFile() + ": "
                    + e.getMessage(), e);
        }
    }

    private static LabCli noCli(LabSwitch labSwitch, Fabric fabric) {
        return new LabCli() {
            @Override
            public int run(String command, CliIo io) throws IOException {
                io.printErr("lab switch " + labSwitch.name() + " runs platform '" + labSwitch.platform()
                        + "', for which this fabric has no CLI (Fabric.Builder.cli); '" + command
                        + "' was not run\n");
                return 127;
            }

            @Override
            public String prompt() {
                return labSwitch.name() + "> ";
            }
        };
    }

    private static KeyPair ed25519() {
        try {
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an Ed25519 key for the lab's SSH servers (is "
                    + "net.i2p.crypto:eddsa on the class path?): " + e.getMessage(), e);
        }
    }

    CliCommand newCommand(String command, String switchName, LabCli cli) {
        return new CliCommand(command, switchName, cli, record, cliExecutor);
    }

    boolean isAuthorized(String username, PublicKey key) {
        if (!user.equals(username)) {
            return false;
        }
        try {
            for (AuthorizedKeyEntry entry : AuthorizedKeyEntry.readAuthorizedKeys(authorizedKeysFile())) {
                PublicKey allowed = entry.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                if (allowed != null && KeyUtils.compareKeys(allowed, key)) {
                    return true;
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
        return false;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Also accepts this public key ({@code ssh-ed25519 AAAA… comment}, one authorized_keys line). */
    public void authorize(String publicKeyLine) {
        try {
            Files.writeString(authorizedKeysFile(), publicKeyLine.strip() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add a key to " + authorizedKeysFile() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    /** The client's private key (OpenSSH format, Ed25519, no passphrase). */
    public Path clientKeyFile() {
        return dir.resolve("id_ed25519");
    }

    public Path knownHostsFile() {
        return dir.resolve("known_hosts");
    }

    public Path authorizedKeysFile() {
        return dir.resolve("authorized_keys");
    }

    /** Every command every switch received. */
    public CommandRecord commands() {
        return record;
    }

    public List<SwitchSshServer> servers() {
        return List.copyOf(servers.values());
    }

    public SwitchSshServer server(String switchName) {
        SwitchSshServer server = servers.get(switchName);
        if (server == null) {
            throw new IllegalArgumentException("the lab has no SSH server for a switch named '" + switchName + "'");
        }
        return server;
    }

    /** The CLI of a Cumulus switch, e.g. to make its onie-select fail. */
    public CumulusLabCli cumulus(String switchName) {
        LabCli cli = server(switchName).cli();
        if (!(cli instanceof CumulusLabCli cumulus)) {
            throw new IllegalArgumentException("lab switch '" + switchName + "' is not a Cumulus switch");
        }
        return cumulus;
    }

    @Override
    public void close() {
        for (SwitchSshServer server : servers.values()) {
            server.close();
        }
        cliExecutor.shutdownNow();
        scheduler.shutdownNow();
        try {
            cliExecutor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
