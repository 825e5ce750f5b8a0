package io.jenkins.plugins.switchupgrade.campaign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Debian {@code chromium} browser run headless on a local page, as a person's browser would open it: a fresh
 * profile, no network services of its own, the viewer's time zone. Each run is one process (and its children),
 * stopped by PID when it is done or late.
 */
final class HeadlessChromium {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    /** What one run printed: the DOM after the page's scripts ran, and the browser's log (console messages). */
    record Run(String dom, String log) {
    }

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

    /** Opens {@code page} in time zone {@code zone} and returns the DOM once its scripts ran. */
    Run dumpDom(Path page, String zone) {
        return run(page, zone, List.of("--dump-dom"));
    }

    /** Opens {@code page} and saves what a person sees to {@code png}. */
    Run screenshot(Path page, String zone, Path png) {
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run(page, zone, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1280,1600",
                "--hide-scrollbars"));
    }

    private Run run(Path page, String zone, List<String> what) {
        try {
            Path profile = Files.createTempDirectory(workDir, "chromium-profile");
            Path out = workDir.resolve(profile.getFileName() + ".out");
            Path log = workDir.resolve(profile.getFileName() + ".log");
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--no-default-browser-check",
                    "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
            command.addAll(what);
            command.add(page.toAbsolutePath().toUri().toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(log.toFile());
            builder.environment().put("TZ", zone);
            Process process = builder.start();
            try {
                if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new AssertionError("Chromium did not finish " + page + " within " + LIMIT.toSeconds()
                            + " s; its log: " + Files.readString(log, StandardCharsets.UTF_8));
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("Chromium exited with " + process.exitValue() + " on " + page
                            + "; its log: " + Files.readString(log, StandardCharsets.UTF_8));
                }
            } finally {
                stop(process);
            }
            Run run = new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(log, StandardCharsets.UTF_8));
            delete(profile);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while Chromium rendered " + page, e);
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

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a child process may still be writing its last file; the directory is in the test's temp dir anyway
        }
    }
}
