package io.jenkins.plugins.switchupgrade.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/plugin-e2e.sh} asked to run without a Jenkins: it fails, saying what is missing, and builds nothing. */
class PluginE2eScriptTest {

    private static final Path SCRIPT = Path.of(System.getProperty("switchupgrade.docs", "../docs/plugin"))
            .resolve("../../scripts/plugin-e2e.sh").toAbsolutePath().normalize();

    private record Outcome(int exit, String output) {
    }

    private static Outcome run(String war, String plugins) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().remove("JENKINS_WAR");
        builder.environment().remove("JENKINS_PLUGINS_DIR");
        if (war != null) {
            builder.environment().put("JENKINS_WAR", war);
        }
        if (plugins != null) {
            builder.environment().put("JENKINS_PLUGINS_DIR", plugins);
        }
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(SCRIPT + " did not end within 60 s without a war");
        }
        return new Outcome(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
    }

    @Test
    void withoutAWarItFailsAndSaysWhichVariable() throws Exception {
        Outcome outcome = run(null, null);
        assertEquals(2, outcome.exit(), outcome.output());
        assertTrue(outcome.output().contains("JENKINS_WAR is not set"), outcome.output());
        assertTrue(outcome.output().contains("docs/plugin/testing.md"), outcome.output());
        assertTrue(!outcome.output().contains("building the plugin"), "nothing built: " + outcome.output());
    }

    @Test
    void aWarWithoutPluginsFailsToo(@TempDir Path dir) throws Exception {
        Path war = Files.writeString(dir.resolve("jenkins.war"), "not used");
        Outcome missing = run(war.toString(), null);
        assertEquals(2, missing.exit(), missing.output());
        assertTrue(missing.output().contains("JENKINS_PLUGINS_DIR is not set"), missing.output());

        Path empty = Files.createDirectories(dir.resolve("plugins"));
        Outcome none = run(war.toString(), empty.toString());
        assertEquals(2, none.exit(), none.output());
        assertTrue(none.output().contains("holds no *.jpi or *.hpi"), none.output());
    }
}
