package io.jenkins.plugins.switchupgrade.jenkins;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import java.io.Serializable;
import java.util.List;
import java.util.function.Function;

/**
 * How to log in to the switches, resolved on the controller from an "SSH Username with private key" credential and
 * the global known_hosts, in the form that travels to the agent. The key and its passphrase go to the agent's SSH
 * client and nowhere else: {@link #toString()} never shows them, and no step execution keeps this object.
 */
final class SshLogin implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String credentialsId;
    private final String user;
    private final String privateKey;
    private final String passphrase;
    private final String knownHosts;
    private final int port;

    private SshLogin(String credentialsId, String user, String privateKey, @CheckForNull String passphrase,
            String knownHosts, int port) {
        this.credentialsId = credentialsId;
        this.user = user;
        this.privateKey = privateKey;
        this.passphrase = passphrase;
        this.knownHosts = knownHosts;
        this.port = port;
    }

    /**
     * The login for {@code run}: the step's credentials, or the global default ones, and the global known_hosts.
     *
     * @param credentialsId the step's {@code credentialsId}, or {@code null} for the global default
     * @param step the step or build step asking, named in the messages
     */
    static @NonNull SshLogin forRun(@NonNull Run<?, ?> run, @CheckForNull String credentialsId, @NonNull String step)
            throws AbortException {
        SwitchUpgradeConfiguration config = SwitchUpgradeConfiguration.get();
        String id = Util.fixEmptyAndTrim(credentialsId);
        if (id == null) {
            id = config.getSshCredentialsId();
        }
        if (id == null) {
            throw new AbortException(step + " needs SSH credentials to log in to the switch: give credentialsId"
                    + " (an 'SSH Username with private key' credential), or set the default SSH credentials in"
                    + " Manage Jenkins » System » Switch Upgrade Automation.");
        }
        String knownHosts = config.getKnownHosts();
        if (knownHosts == null) {
            throw new AbortException(step + " refused to contact the switch: no known hosts are configured, and host"
                    + " keys are always verified. Paste the switches' host keys (ssh-keyscan output) into Manage Jenkins"
                    + " » System » Switch Upgrade Automation » Known hosts, or under unclassified: switchUpgrade:"
                    + " knownHosts in Configuration as Code.");
        }
        SSHUserPrivateKey credentials = RunCredentials.sshKey(run, id);
        List<String> keys = credentials.getPrivateKeys();
        if (keys.isEmpty() || Util.fixEmptyAndTrim(keys.get(0)) == null) {
            throw new AbortException("The SSH credentials '" + id + "' hold no private key; " + step
                    + " logs in with a key only. Add the key to the credentials.");
        }
        Secret passphrase = credentials.getPassphrase();
        String phrase = passphrase == null ? null : Util.fixEmpty(passphrase.getPlainText());
        return new SshLogin(id, credentials.getUsername(), keys.get(0), phrase, knownHosts, config.getSshPort());
    }

    /** The SSH target of each switch, built on the agent; the engine asks for it only before a disruptive command. */
    @NonNull
    Function<Switch, SshTarget> targets() {
        return target -> {
            SshTarget.Builder builder = SshTarget.builder()
                    .name(target.name())
                    .host(target.address())
                    .port(port)
                    .user(user)
                    .privateKey(privateKey)
                    .knownHosts(knownHosts);
            if (passphrase != null) {
                builder.passphrase(passphrase.toCharArray());
            }
            return builder.build();
        };
    }

    @Override
    public String toString() {
        return user + " with the key of credentials '" + credentialsId + "', port " + port;
    }
}
