package io.jenkins.plugins.switchupgrade.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;
import java.util.Map;

/**
 * Where a command writes (standard output for results, standard error for complaints) and the environment its
 * defaults come from; passed in, so that tests run commands in this JVM and read what they printed.
 */
record Io(PrintStream out, PrintStream err, Map<String, String> env) {
    Io {
        env = Map.copyOf(env);
    }

    /** The streams of the {@code switch-upgrade} command {@code spec} belongs to. */
    static Io of(CommandSpec spec) {
        Object root = spec.root().userObject();
        if (root instanceof SwitchUpgradeCommand command) {
            return command.io();
        }
        // a sub-command parsed on its own (the demo runs rounds this way) writes where the JVM does
        return new Io(System.out, System.err, System.getenv());
    }
}
