package io.jenkins.plugins.switchupgrade.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The known_hosts repository of one connection attempt, remembering which key the host presented and how it
 * compared, so that a refusal can name the host, the key type and both fingerprints. Never adds keys.
 */
final class KnownHostsCheck implements HostKeyRepository {
    private final HostKeyRepository known;
    private final JSch jsch;
    private volatile String checkedHost;
    private volatile byte[] presentedKey;
    private volatile int result = -1;

    KnownHostsCheck(HostKeyRepository known, JSch jsch) {
        this.known = known;
        this.jsch = jsch;
    }

    @Override
    public int check(String host, byte[] key) {
        int outcome = known.check(host, key);
        checkedHost = host;
        presentedKey = key == null ? null : key.clone();
        result = outcome;
        return outcome;
    }

    /** {@link HostKeyRepository#NOT_INCLUDED}, {@link HostKeyRepository#CHANGED}, OK, or -1 when no key was checked. */
    int result() {
        return result;
    }

    /** e.g. {@code ssh-ed25519 SHA256:abc…}, or "no key" when the handshake did not get that far. */
    String presented() {
        byte[] key = presentedKey;
        if (key == null) {
            return "no key";
        }
        try {
            HostKey hostKey = new HostKey(checkedHost, key);
            return hostKey.getType() + " " + fingerprint(hostKey);
        } catch (JSchException | RuntimeException e) {
            return "a key of an unknown type";
        }
    }

    /** The keys known_hosts holds for the host, e.g. {@code ssh-ed25519 SHA256:abc…}. */
    List<String> knownFor(String host) {
        List<String> keys = new ArrayList<>();
        HostKey[] entries = known.getHostKey(host, null);
        if (entries != null) {
            for (HostKey entry : entries) {
                keys.add(entry.getType() + " " + fingerprint(entry));
            }
        }
        return keys;
    }

    /**
     * As {@code ssh-keygen -lf} prints it ({@code SHA256:} and unpadded base64), on every JSch version: JSch's own
     * {@code getFingerPrint} prints hex before 0.2.17, which an operator cannot compare with ssh-keygen's output.
     */
    private String fingerprint(HostKey key) {
        try {
            byte[] blob = Base64.getDecoder().decode(key.getKey());
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
            return key.getFingerPrint(jsch);
        }
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // strict checking: a connection never adds to known_hosts
    }

    @Override
    public void remove(String host, String type) {
        // read-only
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        // read-only
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return known.getKnownHostsRepositoryID();
    }

    @Override
    public HostKey[] getHostKey() {
        return known.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return known.getHostKey(host, type);
    }
}
