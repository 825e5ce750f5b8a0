package io.jenkins.plugins.switchupgrade.ssh;

/**
 * What one command run over SSH answered: its exit status ({@code -1} when the server closed the channel
 * without one) and its standard output and error as text.
 */
public record ExecResult(String command, int exitStatus, String stdout, String stderr) {

    public ExecResult {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    /** Exit status 0. */
    public boolean succeeded() {
        return exitStatus == 0;
    }

    /** Standard output followed by standard error, for messages and parsers that search both. */
    public String output() {
        if (stderr.isEmpty()) {
            return stdout;
        }
        if (stdout.isEmpty()) {
            return stderr;
        }
        return stdout.endsWith("\n") ? stdout + stderr : stdout + "\n" + stderr;
    }
}
