package io.jenkins.plugins.switchupgrade.lab.ssh;

import io.jenkins.plugins.switchupgrade.lab.CommandRecord;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * One SSH channel of a lab switch: a single command ({@code exec}) or an interactive shell, answered by the
 * switch's {@link LabCli} on a thread of its own, since MINA requires {@link #start} to return at once.
 */
final class CliCommand implements Command {
    private final String command;
    private final String switchName;
    private final LabCli cli;
    private final CommandRecord record;
    private final ExecutorService executor;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exitCallback;
    private volatile CliIo io;

    /** {@code command} is null for an interactive shell. */
    CliCommand(String command, String switchName, LabCli cli, CommandRecord record, ExecutorService executor) {
        this.command = command;
        this.switchName = switchName;
        this.cli = cli;
        this.record = record;
        this.executor = executor;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exitCallback = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        io = new CliIo(in, out, err, command == null, line -> record.append(switchName, line));
        if (command != null) {
            record.append(switchName, command);
        }
        try {
            executor.execute(this::answer);
        } catch (RejectedExecutionException e) {
            exitCallback.onExit(255, "the lab is shutting down");
        }
    }

    private void answer() {
        int status;
        try {
            if (command == null) {
                cli.shell(io);
                status = 0;
            } else {
                status = cli.run(command, io);
            }
        } catch (IOException e) {
            // the client or the switch went away mid-answer: nobody is left to tell
            return;
        } catch (RuntimeException e) {
            try {
                io.printErr("lab error while answering '" + command + "': " + e + "\n");
            } catch (IOException ignored) {
                // the channel is gone as well
            }
            status = 1;
        }
        if (status == LabCli.NO_EXIT) {
            // like a rebooting switch: no exit status, the connection drops when the switch goes down
            io.awaitClosed(Duration.ofMinutes(10));
            return;
        }
        if (!io.isClosed()) {
            exitCallback.onExit(status);
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        CliIo current = io;
        if (current != null) {
            current.markClosed();
        }
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException ignored) {
            // closing only unblocks a reader; nothing else to do
        }
    }
}
