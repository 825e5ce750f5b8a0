package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.ssh.ExecResult;
import io.jenkins.plugins.switchupgrade.ssh.SshException;
import io.jenkins.plugins.switchupgrade.ssh.SshSession;
import io.jenkins.plugins.switchupgrade.ssh.SshShell;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * How a driver reaches a switch's CLI: over SSH ({@link #ssh()}, the default), or, in flow tests, a device that
 * answers from a recorded transcript. The drivers talk only through this, so a replayed session exercises exactly
 * the code that runs against a switch.
 */
public interface SwitchLink {

    /** Opens one connection to the switch; fails as {@link SshTarget#connect()} does. */
    Session open(SshTarget target) throws SshException;

    /** The real thing: {@link SshTarget#connect()}. */
    static SwitchLink ssh() {
        return target -> new SshBacked(target.connect());
    }

    /** One connection: single commands with an exit status, or an interactive shell behind a prompt. */
    interface Session extends AutoCloseable {
        SshTarget target();

        /** Runs one command with its own timeout, as {@link SshSession#exec(String, Duration)}. */
        ExecResult exec(String command, Duration timeout) throws SshException;

        /** Runs one command with the target's command timeout. */
        default ExecResult exec(String command) throws SshException {
            return exec(command, target().commandTimeout());
        }

        /** Opens the interactive shell, as {@link SshSession#shell(Pattern)}. */
        Shell shell(Pattern prompt) throws SshException;

        @Override
        void close();
    }

    /** The interactive shell, with the semantics of {@link SshShell}: prompt detection, echo removal, streaming. */
    interface Shell extends AutoCloseable {
        void sendLine(String line) throws SshException;

        String readUntil(Pattern pattern, Duration timeout) throws SshException;

        String readUntilPrompt(Duration timeout) throws SshException;

        String command(String line, Duration timeout) throws SshException;

        SshShell.Streamed streamLines(Consumer<String> lines, Pattern until, Duration deadline) throws SshException;

        @Override
        void close();
    }

    /** {@link Session} over a real {@link SshSession}. */
    final class SshBacked implements Session {
        private final SshSession session;

        SshBacked(SshSession session) {
            this.session = session;
        }

        @Override
        public SshTarget target() {
            return session.target();
        }

        @Override
        public ExecResult exec(String command, Duration timeout) throws SshException {
            return session.exec(command, timeout);
        }

        @Override
        public Shell shell(Pattern prompt) throws SshException {
            SshShell shell = session.shell(prompt);
            return new Shell() {
                @Override
                public void sendLine(String line) throws SshException {
                    shell.sendLine(line);
                }

                @Override
                public String readUntil(Pattern pattern, Duration timeout) throws SshException {
                    return shell.readUntil(pattern, timeout);
                }

                @Override
                public String readUntilPrompt(Duration timeout) throws SshException {
                    return shell.readUntilPrompt(timeout);
                }

                @Override
                public String command(String line, Duration timeout) throws SshException {
                    return shell.command(line, timeout);
                }

                @Override
                public SshShell.Streamed streamLines(Consumer<String> lines, Pattern until, Duration deadline)
                        throws SshException {
                    return shell.streamLines(lines, until, deadline);
                }

                @Override
                public void close() {
                    shell.close();
                }
            };
        }

        @Override
        public void close() {
            session.close();
        }
    }
}
