package io.jenkins.plugins.switchupgrade.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code switch-upgrade completion}: prints the bash (and zsh) completion script, generated from the commands
 * themselves at run time, so that it always knows every flag of this version.
 */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Print the bash/zsh completion script.",
                "Generated from the commands themselves: 'source <(switch-upgrade completion)', or save it as "
                + "/etc/bash_completion.d/switch-upgrade. It completes a 'switch-upgrade' command (a wrapper "
                + "script or alias of 'java -jar switch-upgrade.jar')."})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Io.of(spec).out().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        Io.of(spec).out().flush();
        return ExitCode.OK;
    }
}
