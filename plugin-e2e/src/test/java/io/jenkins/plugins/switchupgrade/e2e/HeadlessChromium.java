package io.jenkins.plugins.switchupgrade.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Debian {@code chromium} browser run headless on a Jenkins page, as a person's browser would open it: a fresh
 * profile, no network services of its own. Each run is one process (and its children), stopped by PID when it is
 * done or late. (The engine's tests have the same helper for local pages.)
 */
final class HeadlessChromium {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private final Path binary;
    private final Path workDir;

    private HeadlessChromium(Path binary, Path workDir) {
        this.binary = binary;
        this.workDir = workDir;
    }

    /** The installed browser; fails, saying how to install it, when there is none. */
    static HeadlessChromium installed(Path workDir) {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return new HeadlessChromium(Path.of(candidate), workDir);
            }
        }
        throw new AssertionError("Chromium is not installed (looked for /usr/bin/chromium); install it with "
                + "bash scripts/install-deps.sh (Debian package chromium)");
    }

    /** The DOM of {@code url} once its scripts ran (the browser waits up to {@code budgetMillis} of virtual time). */
    String dumpDom(String url) {
        return run(url, List.of("--dump-dom", "--virtual-time-budget=10000"));
    }

    /** Saves what a person sees at {@code url} to {@code png}. */
    void screenshot(String url, Path png) {
        run(url, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1400,1800", "--hide-scrollbars",
                "--virtual-time-budget=10000"));
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("Chromium wrote no screenshot of " + url + " to " + png);
        }
    }

    private String run(String url, List<String> what) {
        try {
            Files.createDirectories(workDir);
            Path profile = Files.createTempDirectory(workDir, "chromium-profile");
            Path out = workDir.resolve(profile.getFileName() + ".out");
            Path log = workDir.resolve(profile.getFileName() + ".log");
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--no-default-browser-check",
                    "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
            command.addAll(what);
            command.add(url);
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(out.toFile())
                    .redirectError(log.toFile()).start();
            try {
                if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new AssertionError("Chromium did not finish " + url + " within " + LIMIT.toSeconds()
                            + " s; its log: " + Files.readString(log, StandardCharsets.UTF_8));
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("Chromium exited with " + process.exitValue() + " on " + url
                            + "; its log: " + Files.readString(log, StandardCharsets.UTF_8));
                }
            } finally {
                stop(process);
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while Chromium rendered " + url, e);
        }
    }

    // the browser's child processes (zygote, renderer) are its descendants: each is stopped by its PID, then the browser
    private static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }
}
