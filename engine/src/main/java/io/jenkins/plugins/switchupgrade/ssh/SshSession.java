package io.jenkins.plugins.switchupgrade.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelShell;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;

import io.jenkins.plugins.switchupgrade.text.ProblemText;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * One authenticated SSH connection to a switch: run commands with their exit status and output
 * ({@link #exec}), or open an interactive shell with prompt detection ({@link #shell}). {@link #close()}
 * cancels whatever is running, from any thread.
 */
public final class SshSession implements AutoCloseable {
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private static final int MAX_POLL_MILLIS = 20;

    private final SshTarget target;
    private final Session session;
    private final List<SshShell> shells = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private SshSession(SshTarget target, Session session) {
        this.target = target;
        this.session = session;
    }

    static SshSession open(SshTarget target) throws SshException {
        String who = target.describe();
        JSch jsch = new JSch();
        KnownHostsCheck hostKeys = knownHosts(jsch, target);
        addIdentity(jsch, target);
        Session session;
        try {
            session = jsch.getSession(target.user(), target.host(), target.port());
        } catch (JSchException e) {
            throw new SshException(SshException.Reason.CONFIGURATION, who, "cannot set up the session: " + e.getMessage(), e);
        }
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", "publickey");
        int connectMillis = millis(target.connectTimeout());
        try {
            session.setTimeout(connectMillis);
            session.connect(connectMillis);
            session.setServerAliveInterval(millis(KEEPALIVE));
            session.setServerAliveCountMax(3);
        } catch (JSchException e) {
            session.disconnect();
            throw connectFailure(target, hostKeys, e);
        }
        return new SshSession(target, session);
    }

    /**
     * Reads the local SSH material as a connection would (known_hosts, the private key and its passphrase) without
     * connecting, so that a broken file or a wrong passphrase is found before anything is silenced.
     */
    static void checkLocal(SshTarget target) throws SshException {
        // an empty known_hosts would refuse every switch; a connection says so with the key the host presented,
        // the check before the round says it before anything is silenced
        try {
            String text = target.knownHostsFile() != null && Files.isReadable(target.knownHostsFile())
                    && !Files.isDirectory(target.knownHostsFile())
                    ? Files.readString(target.knownHostsFile(), StandardCharsets.UTF_8) : target.knownHostsText();
            if (text != null && !hasEntries(text)) {
                throw new SshException(SshException.Reason.CONFIGURATION, target.describe(), "the known_hosts "
                        + (target.knownHostsFile() != null ? "file " + target.knownHostsFile() : "text") + " lists no "
                        + "host key; host keys are always verified, so every switch would be refused: add the "
                        + "switches' keys (ssh-keyscan, checked out of band)");
            }
        } catch (IOException e) {
            throw new SshException(SshException.Reason.CONFIGURATION, target.describe(), "cannot read known_hosts "
                    + target.knownHostsFile() + ": " + ProblemText.of(e), e);
        }
        JSch jsch = new JSch();
        knownHosts(jsch, target);
        addIdentity(jsch, target);
    }

    private static KnownHostsCheck knownHosts(JSch jsch, SshTarget target) throws SshException {
        try {
            if (target.knownHostsFile() != null) {
                if (!Files.isReadable(target.knownHostsFile()) || Files.isDirectory(target.knownHostsFile())) {
                    throw new SshException(SshException.Reason.CONFIGURATION, target.describe(), "the known_hosts file "
                            + target.knownHostsFile() + " does not exist or is not readable; host keys are always "
                            + "verified, so give a known_hosts file that lists " + target.knownHostsName());
                }
                jsch.setKnownHosts(target.knownHostsFile().toString());
            } else {
                jsch.setKnownHosts(new ByteArrayInputStream(target.knownHostsText().getBytes(StandardCharsets.UTF_8)));
            }
        } catch (JSchException e) {
            throw new SshException(SshException.Reason.CONFIGURATION, target.describe(), "cannot read known_hosts "
                    + (target.knownHostsFile() != null ? target.knownHostsFile() : "text") + ": " + e.getMessage(), e);
        }
        KnownHostsCheck check = new KnownHostsCheck(jsch.getHostKeyRepository(), jsch);
        jsch.setHostKeyRepository(check);
        return check;
    }

    private static boolean hasEntries(String knownHosts) {
        return knownHosts.lines().map(String::strip).anyMatch(line -> !line.isEmpty() && !line.startsWith("#"));
    }

    private static void addIdentity(JSch jsch, SshTarget target) throws SshException {
        String who = target.describe();
        byte[] key = null;
        byte[] passphrase = target.passphraseBytes();
        try {
            if (target.privateKeyFile() != null) {
                try {
                    key = Files.readAllBytes(target.privateKeyFile());
                } catch (NoSuchFileException e) {
                    throw new SshException(SshException.Reason.CONFIGURATION, who, "the private key file "
                            + target.privateKeyFile() + " does not exist; give the path of the key the switch accepts");
                } catch (IOException e) {
                    throw new SshException(SshException.Reason.CONFIGURATION, who, "cannot read the private key file "
                            + target.privateKeyFile() + ": " + ProblemText.of(e));
                }
                if (key.length == 0) {
                    throw new SshException(SshException.Reason.CONFIGURATION, who, "the private key file "
                            + target.privateKeyFile() + " is empty; give the path of the key the switch accepts");
                }
            } else {
                key = target.privateKeyBytes();
            }
            KeyPair pair;
            try {
                pair = KeyPair.load(jsch, key.clone(), null);
            } catch (JSchException e) {
                throw new SshException(SshException.Reason.CONFIGURATION, who, "the private key from "
                        + target.privateKeySource() + " cannot be read (" + e.getMessage() + "); expected an "
                        + "OpenSSH or PEM private key (ed25519, ecdsa or rsa)");
            }
            try {
                if (pair.isEncrypted()) {
                    if (passphrase == null) {
                        throw new SshException(SshException.Reason.CONFIGURATION, who, "the private key from "
                                + target.privateKeySource() + " is protected by a passphrase, and none was given");
                    }
                    if (!pair.decrypt(passphrase.clone())) {
                        throw new SshException(SshException.Reason.CONFIGURATION, who, "the passphrase given does not "
                                + "open the private key from " + target.privateKeySource() + "; check the credentials");
                    }
                }
            } finally {
                pair.dispose();
            }
            try {
                jsch.addIdentity(target.name(), key.clone(), null, passphrase == null ? null : passphrase.clone());
            } catch (JSchException e) {
                throw new SshException(SshException.Reason.CONFIGURATION, who, "the private key from "
                        + target.privateKeySource() + " cannot be used (" + e.getMessage() + ")");
            }
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
            if (passphrase != null) {
                Arrays.fill(passphrase, (byte) 0);
            }
        }
    }

    private static SshException connectFailure(SshTarget target, KnownHostsCheck hostKeys, JSchException e) {
        String who = target.describe();
        String hostName = target.knownHostsName();
        String knownHosts = target.knownHostsFile() != null ? "known_hosts " + target.knownHostsFile()
                : "the known_hosts text";
        if (hostKeys.result() == HostKeyRepository.NOT_INCLUDED) {
            return new SshException(SshException.Reason.UNKNOWN_HOST_KEY, who, "refused to connect: " + hostName
                    + " presented host key " + hostKeys.presented() + ", and " + knownHosts + " has no key for "
                    + hostName + ". Nothing was sent. Expected a known host key (strict checking); if this is the "
                    + "right switch, confirm the fingerprint out of band (ssh-keygen -lf on the switch's host key) "
                    + "and add its line to " + knownHosts + " (ssh-keyscan -p " + target.port() + " " + target.host()
                    + ").", e);
        }
        if (hostKeys.result() == HostKeyRepository.CHANGED) {
            return new SshException(SshException.Reason.CHANGED_HOST_KEY, who, "refused to connect: the host key of "
                    + hostName + " has CHANGED: it presented " + hostKeys.presented() + ", " + knownHosts + " has "
                    + String.join(", ", hostKeys.knownFor(hostName)) + ". Nothing was sent. This is either a "
                    + "man-in-the-middle or a re-installed switch; confirm the new fingerprint out of band, then "
                    + "replace the entry (ssh-keygen -R '" + hostName + "') and add the new key.", e);
        }
        Throwable cause = e.getCause();
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
            return new SshException(SshException.Reason.AUTHENTICATION, who, "the switch refused public-key "
                    + "authentication of user '" + target.user() + "' with the key from " + target.privateKeySource()
                    + ". Expected the key's public half in that user's authorized_keys on the switch; check the "
                    + "user name and credentials.", e);
        }
        if (cause instanceof ConnectException) {
            return new SshException(SshException.Reason.CONNECT, who, "connection refused: nothing accepts SSH "
                    + "connections on " + target.host() + ":" + target.port() + ". Expected an SSH server; check that "
                    + "the switch is up, its SSH service runs and the address and port are right.", e);
        }
        if (cause instanceof SocketTimeoutException || cause instanceof InterruptedIOException
                || message.contains("timeout") || message.contains("timed out")) {
            return new SshException(SshException.Reason.CONNECT, who, "no SSH connection within "
                    + target.connectTimeout().toMillis() + " ms (" + message + "). Check that the switch is up and "
                    + "reachable from this machine, or raise the connect timeout.", e);
        }
        if (cause instanceof UnknownHostException) {
            return new SshException(SshException.Reason.CONNECT, who, "the host name '" + target.host()
                    + "' does not resolve; check the switch's address.", e);
        }
        if (cause instanceof NoRouteToHostException) {
            return new SshException(SshException.Reason.CONNECT, who, "no route to " + target.host()
                    + "; check the management network.", e);
        }
        if (cause instanceof IOException || message.contains("closed") || message.contains("End of IO Stream")) {
            return new SshException(SshException.Reason.CONNECT, who, "the switch closed the connection during the "
                    + "SSH handshake (" + message + "). Expected an SSH server that completes the handshake; check "
                    + "that its SSH service is healthy and accepts this client's algorithms.", e);
        }
        return new SshException(SshException.Reason.PROTOCOL, who, "SSH connection failed: " + message, e);
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    public SshTarget target() {
        return target;
    }

    /** Whether the connection is still up and not closed by {@link #close()}. */
    public boolean isConnected() {
        return !closed && session.isConnected();
    }

    /** Runs a command with the target's command timeout. */
    public ExecResult exec(String command) throws SshException {
        return exec(command, null, target.commandTimeout());
    }

    /** Runs a command with its own timeout; standard input is empty (closed at once). */
    public ExecResult exec(String command, Duration timeout) throws SshException {
        return exec(command, null, timeout);
    }

    /**
     * Runs a command, feeding it {@code stdin} (may be null), and waits up to {@code timeout} for it to end.
     * A timeout closes the command's channel and fails with {@link SshException.Reason#TIMEOUT}; a connection
     * that drops meanwhile fails with {@link SshException.Reason#CONNECTION_LOST}, with the output seen so far.
     */
    public ExecResult exec(String command, String stdin, Duration timeout) throws SshException {
        String who = target.describe();
        ensureOpen(command);
        ChannelExec channel;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command.getBytes(StandardCharsets.UTF_8));
            channel.setInputStream(new ByteArrayInputStream(stdin == null ? new byte[0]
                    : stdin.getBytes(StandardCharsets.UTF_8)));
            channel.setOutputStream(out, true);
            channel.setErrStream(err, true);
            channel.connect(millis(target.connectTimeout()));
        } catch (JSchException e) {
            throw lostOrCancelled(command, "could not start `" + command + "` (not sent): " + e.getMessage(), "", e,
                    false);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 1;
        try {
            while (!channel.isClosed()) {
                if (System.nanoTime() >= deadline) {
                    channel.disconnect();
                    throw new SshException(SshException.Reason.TIMEOUT, who, "`" + command + "` did not finish within "
                            + timeout.toMillis() + " ms; its channel was closed. Output so far: "
                            + tail(text(out) + text(err)) + ". Raise the command timeout if the command is slow.",
                            null, true);
                }
                Thread.sleep(pause);
                pause = Math.min(MAX_POLL_MILLIS, pause * 2);
            }
        } catch (InterruptedException e) {
            channel.disconnect();
            Thread.currentThread().interrupt();
            throw new SshException(SshException.Reason.CANCELLED, who, "interrupted while `" + command
                    + "` was running; its channel was closed.", e, true);
        }
        int status = channel.getExitStatus();
        channel.disconnect();
        if (status == -1 && droppedOrClosing()) {
            throw lostOrCancelled(command, "the connection closed while `" + command + "` was running (no exit "
                    + "status)", text(out) + text(err), null, true);
        }
        return new ExecResult(command, status, text(out), text(err));
    }

    /** After a channel closed without exit status: waits briefly for the library to mark the session as down. */
    private boolean droppedOrClosing() {
        long until = System.nanoTime() + Duration.ofMillis(500).toNanos();
        while (System.nanoTime() < until) {
            if (closed || !session.isConnected()) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return false;
    }

    private SshException lostOrCancelled(String command, String what, String output, Exception cause, boolean sent) {
        String seen = output.isEmpty() ? "" : "; output so far: " + tail(output);
        if (closed) {
            return new SshException(SshException.Reason.CANCELLED, target.describe(), "the session was closed by "
                    + "this side: " + what + seen, cause, sent);
        }
        return new SshException(SshException.Reason.CONNECTION_LOST, target.describe(), what + seen
                + ". A rebooting switch does this; otherwise check the switch and the network.", cause, sent);
    }

    private void ensureOpen(String what) throws SshException {
        if (closed) {
            throw new SshException(SshException.Reason.CANCELLED, target.describe(), "the session is closed; `" + what
                    + "` was not sent");
        }
        if (!session.isConnected()) {
            throw new SshException(SshException.Reason.CONNECTION_LOST, target.describe(), "the connection is down; `"
                    + what + "` was not sent. Connect again.");
        }
    }

    /**
     * Opens an interactive shell on a pseudo-terminal; {@code prompt} is the switch's prompt (e.g.
     * {@code Pattern.compile("-> $")} for AOS), recognised when it ends the output.
     */
    public SshShell shell(Pattern prompt) throws SshException {
        ensureOpen("shell");
        try {
            ChannelShell channel = (ChannelShell) session.openChannel("shell");
            channel.setPty(true);
            channel.setPtyType("vt100", 200, 50, 0, 0);
            SshShell shell = new SshShell(this, channel, prompt);
            channel.connect(millis(target.connectTimeout()));
            shell.startReading();
            shells.add(shell);
            return shell;
        } catch (JSchException | IOException e) {
            throw lostOrCancelled("shell", "could not open a shell: " + e.getMessage(), "", e, false);
        }
    }

    boolean isClosedByUs() {
        return closed;
    }

    void forget(SshShell shell) {
        shells.remove(shell);
    }

    /** Ends everything: open shells, running commands (they fail as cancelled) and the connection. */
    @Override
    public void close() {
        closed = true;
        for (SshShell shell : shells) {
            shell.close();
        }
        session.disconnect();
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static String tail(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return "(nothing)";
        }
        return "'" + (trimmed.length() <= 400 ? trimmed : "…" + trimmed.substring(trimmed.length() - 400)) + "'";
    }

    @Override
    public String toString() {
        return "SshSession " + target.describe() + (isConnected() ? " (connected)" : " (closed)");
    }
}
