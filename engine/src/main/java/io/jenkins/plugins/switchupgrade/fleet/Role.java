package io.jenkins.plugins.switchupgrade.fleet;

import java.util.Locale;

/** The place of a switch in a leaf-spine fabric. */
public enum Role {
    LEAF, SPINE;

    /** The lower-case name used in Prometheus labels and step arguments. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code leaves} or {@code spines}, for messages. */
    public String plural() {
        return this == LEAF ? "leaves" : "spines";
    }

    /** Parses {@code leaf} or {@code spine}; anything else is refused with the accepted values. */
    public static Role parse(String text) {
        if (text != null) {
            for (Role role : values()) {
                if (role.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("role must be 'leaf' or 'spine', was '" + text + "'");
    }
}
