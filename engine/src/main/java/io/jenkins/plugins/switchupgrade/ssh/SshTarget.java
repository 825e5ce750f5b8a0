package io.jenkins.plugins.switchupgrade.ssh;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where and how to reach one switch over SSH: host, port, user, private key (bytes or file, optional
 * passphrase), known_hosts (file or text), connect and command timeouts. Host keys are checked strictly against
 * known_hosts: an unknown or changed key refuses the connection. {@link #toString()} and every error leave
 * key material and passphrases out.
 */
public final class SshTarget {
    /** The default time to establish a connection, handshake and authentication included. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The default time one command may run. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final String host;
    private final int port;
    private final String user;
    private final byte[] privateKey;
    private final Path privateKeyFile;
    private final byte[] passphrase;
    private final Path knownHostsFile;
    private final String knownHostsText;
    private final Duration connectTimeout;
    private final Duration commandTimeout;

    private SshTarget(Builder b) {
        this.host = require(b.host, "host");
        this.user = require(b.user, "user");
        this.name = b.name == null || b.name.isBlank() ? host : b.name;
        this.port = b.port;
        this.privateKey = b.privateKey == null ? null : b.privateKey.clone();
        this.privateKeyFile = b.privateKeyFile;
        this.passphrase = b.passphrase == null ? null : b.passphrase.clone();
        this.knownHostsFile = b.knownHostsFile;
        this.knownHostsText = b.knownHostsText;
        this.connectTimeout = b.connectTimeout;
        this.commandTimeout = b.commandTimeout;
        if (privateKey == null && privateKeyFile == null) {
            throw new IllegalArgumentException("SSH target " + describe() + " has no private key: give privateKey(bytes) "
                    + "or privateKeyFile(path); only public-key authentication is supported");
        }
        if (knownHostsFile == null && knownHostsText == null) {
            throw new IllegalArgumentException("SSH target " + describe() + " has no known_hosts: give knownHostsFile(path) "
                    + "or knownHosts(text); host keys are always verified");
        }
    }

    private static String require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an SSH target needs a " + what);
        }
        return value.trim();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads this target's local SSH material (known_hosts present and not empty, the private key readable, its
     * passphrase right) without connecting: a host calls it before anything is silenced.
     *
     * @throws SshException with {@link SshException.Reason#CONFIGURATION} and what to fix
     */
    public void checkLocalFiles() throws SshException {
        SshSession.checkLocal(this);
    }

    /** Opens a session: TCP connect, host-key check against known_hosts, public-key authentication. */
    public SshSession connect() throws SshException {
        return SshSession.open(this);
    }

    /** The switch's name used in messages; the host when none was given. */
    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public Path knownHostsFile() {
        return knownHostsFile;
    }

    /** Where the private key comes from, without revealing it: a file path or "key material". */
    public String privateKeySource() {
        return privateKeyFile != null ? privateKeyFile.toString() : "key material (" + privateKey.length + " bytes)";
    }

    byte[] privateKeyBytes() {
        return privateKey == null ? null : privateKey.clone();
    }

    Path privateKeyFile() {
        return privateKeyFile;
    }

    byte[] passphraseBytes() {
        return passphrase == null ? null : passphrase.clone();
    }

    String knownHostsText() {
        return knownHostsText;
    }

    /** {@code user@host:port}, the address part of messages. */
    public String address() {
        return user + "@" + host + ":" + port;
    }

    /** {@code name (user@host:port)}, or {@code user@host:port} when the name is the host. */
    public String describe() {
        return name.equals(host) ? address() : name + " (" + address() + ")";
    }

    /** The host as written in known_hosts: {@code host} on port 22, {@code [host]:port} otherwise. */
    public String knownHostsName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    @Override
    public String toString() {
        return "SshTarget " + describe() + " key " + (privateKeyFile != null ? privateKeyFile : "given as bytes")
                + (passphrase != null ? " (with passphrase)" : "") + ", known_hosts "
                + (knownHostsFile != null ? knownHostsFile : "given as text");
    }

    /** Builds an {@link SshTarget}; host, user, a private key and known_hosts are required. */
    public static final class Builder {
        private String name;
        private String host;
        private int port = 22;
        private String user;
        private byte[] privateKey;
        private Path privateKeyFile;
        private byte[] passphrase;
        private Path knownHostsFile;
        private String knownHostsText;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;

        private Builder() {
        }

        /** The switch's name, for messages (e.g. {@code leaf-r32-p1-pod1}). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("SSH port must be within 1..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The private key (OpenSSH or PEM format) as bytes; copied, never printed. */
        public Builder privateKey(byte[] key) {
            this.privateKey = Objects.requireNonNull(key, "key").clone();
            this.privateKeyFile = null;
            return this;
        }

        /** The private key as text (OpenSSH or PEM format); never printed. */
        public Builder privateKey(String key) {
            return privateKey(Objects.requireNonNull(key, "key").getBytes(StandardCharsets.UTF_8));
        }

        /** A file holding the private key, read when connecting. */
        public Builder privateKeyFile(Path file) {
            this.privateKeyFile = Objects.requireNonNull(file, "file");
            this.privateKey = null;
            return this;
        }

        /** The private key's passphrase; copied, never printed. */
        public Builder passphrase(char[] passphrase) {
            if (passphrase == null) {
                this.passphrase = null;
            } else {
                java.nio.ByteBuffer bytes = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(passphrase));
                this.passphrase = Arrays.copyOfRange(bytes.array(), bytes.position(), bytes.limit());
                Arrays.fill(bytes.array(), (byte) 0);
            }
            return this;
        }

        /** A known_hosts file (OpenSSH format, hashed entries allowed). */
        public Builder knownHostsFile(Path file) {
            this.knownHostsFile = Objects.requireNonNull(file, "file");
            this.knownHostsText = null;
            return this;
        }

        /** known_hosts content as text, e.g. from the plugin's global configuration. */
        public Builder knownHosts(String text) {
            this.knownHostsText = Objects.requireNonNull(text, "text");
            this.knownHostsFile = null;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive(timeout, "command timeout");
            return this;
        }

        private static Duration positive(Duration timeout, String what) {
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("the SSH " + what + " must be positive, was " + timeout);
            }
            return timeout;
        }

        public SshTarget build() {
            return new SshTarget(this);
        }

        @Override
        public String toString() {
            return "SshTarget.Builder " + user + "@" + host + ":" + port;
        }
    }
}
