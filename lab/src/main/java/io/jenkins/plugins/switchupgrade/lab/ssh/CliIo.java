package io.jenkins.plugins.switchupgrade.lab.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The input and output of one SSH channel as a lab CLI sees it. In a terminal (an interactive shell) input
 * lines are echoed and recorded, and line ends are written as CR LF, as a switch's console does.
 */
public final class CliIo {
    private static final int MAX_LINE = 64 * 1024;

    private final InputStream in;
    private final OutputStream out;
    private final OutputStream err;
    private final boolean terminal;
    private final Consumer<String> lineRecorder;
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean skipLineFeed;

    CliIo(InputStream in, OutputStream out, OutputStream err, boolean terminal, Consumer<String> lineRecorder) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.lineRecorder = lineRecorder;
    }

    /** Whether this is an interactive shell rather than a single command. */
    public boolean isTerminal() {
        return terminal;
    }

    /**
     * Reads one line (ended by CR, LF or CR LF) without its line end, or null at the end of input. In a terminal
     * the line is echoed and recorded in the lab's command record.
     */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (line.size() < MAX_LINE) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : finish(line);
            }
            if (b == '\n' && skipLineFeed) {
                skipLineFeed = false;
                continue;
            }
            skipLineFeed = b == '\r';
            if (b == '\r' || b == '\n') {
                return finish(line);
            }
            line.write(b);
        }
        return finish(line);
    }

    private String finish(ByteArrayOutputStream bytes) throws IOException {
        String line = bytes.toString(StandardCharsets.UTF_8);
        if (terminal) {
            print(line + "\n");
            lineRecorder.accept(line);
        }
        return line;
    }

    /** Writes text to standard output; in a terminal every LF becomes CR LF. */
    public void print(String text) throws IOException {
        write(out, text);
    }

    public void println(String text) throws IOException {
        print(text + "\n");
    }

    /** Writes text to standard error (in a terminal: to the terminal, as a pty merges both). */
    public void printErr(String text) throws IOException {
        write(terminal ? out : err, text);
    }

    private void write(OutputStream stream, String text) throws IOException {
        String converted = terminal ? text.replace("\r\n", "\n").replace("\n", "\r\n") : text;
        stream.write(converted.getBytes(StandardCharsets.UTF_8));
        stream.flush();
    }

    /** Waits until the channel is closed (by the client or by the switch going down), at most {@code max}. */
    public void awaitClosed(Duration max) {
        try {
            closed.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the channel has been closed. */
    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    void markClosed() {
        closed.countDown();
    }
}
