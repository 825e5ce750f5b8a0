package io.jenkins.plugins.switchupgrade.text;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * Turns an I/O failure into words a person reads ("connection refused", "no such host"), never a Java class name,
 * and with any secret of a URL redacted.
 */
public final class ProblemText {
    private ProblemText() {
    }

    /** e.g. {@code connection refused}, {@code no answer in time}, {@code no such host: prometheus.example}. */
    public static String of(IOException e) {
        String message = e.getMessage() == null ? "" : Redaction.redact(e.getMessage().strip());
        String lower = message.toLowerCase(Locale.ROOT);
        if (e instanceof ConnectException || lower.contains("connection refused")) {
            return "connection refused" + (message.isEmpty() || lower.equals("connection refused") ? "" : " (" + message + ")");
        }
        if (e instanceof UnknownHostException) {
            return "no such host" + (message.isEmpty() ? "" : ": " + message);
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to the host" + (message.isEmpty() ? "" : " (" + message + ")");
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return "no answer in time" + (message.isEmpty() ? "" : " (" + message + ")");
        }
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            return "no such file" + (message.isEmpty() ? "" : ": " + message);
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied" + (message.isEmpty() ? "" : ": " + message);
        }
        return message.isEmpty() ? "an input/output error" : message;
    }

    /**
     * A name from outside (a switch name, a host's answer) made safe to print on one line: control characters
     * shown as {@code \\uXXXX}, at most {@code max} characters, quoted.
     */
    public static String printable(String text, int max) {
        if (text == null) {
            return "''";
        }
        return "'" + oneLine(text, max) + "'";
    }

    /** Like {@link #printable}, unquoted: for label values and comments put into a sentence. */
    public static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out + (out.length() >= max && text.length() > max ? "…" : "");
    }
}
