package io.jenkins.plugins.switchupgrade.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Locale;
import java.util.Map;

/**
 * Defaults from the environment: a flag {@code --some-flag} not given on the command line takes the value of
 * {@code SWITCH_UPGRADE_SOME_FLAG} (e.g. {@code SWITCH_UPGRADE_PROMETHEUS}), so that a site sets its services once
 * and its jobs name only what differs. A flag given on the command line always wins. Flags without a value
 * ({@code --no-silence}, {@code --fix-mac-retention}, ...) change what a round does, so they count only when typed.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    static final String PREFIX = "SWITCH_UPGRADE_";
    private final Map<String, String> env;

    EnvironmentDefaults(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The environment variable of {@code flag} ({@code --ssh-user} to {@code SWITCH_UPGRADE_SSH_USER}). */
    static String variable(String flag) {
        return PREFIX + flag.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()
                || option.arity().max() == 0) {
            return null;
        }
        String value = env.get(variable(option.longestName()));
        return value == null || value.isBlank() ? null : value;
    }
}
