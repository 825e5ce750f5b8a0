package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import jenkins.model.Jenkins;

/**
 * The permission a step's or a builder's form validation asks for: Configure on the job whose form it is, or
 * Administer outside a job, so that a user who may only read learns nothing from it.
 */
final class FormAccess {

    private FormAccess() {}

    static void checkConfigure(@CheckForNull Item item) {
        if (item == null) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        } else {
            item.checkPermission(Item.CONFIGURE);
        }
    }
}
