package io.jenkins.plugins.switchupgrade.jenkins;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Looks up credentials by ID in the scope of a build (folder and global credentials the job may
 * use) and records their use on the build. Only IDs travel in step arguments; the secrets stay in
 * the returned objects and never reach the log.
 */
@Restricted(NoExternalUse.class)
public final class RunCredentials {

    private RunCredentials() {}

    /** An "SSH Username with private key" credential. */
    public static @NonNull SSHUserPrivateKey sshKey(@NonNull Run<?, ?> run, @NonNull String credentialsId)
            throws AbortException {
        return find(run, credentialsId, SSHUserPrivateKey.class, "SSH Username with private key");
    }

    /** A "Secret text" credential, e.g. an HTTP bearer token. */
    public static @NonNull StringCredentials secretText(@NonNull Run<?, ?> run, @NonNull String credentialsId)
            throws AbortException {
        return find(run, credentialsId, StringCredentials.class, "Secret text");
    }

    private static <C extends IdCredentials> C find(Run<?, ?> run, String credentialsId, Class<C> type, String kind)
            throws AbortException {
        C credentials = CredentialsProvider.findCredentialById(credentialsId, type, run);
        if (credentials == null) {
            throw new AbortException("No credentials of kind '" + kind + "' with ID '" + credentialsId
                    + "' are available to " + run.getParent().getFullName()
                    + ". Add them in the job's folder or in the global credentials store, or correct the ID.");
        }
        CredentialsProvider.track(run, credentials);
        return credentials;
    }
}
