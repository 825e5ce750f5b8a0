package io.jenkins.plugins.switchupgrade.ssh;

/**
 * An SSH connection or command failed; the message names the switch and address, what was expected, what was
 * seen and what to do, and never contains a key, passphrase or password.
 */
public final class SshException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that react differently (a dropped connection after {@code reboot} is expected). */
    public enum Reason {
        /** The host key is not in known_hosts: nothing was sent. */
        UNKNOWN_HOST_KEY,
        /** The host presented a key other than the one in known_hosts: nothing was sent. */
        CHANGED_HOST_KEY,
        /** The server refused the user or key. */
        AUTHENTICATION,
        /** The private key, its passphrase or the known_hosts file could not be used. */
        CONFIGURATION,
        /** No SSH connection could be established (refused, unreachable, timed out, closed during the handshake). */
        CONNECT,
        /** A command or a read did not finish within its time limit. */
        TIMEOUT,
        /** The connection closed while a command ran or a shell was open (a rebooting switch does this). */
        CONNECTION_LOST,
        /** The session was closed by this side ({@link SshSession#close()}) or the waiting thread was interrupted. */
        CANCELLED,
        /** Anything else the SSH library reported. */
        PROTOCOL
    }

    private final Reason reason;
    private final String target;
    private final boolean commandSent;

    SshException(Reason reason, String target, String message, Throwable cause, boolean commandSent) {
        super(target + ": " + message, cause);
        this.reason = reason;
        this.target = target;
        this.commandSent = commandSent;
    }

    /**
     * The failure a real session would report, for stand-ins of the SSH layer such as a device replaying a
     * recorded session; {@code commandSent} as in {@link #commandSent()}.
     */
    public SshException(Reason reason, String target, String message, boolean commandSent) {
        this(reason, target, message, null, commandSent);
    }

    SshException(Reason reason, String target, String message, Throwable cause) {
        this(reason, target, message, cause, false);
    }

    SshException(Reason reason, String target, String message) {
        this(reason, target, message, null, false);
    }

    /**
     * Whether the command (or shell text) reached the switch before the failure: true for a timeout or a
     * connection lost while it ran, false when it could not be sent at all.
     */
    public boolean commandSent() {
        return commandSent;
    }

    public Reason reason() {
        return reason;
    }

    /** The switch and address the failure concerns, e.g. {@code leaf-r1-p1-pod1 (root@10.0.0.1:22)}. */
    public String target() {
        return target;
    }
}
