package io.jenkins.plugins.switchupgrade.drivers;

/**
 * A switch command (AOS, IOS) printed something its parser cannot trust; the message names the command,
 * what was expected, what was seen, and what to do next.
 */
public final class CliOutputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String command;
    private final String expected;
    private final String seen;

    public CliOutputException(String command, String expected, String seen, String whatToDo) {
        super("`" + command + "`: expected " + expected + ", but saw " + seen + ". " + whatToDo);
        this.command = command;
        this.expected = expected;
        this.seen = seen;
    }

    /** The command whose output was refused, e.g. {@code show microcode}. */
    public String command() {
        return command;
    }

    /** What the parser needed to find. */
    public String expected() {
        return expected;
    }

    /** What the parser found instead. */
    public String seen() {
        return seen;
    }
}
