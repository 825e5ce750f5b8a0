package io.jenkins.plugins.switchupgrade.lab;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every command each lab switch received, in the order received, as JSON lines
 * ({@code {"time":"…","switch":"…","command":"…"}}) in {@code commands.jsonl}; tests read it to prove what was
 * sent to which switch and in which order.
 */
public final class CommandRecord {
    /** The file name in the lab's state directory. */
    public static final String FILE_NAME = "commands.jsonl";

    /** One received command: when (ISO-8601 in the file), which switch, what text. */
    public record Entry(Instant time, String switchName, String command) {
    }

    private final Path file;

    /** A record appending to (and reading from) {@code file}; the file is created on the first command. */
    public CommandRecord(Path file) {
        this.file = file;
    }

    /** Reads a record another process (or an earlier lab) wrote. */
    public static CommandRecord at(Path file) {
        return new CommandRecord(file);
    }

    public Path file() {
        return file;
    }

    /** Appends one command; safe to call from many SSH sessions at once. */
    public void append(String switchName, String command) {
        JsonObject line = new JsonObject();
        line.addProperty("time", Instant.now().toString());
        line.addProperty("switch", switchName);
        line.addProperty("command", command);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the lab's command record " + file + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** Every entry so far, oldest first; empty when no command was received yet. */
    public List<Entry> entries() {
        List<String> lines;
        synchronized (this) {
            if (!Files.exists(file)) {
                return List.of();
            }
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the lab's command record " + file + ": " + e.getMessage(), e);
            }
        }
        List<Entry> entries = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonObject json = JsonParser.parseString(line).getAsJsonObject();
                entries.add(new Entry(Instant.parse(json.get("time").getAsString()), json.get("switch").getAsString(),
                        json.get("command").getAsString()));
            } catch (JsonParseException | IllegalStateException | NullPointerException
                     | java.time.format.DateTimeParseException e) {
                // a line cut short by a concurrent writer in another process is skipped, not fatal
            }
        }
        return entries;
    }

    /** The commands one switch received, oldest first. */
    public List<Entry> forSwitch(String switchName) {
        return entries().stream().filter(e -> e.switchName().equals(switchName)).toList();
    }

    /** The command texts one switch received, oldest first. */
    public List<String> commands(String switchName) {
        return forSwitch(switchName).stream().map(Entry::command).toList();
    }

    /** Whether the switch received a command matching {@code regex} (searched with {@code find()}). */
    public boolean anyMatching(String switchName, String regex) {
        Pattern pattern = Pattern.compile(regex);
        return forSwitch(switchName).stream().anyMatch(e -> pattern.matcher(e.command()).find());
    }

    @Override
    public String toString() {
        return "CommandRecord " + file;
    }
}
