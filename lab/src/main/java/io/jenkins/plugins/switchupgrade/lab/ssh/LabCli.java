package io.jenkins.plugins.switchupgrade.lab.ssh;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;

import java.io.IOException;
import java.time.Duration;

/**
 * What one lab switch answers over SSH, per platform: single commands ({@code ssh switch COMMAND}) and an
 * interactive shell behind a prompt. Cumulus ({@link CumulusLabCli}), an AOS {@code -> } shell and a Cisco stack
 * are built in; each fabric may plug in its own per platform ({@code Fabric.Builder.cli}).
 */
public interface LabCli {
    /** Returned by {@link #run} when the command never ends by itself: the switch goes down and drops the connection. */
    int NO_EXIT = Integer.MIN_VALUE;

    /** Creates the CLI of one switch; called once per switch when the lab starts. */
    @FunctionalInterface
    interface Factory {
        LabCli create(LabSwitch labSwitch, Fabric fabric);
    }

    /** Answers one command line; returns its exit status, or {@link #NO_EXIT}. */
    int run(String command, CliIo io) throws IOException;

    /** The prompt of the interactive shell, e.g. {@code root@leaf01:mgmt:~# } or {@code -> }. */
    String prompt();

    /**
     * The interactive shell: prompt, read a line, answer it, until {@code exit}, the end of input or the switch
     * going down. Platforms with a different dialogue (questions, asynchronous progress) override it.
     */
    default void shell(CliIo io) throws IOException {
        for (int commands = 0; commands < 100_000; commands++) {
            io.print(prompt());
            String line = io.readLine();
            if (line == null) {
                return;
            }
            String command = line.trim();
            if (command.equals("exit") || command.equals("logout") || command.equals("quit")) {
                return;
            }
            if (command.isEmpty()) {
                continue;
            }
            if (run(command, io) == NO_EXIT) {
                io.awaitClosed(Duration.ofMinutes(10));
                return;
            }
        }
    }
}
