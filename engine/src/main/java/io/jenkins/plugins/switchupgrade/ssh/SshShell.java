package io.jenkins.plugins.switchupgrade.ssh;

import com.jcraft.jsch.ChannelShell;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An interactive shell on a switch's console (pseudo-terminal): send lines, read until a pattern or the
 * prompt, answer a question such as {@code (Y/N)}, or stream output line by line until a line matches. Every
 * wait has a deadline; {@link #close()} (or closing the session) ends every wait at once.
 */
public final class SshShell implements AutoCloseable {
    /** A yes/no question at the end of the output, e.g. {@code … Upgrade? (Y/N) : } or {@code Are you sure (y/N)? }. */
    public static final Pattern YES_NO_QUESTION = Pattern.compile("\\((?i:y/n)\\)\\s*[:?]?\\s*$");

    private static final int MAX_BUFFERED = 4 * 1024 * 1024;

    /** How {@link #streamLines} ended. */
    public enum StreamEnd {
        /** A line matched the pattern; the lines after it are still unread. */
        MATCHED,
        /** The prompt came back with no line matching. */
        PROMPT,
        /** The switch closed the connection (a rebooting switch does this). */
        CLOSED
    }

    /** The end of {@link #streamLines}: how it ended and the matching line or prompt ("" when closed). */
    public record Streamed(StreamEnd end, String text) {
    }

    private final SshSession session;
    private final ChannelShell channel;
    private final Pattern prompt;
    private final Pattern promptAtEnd;
    private final InputStream fromSwitch;
    private final OutputStream toSwitch;
    private final Object lock = new Object();
    private final StringBuilder pending = new StringBuilder();
    private volatile boolean eof;
    private volatile boolean closedHere;
    private String lineEnding = "\n";

    SshShell(SshSession session, ChannelShell channel, Pattern prompt) throws IOException {
        this.session = session;
        this.channel = channel;
        this.prompt = Objects.requireNonNull(prompt, "prompt");
        this.promptAtEnd = Pattern.compile("(?:" + prompt.pattern() + ")\\z", prompt.flags());
        this.fromSwitch = channel.getInputStream();
        this.toSwitch = channel.getOutputStream();
    }

    void startReading() {
        Thread reader = new Thread(this::pump, "ssh-shell " + session.target().describe());
        reader.setDaemon(true);
        reader.start();
    }

    private void pump() {
        char[] chunk = new char[8192];
        try (Reader reader = new InputStreamReader(fromSwitch, StandardCharsets.UTF_8)) {
            int read;
            while ((read = reader.read(chunk)) >= 0) {
                synchronized (lock) {
                    pending.append(chunk, 0, read);
                    if (pending.length() > MAX_BUFFERED) {
                        // nobody reads: keep the newest output, enough for any prompt or question
                        pending.delete(0, pending.length() - MAX_BUFFERED / 2);
                    }
                    lock.notifyAll();
                }
            }
        } catch (IOException e) {
            // the channel closed under the reader: same as the end of output
        } finally {
            synchronized (lock) {
                eof = true;
                lock.notifyAll();
            }
        }
    }

    /** The line end {@link #sendLine} sends; {@code "\n"} by default, {@code "\r"} for consoles that want it. */
    public SshShell lineEnding(String ending) {
        this.lineEnding = Objects.requireNonNull(ending, "ending");
        return this;
    }

    public Pattern prompt() {
        return prompt;
    }

    /** Sends text as typed, without a line end. */
    public void send(String text) throws SshException {
        if (closedHere || session.isClosedByUs()) {
            throw new SshException(SshException.Reason.CANCELLED, who(), "the shell is closed; '" + text.strip()
                    + "' was not sent");
        }
        try {
            toSwitch.write(text.getBytes(StandardCharsets.UTF_8));
            toSwitch.flush();
        } catch (IOException e) {
            throw new SshException(SshException.Reason.CONNECTION_LOST, who(), "the shell's connection is gone; '"
                    + text.strip() + "' could not be sent (" + e.getMessage() + ")", e);
        }
    }

    /** Sends one line. */
    public void sendLine(String line) throws SshException {
        send(line + lineEnding);
    }

    /**
     * Waits until the output contains a match of {@code pattern}; returns the output up to and including the
     * match and consumes it. Fails with TIMEOUT (naming what was seen), CONNECTION_LOST or CANCELLED.
     */
    public String readUntil(Pattern pattern, Duration timeout) throws SshException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                Matcher matcher = pattern.matcher(pending);
                if (matcher.find()) {
                    return take(matcher.end());
                }
                awaitMore(deadline, timeout, "output matching /" + pattern.pattern() + "/");
            }
        }
    }

    /** Waits until the output ends with the prompt; returns everything up to and including it. */
    public String readUntilPrompt(Duration timeout) throws SshException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                Matcher matcher = promptAtEnd.matcher(pending);
                if (matcher.find()) {
                    return take(pending.length());
                }
                awaitMore(deadline, timeout, "the prompt /" + prompt.pattern() + "/");
            }
        }
    }

    /**
     * Sends a command line and returns its output: the lines between the echoed command and the line of the
     * next prompt, with line ends normalised to {@code \n}.
     */
    public String command(String line, Duration timeout) throws SshException {
        sendLine(line);
        return commandOutput(readUntilPrompt(timeout), promptAtEnd, line);
    }

    /**
     * The output of {@code line} in {@code raw}, the text a terminal sent up to and including the next prompt
     * ({@code promptAtEnd} matches it at the end): without the echoed command and the prompt's line, with line ends
     * normalised to {@code \n}. Shared with stand-ins of a shell, so that they cut output exactly as a switch's does.
     */
    public static String commandOutput(String raw, Pattern promptAtEnd, String line) {
        Matcher matcher = promptAtEnd.matcher(raw);
        // the prompt pattern may match only its end (e.g. "# "): drop the prompt's whole line
        String output = matcher.find() ? raw.substring(0, Math.max(raw.lastIndexOf('\n', matcher.start()) + 1, 0)) : raw;
        output = output.replace("\r\n", "\n").replace("\r", "");
        int firstBreak = output.indexOf('\n');
        if (firstBreak >= 0 && output.substring(0, firstBreak).strip().endsWith(line.strip())) {
            output = output.substring(firstBreak + 1);
        }
        return output;
    }

    /**
     * Waits for a question (e.g. {@link #YES_NO_QUESTION}), then answers it with one line; returns the output up
     * to and including the question.
     */
    public String answer(Pattern question, String reply, Duration timeout) throws SshException {
        String asked = readUntil(question, timeout);
        sendLine(reply);
        return asked;
    }

    /**
     * Hands every complete output line (without its line end) to {@code lines} until a line matches
     * {@code until} (searched with {@code find()}), the prompt comes back, or the switch closes the connection;
     * fails with TIMEOUT when {@code deadline} passes first. Lines after a matching line stay unread.
     */
    public Streamed streamLines(Consumer<String> lines, Pattern until, Duration deadline) throws SshException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            List<String> complete = new ArrayList<>();
            Streamed result = null;
            synchronized (lock) {
                int newline;
                while ((newline = pending.indexOf("\n")) >= 0) {
                    String line = stripLineEnd(pending.substring(0, newline));
                    pending.delete(0, newline + 1);
                    complete.add(line);
                    if (until.matcher(line).find()) {
                        result = new Streamed(StreamEnd.MATCHED, line);
                        break;
                    }
                }
                if (result == null && complete.isEmpty()) {
                    if (promptAtEnd.matcher(pending).find()) {
                        result = new Streamed(StreamEnd.PROMPT, take(pending.length()));
                    } else if (eof) {
                        if (pending.length() > 0) {
                            complete.add(stripLineEnd(take(pending.length())));
                        }
                        if (closedHere || session.isClosedByUs()) {
                            deliver(lines, complete);
                            throw new SshException(SshException.Reason.CANCELLED, who(), "the shell was closed by "
                                    + "this side while following its output", null, true);
                        }
                        result = new Streamed(StreamEnd.CLOSED, "");
                    } else {
                        awaitMore(end, deadline, "a line matching /" + until.pattern() + "/");
                        continue;
                    }
                }
            }
            deliver(lines, complete);
            if (result != null) {
                return result;
            }
        }
    }

    private static void deliver(Consumer<String> lines, List<String> complete) {
        for (String line : complete) {
            lines.accept(line);
        }
    }

    private static String stripLineEnd(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(0, end);
    }

    /** Must hold {@link #lock}. */
    private String take(int end) {
        String taken = pending.substring(0, end);
        pending.delete(0, end);
        return taken;
    }

    /** Must hold {@link #lock}; waits for more output or fails. */
    private void awaitMore(long deadline, Duration timeout, String expected) throws SshException {
        if (eof) {
            String seen = SshSession.tail(pending.toString());
            if (closedHere || session.isClosedByUs()) {
                throw new SshException(SshException.Reason.CANCELLED, who(), "the shell was closed by this side while "
                        + "waiting for " + expected + "; seen: " + seen, null, true);
            }
            throw new SshException(SshException.Reason.CONNECTION_LOST, who(), "the switch closed the shell while "
                    + "waiting for " + expected + "; seen: " + seen + ". A rebooting switch does this.", null, true);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SshException(SshException.Reason.TIMEOUT, who(), "no " + expected + " within "
                    + timeout.toMillis() + " ms; seen: " + SshSession.tail(pending.toString())
                    + ". Check the prompt/pattern, or raise the timeout.", null, true);
        }
        try {
            lock.wait(Math.max(1, left / 1_000_000), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new SshException(SshException.Reason.CANCELLED, who(), "interrupted while waiting for " + expected
                    + "; the shell was closed", e, true);
        }
    }

    private String who() {
        return session.target().describe();
    }

    /** Whether the shell is still open at both ends. */
    public boolean isOpen() {
        return !closedHere && !eof && !channel.isClosed();
    }

    /** Closes the shell's channel; waiting readers fail as cancelled. The session stays open. */
    @Override
    public void close() {
        closedHere = true;
        channel.disconnect();
        synchronized (lock) {
            eof = true;
            lock.notifyAll();
        }
        session.forget(this);
    }

    @Override
    public String toString() {
        return "SshShell " + who() + (isOpen() ? " (open)" : " (closed)");
    }
}
