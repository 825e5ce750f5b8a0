package io.jenkins.plugins.switchupgrade.jenkins;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;

/**
 * The "SSH Username with private key" credentials a step's form may offer, to users who may configure the job (or,
 * outside a job, administer Jenkins); others see only the current value.
 */
final class SshCredentialsItems {

    private SshCredentialsItems() {}

    static ListBoxModel fill(@CheckForNull Item item, @CheckForNull String current) {
        StandardListBoxModel result = new StandardListBoxModel();
        String value = Util.fixNull(current);
        if (item == null) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return result.includeCurrentValue(value);
            }
        } else if (!item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            return result.includeCurrentValue(value);
        }
        result.includeEmptyValue();
        if (item == null) {
            result.includeAs(ACL.SYSTEM2, Jenkins.get(), SSHUserPrivateKey.class);
        } else {
            result.includeAs(item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2, item,
                    SSHUserPrivateKey.class);
        }
        return result.includeCurrentValue(value);
    }
}
