package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A site's own re-provisioning command (instead of {@code onie-select -i -f} and {@code reboot}), named by an
 * administrator in the global configuration; a Jenkinsfile chooses it by its name and never supplies command text,
 * because it runs with the switches' admin key.
 */
public final class SiteCommand extends AbstractDescribableImpl<SiteCommand> {

    private final String name;
    private final String command;

    @DataBoundConstructor
    public SiteCommand(String name, String command) {
        this.name = Util.fixEmptyAndTrim(name);
        this.command = Util.fixEmptyAndTrim(command);
    }

    /** What Jenkinsfiles pass as {@code reprovisionSwitch command:}, e.g. {@code chef-reprovision}. */
    public String getName() {
        return name;
    }

    /** The command line run on the switch, e.g. {@code /root/run_switch_provision.sh -F}. */
    public String getCommand() {
        return command;
    }

    @Extension
    @Symbol("siteCommand")
    public static final class DescriptorImpl extends Descriptor<SiteCommand> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Re-provisioning command";
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            String name = Util.fixEmptyAndTrim(value);
            if (name == null) {
                return FormValidation.error("The name Jenkinsfiles use, e.g. chef-reprovision.");
            }
            return name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") ? FormValidation.ok()
                    : FormValidation.error("Letters, digits, '.', '_' and '-' only, e.g. chef-reprovision.");
        }

        @POST
        public FormValidation doCheckCommand(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return Util.fixEmptyAndTrim(value) == null ? FormValidation.error("The command line run on the switch,"
                    + " e.g. /root/run_switch_provision.sh -F; it must end with the switch rebooting.")
                    : FormValidation.ok();
        }
    }
}
