package io.jenkins.plugins.switchupgrade.cli;

import java.nio.file.Path;

/**
 * Where this host keeps each data center's lock and ledger: {@code --state-dir}, else
 * {@code $XDG_STATE_HOME/switch-upgrade}, else {@code ~/.local/state/switch-upgrade}, and for root
 * {@code /var/lib/switch-upgrade}. It is independent of the report directory, so that two rounds of one data center
 * meet in it whatever reports they write.
 */
final class StateDir {
    private StateDir() {
    }

    /** The state directory {@code flag} names, or the default of this user. */
    static Path resolve(String flag) {
        if (flag != null && !flag.isBlank()) {
            return home(flag.trim());
        }
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/var/lib/switch-upgrade");
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "switch-upgrade");
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "switch-upgrade");
    }

    private static Path home(String path) {
        return Path.of(path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path);
    }
}
