package io.jenkins.plugins.switchupgrade.jenkins;

import hudson.util.ListBoxModel;
import io.jenkins.plugins.switchupgrade.fleet.Role;

/** The roles a form offers ({@code leaf}, {@code spine}), as the engine's {@link Role} names them. */
final class RoleItems {

    private RoleItems() {}

    static ListBoxModel fill() {
        ListBoxModel items = new ListBoxModel();
        for (Role role : Role.values()) {
            items.add(new ListBoxModel.Option(role.label()));
        }
        return items;
    }
}
