package io.jenkins.plugins.switchupgrade.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code switch-upgrade} in a JVM of its own, started from the test's class path and stopped by its PID, so that
 * what holds across processes (the lock, the ledger, signals) is tested across processes.
 */
final class ChildRun implements AutoCloseable {
    private final Process process;
    private final Path output;

    private ChildRun(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code switch-upgrade <args>}; its stdout and stderr go to {@code output}. */
    static ChildRun start(List<String> args, Path output) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        try {
            Files.createDirectories(output.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            return new ChildRun(process, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** What it printed so far. */
    String out() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code condition} holds, failing with the output after {@code within}. */
    void await(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "not within " + within + ": " + what + "\n" + out());
            assertTrue(process.isAlive() || condition.getAsBoolean(), "the child ended before " + what + "\n" + out());
            Thread.sleep(20);
        }
    }

    /** SIGTERM by PID, then its exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        return exitCode(Duration.ofSeconds(60));
    }

    /** The signal {@code name} ({@code TERM}, {@code INT}) by PID, then its exit code. */
    int signal(String name) throws InterruptedException {
        if (name.equals("TERM")) {
            return terminate();
        }
        try {
            Process kill = new ProcessBuilder("kill", "-s", name, String.valueOf(process.pid())).inheritIO().start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -s " + name + " failed");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill", e);
        }
        return exitCode(Duration.ofSeconds(60));
    }

    /** SIGKILL by PID, then its exit code. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        return exitCode(Duration.ofSeconds(30));
    }

    int exitCode(Duration within) throws InterruptedException {
        assertTrue(process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS), "still running after " + within
                + "\n" + out());
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
