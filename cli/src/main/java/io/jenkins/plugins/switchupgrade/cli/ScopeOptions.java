package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.fleet.Role;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Which switches {@code plan} and {@code run} consider: datacenter, role, from-version, rack position, exclusions. */
final class ScopeOptions {
    @Option(names = "--datacenter", paramLabel = "DC", description = "Required. The datacenter label, e.g. dc1.")
    String datacenter;

    @Option(names = "--role", paramLabel = "leaf|spine", completionCandidates = Roles.class,
            description = "Required. Which switches: leaf or spine.")
    String role;

    @Option(names = "--from-version", paramLabel = "V",
            description = "Required. The OS version to upgrade from; the candidates are the switches running it.")
    String fromVersion;

    @Option(names = "--position", paramLabel = "1|2",
            description = "Only the first or the second switch of each rack (default: both).")
    Integer position;

    @Option(names = "--exclude", paramLabel = "SWITCH",
            description = "A switch never to pick (repeatable).")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the random choice, to repeat a choice exactly (default: random).")
    Long seed;

    void require(Flags flags) {
        flags.require(datacenter, "--datacenter", "dc1").require(role, "--role", "leaf")
                .require(fromVersion, "--from-version", "5.9.1");
    }

    Role parsedRole() {
        try {
            return Role.parse(role);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--role " + e.getMessage().replace("role ", ""));
        }
    }

    Integer checkedPosition() {
        return Flags.within("--position", position, 1, 2);
    }

    List<String> exclude() {
        return exclude == null ? List.of() : List.copyOf(exclude);
    }

    /** The values {@code --role} completes to. */
    static final class Roles extends ArrayList<String> {
        Roles() {
            super(List.of("leaf", "spine"));
        }
    }
}
