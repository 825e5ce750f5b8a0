package io.jenkins.plugins.switchupgrade.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A demo run with its defaults, from the working directory as the build runs it: it leaves the working copy as it
 * was (no report, no lock file outside target/; {@code git status} unchanged), and its log is plain text.
 */
class DemoWorkingCopyTest {
    @Test
    void aDemoRunLeavesTheWorkingCopyUnchanged() throws Exception {
        Path workingDir = Path.of("").toAbsolutePath();
        TreeSet<String> filesBefore = filesOutsideTarget(workingDir);
        String gitBefore = gitStatus(workingDir);

        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(List.of("demo", "--racks", "1", "--spines", "0", "--reboot-seconds", "0.5"), Map.of(),
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        String out = o.toString(StandardCharsets.UTF_8);
        String log = out + "\n--- stderr ---\n" + e.toString(StandardCharsets.UTF_8);

        assertEquals(0, code, log);
        assertTrue(out.contains("Demo completed: 2 upgraded"), log);
        Path report = workingDir.resolve("target/switch-upgrade-report");
        assertTrue(Files.isRegularFile(report.resolve("report.json")), "the report is under target/\n" + log);
        assertTrue(Files.isRegularFile(report.resolve("leaf/report.json")), log);
        assertEquals(filesBefore, filesOutsideTarget(workingDir), "files appeared or vanished outside target/");
        assertEquals(gitBefore, gitStatus(workingDir), "git status changed");
        assertFalse(log.contains("\u001b"), "no ANSI escape codes in a plain log");
        assertEquals(1, count(out, "Sending leaf-r1-p1-pod1 to Re-provisioning"), log);
        // the quieter log: onie-select's whole answer, one compact line per audit event, an ETA that only falls
        assertTrue(out.lines().anyMatch(l -> l.startsWith("leaf-r1-p1-pod1: 'onie-select -i -f' exited 0: ")
                && l.contains("Operating System install requested") && l.contains("Enabling install at next reboot")),
                log);
        assertTrue(out.lines().noneMatch(l -> l.startsWith("AUDIT #")), log);
        assertTrue(out.contains("  audit #1 round-started: upgrade leaves of lab1"), log);
        List<Long> etas = out.lines().filter(l -> l.startsWith("[2/2] ")).map(DemoWorkingCopyTest::etaSeconds).toList();
        assertEquals(3, etas.size(), log);
        for (int i = 1; i < etas.size(); i++) {
            assertTrue(etas.get(i) <= etas.get(i - 1), "the ETA went up: " + etas + "\n" + log);
        }
    }

    private static long etaSeconds(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("ETA (\\d+)m(\\d+)s\\)$").matcher(line);
        assertTrue(m.find(), "no ETA in " + line);
        return Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static TreeSet<String> filesOutsideTarget(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> dir.relativize(p).toString()).filter(p -> !p.equals("target")
                    && !p.startsWith("target/")).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    /** {@code git status --porcelain} of the checkout, or a note when this is no git checkout. */
    private static String gitStatus(Path dir) throws IOException, InterruptedException {
        Process git;
        try {
            git = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=all").directory(dir.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return "(no git: " + e.getMessage() + ")";
        }
        String said = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(git.waitFor(60, TimeUnit.SECONDS), "git status did not finish");
        return git.exitValue() == 0 ? said : "(not a git checkout)";
    }
}
