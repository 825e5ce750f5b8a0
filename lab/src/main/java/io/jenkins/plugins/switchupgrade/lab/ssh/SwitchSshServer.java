package io.jenkins.plugins.switchupgrade.lab.ssh;

import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;

/**
 * The SSH server of one lab switch, on the switch's own loopback address. It closes its port when the switch
 * goes down and opens it again when the switch is back; with {@code ssh-down} it never accepts, with
 * {@code hostkey-changed} it presents a host key other than the one in the lab's known_hosts.
 */
public final class SwitchSshServer implements LabSwitch.PowerListener, AutoCloseable {
    private final LabSwitch labSwitch;
    private final LabSsh lab;
    private final LabCli cli;
    private final KeyPair hostKey;
    private final Object otherHostKeyLock = new Object();
    private KeyPair otherHostKey;
    private SshServer server;
    private boolean closed;

    SwitchSshServer(LabSwitch labSwitch, LabSsh lab, LabCli cli, KeyPair hostKey) {
        this.labSwitch = labSwitch;
        this.lab = lab;
        this.cli = cli;
        this.hostKey = hostKey;
    }

    public LabSwitch labSwitch() {
        return labSwitch;
    }

    /** The switch's CLI, e.g. a {@link CumulusLabCli} to make its onie-select fail. */
    public LabCli cli() {
        return cli;
    }

    /** The host key written to the lab's known_hosts. */
    public KeyPair hostKey() {
        return hostKey;
    }

    public int port() {
        return lab.port();
    }

    /** Whether the port accepts connections right now. */
    public synchronized boolean isListening() {
        return server != null && server.isOpen();
    }

    /** Opens the port unless the switch is down, has {@code ssh-down}, or the lab is closed. */
    public synchronized void start() {
        if (server != null || closed || !labSwitch.isUp() || labSwitch.hasFault(LabFault.SSH_DOWN)) {
            return;
        }
        SshServer created = SshServer.setUpDefaultServer();
        created.setHost(labSwitch.address().getHostAddress());
        created.setPort(lab.port());
        CoreModuleProperties.NIO_WORKERS.set(created, 1);
        created.setScheduledExecutorService(lab.scheduler(), false);
        created.setKeyPairProvider(new KeyPairProvider() {
            @Override
            public Iterable<KeyPair> loadKeys(SessionContext session) {
                return List.of(presentedHostKey());
            }
        });
        created.setPasswordAuthenticator(null);
        created.setKeyboardInteractiveAuthenticator(null);
        created.setPublickeyAuthenticator((user, key, session) -> lab.isAuthorized(user, key));
        created.setCommandFactory((channel, command) -> lab.newCommand(command, labSwitch.name(), cli));
        created.setShellFactory(channel -> lab.newCommand(null, labSwitch.name(), cli));
        created.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                // ssh-down injected while the port was open: drop every new connection at once
                if (labSwitch.hasFault(LabFault.SSH_DOWN)) {
                    session.close(true);
                }
            }
        });
        try {
            created.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SSH server of lab switch " + labSwitch.name() + " on "
                    + labSwitch.address().getHostAddress() + ":" + lab.port() + ": " + e.getMessage()
                    + " (is another lab using this address and port? choose another with Fabric.builder().sshPort(...))",
                    e);
        }
        server = created;
    }

    // Not synchronized on this: stop() holds that monitor while MINA's I/O threads finish key exchanges.
    private KeyPair presentedHostKey() {
        if (!labSwitch.hasFault(LabFault.HOSTKEY_CHANGED)) {
            return hostKey;
        }
        synchronized (otherHostKeyLock) {
            if (otherHostKey == null) {
                try {
                    otherHostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot generate the changed host key of " + labSwitch.name(), e);
                }
            }
            return otherHostKey;
        }
    }

    /** Closes the port and every open connection, as a switch that powers off does. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop(true);
        } catch (IOException ignored) {
            // a server that fails to stop cleanly is closed anyway
        }
        server = null;
    }

    @Override
    public void wentDown(LabSwitch labSwitch) {
        stop();
    }

    @Override
    public void cameUp(LabSwitch labSwitch) {
        start();
    }

    @Override
    public synchronized void close() {
        closed = true;
        stop();
    }

    @Override
    public String toString() {
        return "SSH of " + labSwitch.name() + " on " + labSwitch.address().getHostAddress() + ":" + lab.port();
    }
}
