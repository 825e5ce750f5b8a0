package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.ssh.ExecResult;
import io.jenkins.plugins.switchupgrade.ssh.SshException;
import io.jenkins.plugins.switchupgrade.ssh.SshShell;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A switch that answers from a recorded transcript, one per test case (as NAPALM's mocked_data): each connection
 * the driver opens takes the next {@code === session} of the file, and each command it sends must be the next
 * {@code >>>} entry of that session, which answers with the recorded text. The driver runs its real code path
 * through {@link SwitchLink}; the test asserts the outcome and {@link #commands()}.
 *
 * <p>Transcript syntax (resource {@code /transcripts/<name>}):
 * <pre>
 * # a comment
 * %prompt=-&gt; _              the shell prompt ('_' stands for a trailing blank)
 * === session                 a connection; the lines up to the first '&gt;&gt;&gt;' are its banner
 * === refused                 a connection attempt that is refused (the switch is rebooting)
 * &gt;&gt;&gt; show microcode          the next command the driver must send, then its answer:
 * &#64;fixture aos/show-microcode-7.3.1.txt   a fixture text, the same one the parsers and the lab use
 * &#64;fixture aos/issu-from-new_firm-session.txt from line 2   the same, from its second line on
 * %pause 300                  what follows becomes visible 300 ms later
 * &lt;&lt;&lt; exit 1                  (exec) the exit status, 0 when absent
 * &lt;&lt;&lt; question              (shell) no prompt after the answer: it asks and waits for a reply line
 * &lt;&lt;&lt; closed                the switch closes the connection after the answer
 * &lt;&lt;&lt; no-answer             (exec) the command never ends
 * </pre>
 * Shell answers go out with CR LF line ends, after the echoed command, as a switch's pseudo-terminal sends them.
 */
public final class TranscriptDevice implements SwitchLink {

    private static final Pattern FIXTURE = Pattern.compile("^@fixture\\s+(\\w+)/(\\S+)(?:\\s+from\\s+line\\s+(\\d+))?\\s*$");
    private static final Pattern PAUSE = Pattern.compile("^%pause\\s+(\\d+)\\s*$");

    /** One answer piece and how long after the previous piece it shows. */
    private record Piece(long delayMillis, String text) {
    }

    private record Entry(String command, List<Piece> answer, int exitStatus, String ending) {
    }

    private record Recorded(boolean refused, List<Piece> banner, Deque<Entry> entries) {
    }

    private final String name;
    private final String prompt;
    private final Deque<Recorded> sessions = new ConcurrentLinkedDeque<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private int opened;

    private TranscriptDevice(String name, String prompt, List<Recorded> sessions) {
        this.name = name;
        this.prompt = prompt;
        this.sessions.addAll(sessions);
    }

    /** Loads {@code /transcripts/<resource>} from the test classpath. */
    public static TranscriptDevice load(String resource) {
        String path = "/transcripts/" + resource;
        try (InputStream in = TranscriptDevice.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("No transcript " + path + " on the test classpath");
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TranscriptDevice parse(String name, String text) {
        Parser parser = new Parser(name);
        for (String line : text.split("\n", -1)) {
            parser.line(line.replace("\r", ""));
        }
        parser.endEntry();
        return new TranscriptDevice(name, parser.prompt, parser.sessions);
    }

    /** Reads the transcript line by line into sessions of entries. */
    private static final class Parser {
        final String name;
        String prompt = "$ ";
        final List<Recorded> sessions = new ArrayList<>();
        Deque<Entry> entries;
        List<Piece> target;
        String command;
        final StringBuilder piece = new StringBuilder();
        long delay;
        int exit;
        String ending = "";

        Parser(String name) {
            this.name = name;
        }

        void line(String line) {
            if (line.startsWith("#")) {
                return;
            }
            if (line.startsWith("%prompt=")) {
                prompt = line.substring("%prompt=".length()).replace('_', ' ');
                return;
            }
            if (line.startsWith("=== ")) {
                endEntry();
                entries = new java.util.ArrayDeque<>();
                target = new ArrayList<>();
                sessions.add(new Recorded(line.substring(4).trim().equals("refused"), target, entries));
                return;
            }
            if (line.startsWith(">>> ")) {
                if (entries == null) {
                    throw new IllegalArgumentException(name + ": a command before the first '=== session'");
                }
                endEntry();
                command = line.substring(4);
                target = new ArrayList<>();
                return;
            }
            if (line.startsWith("<<< ")) {
                String end = line.substring(4).trim();
                if (end.startsWith("exit ")) {
                    exit = Integer.parseInt(end.substring(5).trim());
                } else {
                    ending = end;
                }
                return;
            }
            Matcher pause = PAUSE.matcher(line);
            if (pause.matches()) {
                flush(false);
                delay = Long.parseLong(pause.group(1));
                return;
            }
            Matcher fixture = FIXTURE.matcher(line);
            if (fixture.matches()) {
                String fixed = FixtureText.read(fixture.group(1), fixture.group(2)).replace("\r\n", "\n");
                if (fixture.group(3) != null) {
                    fixed = String.join("\n", fixed.split("\n", -1)).lines()
                            .skip(Integer.parseInt(fixture.group(3)) - 1L).reduce("", (a, b) -> a + b + "\n");
                }
                piece.append(fixed.endsWith("\n") ? fixed : fixed + "\n");
                return;
            }
            if (target != null) {
                piece.append(line).append('\n');
            }
        }

        private void flush(boolean last) {
            if (target == null) {
                return;
            }
            String text = piece.toString();
            if (last) {
                // blank lines between entries only separate them; a question ends without a line break
                text = text.replaceAll("\n+$", "");
                text = text.isEmpty() || ending.equals("question") ? text : text + "\n";
            }
            target.add(new Piece(delay, text));
            piece.setLength(0);
            delay = 0;
        }

        void endEntry() {
            flush(true);
            if (command != null) {
                entries.add(new Entry(command, target, exit, ending));
            }
            command = null;
            target = null;
            exit = 0;
            ending = "";
        }
    }

    /** A target for this device; nothing ever connects to it. */
    public SshTarget target(Duration commandTimeout) {
        return SshTarget.builder().name(name.replaceAll("[/.].*$", "")).host("192.0.2.10").user("admin")
                .privateKey("unused").knownHosts("").commandTimeout(commandTimeout).build();
    }

    /** Every command the driver sent, in order, across sessions. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** How many connections the driver opened (refused ones included). */
    public synchronized int sessionsOpened() {
        return opened;
    }

    /** What the transcript still holds: nothing when the driver went through it all. */
    public List<String> unused() {
        List<String> left = new ArrayList<>();
        for (Recorded r : sessions) {
            left.add(r.refused() ? "=== refused" : "=== session");
            r.entries().forEach(e -> left.add(">>> " + e.command()));
        }
        return left;
    }

    @Override
    public synchronized Session open(SshTarget target) throws SshException {
        opened++;
        Recorded next = sessions.poll();
        if (next == null) {
            throw new AssertionError(name + ": the driver opened connection " + opened + ", but the transcript has no "
                    + "more sessions; commands so far " + commands);
        }
        if (next.refused()) {
            throw new SshException(SshException.Reason.CONNECT, target.describe(), "connection refused (replayed)",
                    false);
        }
        return new ReplayedSession(target, next);
    }

    private final class ReplayedSession implements Session {
        private final SshTarget target;
        private final Recorded recorded;
        private volatile boolean closed;

        ReplayedSession(SshTarget target, Recorded recorded) {
            this.target = target;
            this.recorded = recorded;
        }

        @Override
        public SshTarget target() {
            return target;
        }

        private Entry expect(String sent) {
            Entry entry = recorded.entries().poll();
            if (entry == null) {
                throw new AssertionError(name + ": the driver sent '" + sent + "', but the session's transcript has "
                        + "ended; commands so far " + commands);
            }
            if (!entry.command().strip().equals(sent.strip())) {
                throw new AssertionError(name + ": the driver sent '" + sent + "', the transcript expects '"
                        + entry.command() + "'; commands so far " + commands);
            }
            commands.add(sent.strip());
            return entry;
        }

        @Override
        public ExecResult exec(String command, Duration timeout) throws SshException {
            if (closed) {
                throw new SshException(SshException.Reason.CANCELLED, target.describe(), "closed", false);
            }
            Entry entry = expect(command);
            String out = String.join("", entry.answer().stream().map(Piece::text).toList());
            switch (entry.ending()) {
                case "closed" -> throw new SshException(SshException.Reason.CONNECTION_LOST, target.describe(),
                        "the switch closed the connection while '" + command + "' ran (replayed)", true);
                case "no-answer" -> throw new SshException(SshException.Reason.TIMEOUT, target.describe(),
                        "no answer within " + timeout.toMillis() + " ms (replayed)", true);
                default -> {
                    return new ExecResult(command, entry.exitStatus(), out, "");
                }
            }
        }

        @Override
        public Shell shell(Pattern prompt) throws SshException {
            ReplayedShell shell = new ReplayedShell(target.describe(), prompt, this);
            shell.queue(recorded.banner(), TranscriptDevice.this.prompt);
            return shell;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** The shell side, with the read semantics of {@link SshShell} over text that appears in time. */
    private final class ReplayedShell implements Shell {
        private final String who;
        private final Pattern promptAtEnd;
        private final ReplayedSession session;
        private final StringBuilder pending = new StringBuilder();
        private final List<Piece> future = new ArrayList<>();
        private long futureFrom = System.currentTimeMillis();
        private boolean eofAfterFuture;
        private boolean closedHere;

        ReplayedShell(String who, Pattern prompt, ReplayedSession session) {
            this.who = who;
            this.promptAtEnd = Pattern.compile("(?:" + prompt.pattern() + ")\\z", prompt.flags());
            this.session = session;
        }

        synchronized void queue(List<Piece> pieces, String then) {
            List<Piece> all = new ArrayList<>();
            for (Piece p : pieces) {
                all.add(new Piece(p.delayMillis(), crlf(p.text())));
            }
            if (then != null) {
                all.add(new Piece(0, then));
            }
            if (future.isEmpty()) {
                futureFrom = System.currentTimeMillis();
            }
            future.addAll(all);
        }

        private String crlf(String text) {
            return text.replace("\r\n", "\n").replace("\n", "\r\n");
        }

        /** Moves what is due into pending; true when the stream has ended. */
        private synchronized boolean advance() {
            long now = System.currentTimeMillis();
            while (!future.isEmpty() && futureFrom + future.get(0).delayMillis() <= now) {
                Piece p = future.remove(0);
                futureFrom += p.delayMillis();
                pending.append(p.text());
            }
            return future.isEmpty() && eofAfterFuture;
        }

        @Override
        public synchronized void sendLine(String line) throws SshException {
            if (closedHere || session.closed) {
                throw new SshException(SshException.Reason.CANCELLED, who, "the shell is closed", false);
            }
            if (eofAfterFuture) {
                throw new SshException(SshException.Reason.CONNECTION_LOST, who, "the shell's connection is gone",
                        false);
            }
            Entry entry = session.expect(line);
            List<Piece> answer = new ArrayList<>();
            answer.add(new Piece(0, line + "\n"));
            answer.addAll(entry.answer());
            boolean ask = entry.ending().equals("question");
            boolean close = entry.ending().equals("closed");
            queue(answer, ask || close ? null : TranscriptDevice.this.prompt);
            if (close) {
                eofAfterFuture = true;
            }
        }

        private interface Check {
            String found();
        }

        private String await(Check check, Duration timeout, String expected) throws SshException {
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (true) {
                boolean ended;
                synchronized (this) {
                    ended = advance();
                    String found = check.found();
                    if (found != null) {
                        return found;
                    }
                    if (closedHere) {
                        throw new SshException(SshException.Reason.CANCELLED, who, "closed while waiting for "
                                + expected, true);
                    }
                }
                if (ended) {
                    throw new SshException(SshException.Reason.CONNECTION_LOST, who, "the switch closed the shell "
                            + "while waiting for " + expected + " (replayed)", true);
                }
                if (System.currentTimeMillis() >= deadline) {
                    throw new SshException(SshException.Reason.TIMEOUT, who, "no " + expected + " within "
                            + timeout.toMillis() + " ms (replayed); seen: " + pending, true);
                }
                sleep();
            }
        }

        @Override
        public String readUntil(Pattern pattern, Duration timeout) throws SshException {
            return await(() -> {
                Matcher m = pattern.matcher(pending);
                return m.find() ? take(m.end()) : null;
            }, timeout, "output matching /" + pattern.pattern() + "/");
        }

        @Override
        public String readUntilPrompt(Duration timeout) throws SshException {
            return await(() -> promptAtEnd.matcher(pending).find() ? take(pending.length()) : null, timeout,
                    "the prompt");
        }

        @Override
        public String command(String line, Duration timeout) throws SshException {
            sendLine(line);
            return SshShell.commandOutput(readUntilPrompt(timeout), promptAtEnd, line);
        }

        @Override
        public SshShell.Streamed streamLines(Consumer<String> lines, Pattern until, Duration deadline)
                throws SshException {
            long end = System.currentTimeMillis() + deadline.toMillis();
            while (true) {
                boolean ended;
                synchronized (this) {
                    ended = advance();
                    int newline;
                    while ((newline = pending.indexOf("\n")) >= 0) {
                        String line = pending.substring(0, newline).replaceAll("\r+$", "");
                        pending.delete(0, newline + 1);
                        lines.accept(line);
                        if (until.matcher(line).find()) {
                            return new SshShell.Streamed(SshShell.StreamEnd.MATCHED, line);
                        }
                    }
                    if (promptAtEnd.matcher(pending).find()) {
                        return new SshShell.Streamed(SshShell.StreamEnd.PROMPT, take(pending.length()));
                    }
                    if (ended) {
                        if (pending.length() > 0) {
                            lines.accept(take(pending.length()));
                        }
                        return new SshShell.Streamed(SshShell.StreamEnd.CLOSED, "");
                    }
                    if (closedHere) {
                        throw new SshException(SshException.Reason.CANCELLED, who, "closed while streaming", true);
                    }
                }
                if (System.currentTimeMillis() >= end) {
                    throw new SshException(SshException.Reason.TIMEOUT, who, "no line matching /" + until.pattern()
                            + "/ within " + deadline.toMillis() + " ms (replayed)", true);
                }
                sleep();
            }
        }

        private String take(int end) {
            String taken = pending.substring(0, end);
            pending.delete(0, end);
            return taken;
        }

        private void sleep() {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public synchronized void close() {
            closedHere = true;
        }
    }

    @Override
    public String toString() {
        return "TranscriptDevice " + name;
    }
}
