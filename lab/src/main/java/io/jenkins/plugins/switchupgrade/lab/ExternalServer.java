package io.jenkins.plugins.switchupgrade.lab;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process of a Debian package (Prometheus, Alertmanager, OpenSSH) started on loopback for the lab,
 * waited for by readiness and stopped by its PID.
 */
public abstract class ExternalServer implements AutoCloseable {
    private final String displayName;
    private final Path workDir;
    private final int port;
    private Process process;
    private Thread stopOnExit;

    protected ExternalServer(String displayName, Path workDir, int port) {
        this.displayName = displayName;
        this.workDir = workDir;
        this.port = port;
    }

    /** Finds a Debian package's binary on the PATH or in /usr/bin and /usr/sbin; the error says how to install it. */
    public static Path findBinary(String binary, String debianPackage) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.add("/usr/bin");
        dirs.add("/usr/sbin");
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("'" + binary + "' was not found on the PATH, /usr/bin or /usr/sbin: install the "
                + "Debian package '" + debianPackage + "' (scripts/install-deps.sh does it: apt-get update && apt-get "
                + "install -y " + debianPackage + ")");
    }

    /** A TCP port that was free on 127.0.0.1 a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    protected abstract List<String> command() throws IOException;

    /** The path answering 200 once the server is ready, e.g. {@code /-/ready}. */
    protected abstract String readinessPath();

    public final synchronized void start(Duration readyWithin) {
        if (process != null) {
            throw new IllegalStateException(displayName + " is already running with PID " + process.pid());
        }
        try {
            Files.createDirectories(workDir);
            ProcessBuilder builder = new ProcessBuilder(command())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve(logName()).toFile());
            process = builder.start();
            // a JVM stopped by a signal must not leave its servers behind
            Process started = process;
            stopOnExit = new Thread(() -> started.toHandle().destroy(), displayName + "-stop-on-exit");
            Runtime.getRuntime().addShutdownHook(stopOnExit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + displayName + ": " + e.getMessage(), e);
        }
        awaitReady(readyWithin);
    }

    private String logName() {
        return displayName.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + ".log";
    }

    private void awaitReady(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(displayName + " exited with status " + process.exitValue()
                        + " before it was ready; its log: " + tail());
            }
            if (httpStatus(readinessPath()) == 200) {
                return;
            }
            sleep(50);
        }
        String log = tail();
        stop();
        throw new IllegalStateException(displayName + " was not ready within " + within.toMillis() + " ms on "
                + url() + "; its log: " + log);
    }

    /** The HTTP status of a GET on this server, or -1 when it does not answer. */
    public int httpStatus(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url() + path).toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    protected String tail() {
        try {
            List<String> lines = Files.readAllLines(workDir.resolve(logName()));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path workDir() {
        return workDir;
    }

    /** The PID of the running process, or -1. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the process by its PID: SIGTERM, then SIGKILL after 10 s. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
        if (stopOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to run; it stops nothing twice
            }
            stopOnExit = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return displayName + " " + url();
    }
}
