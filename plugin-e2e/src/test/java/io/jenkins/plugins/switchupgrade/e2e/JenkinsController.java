package io.jenkins.plugins.switchupgrade.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Jenkins controller as its own process: the given war on 127.0.0.1 and a free port, a home of its own with
 * the given plugins and this project's .hpi in {@code plugins/}, the setup wizard off, Configuration as Code from
 * a directory. It can be stopped (by its PID) and started again on the same home, as an administrator restarts a
 * controller; every start writes its own log beside the home.
 */
final class JenkinsController implements AutoCloseable {

    /** Where the war, the plugins and the .hpi are: from the environment, checked before anything starts. */
    record Inputs(Path war, Path pluginsDir, Path hpi) {

        static Inputs fromEnvironment() {
            Path war = required("JENKINS_WAR", "the Jenkins war to run (e.g. jenkins.war of 2.541.3)", false);
            Path plugins = required("JENKINS_PLUGINS_DIR", "a directory of the plugins the tests need (*.jpi or "
                    + "*.hpi; plugin-e2e/plugins.txt lists them)", true);
            String hpiProperty = System.getenv("SWITCH_UPGRADE_HPI") != null ? System.getenv("SWITCH_UPGRADE_HPI")
                    : System.getProperty("switchupgrade.hpi", "../plugin/target/switch-upgrade.hpi");
            Path hpi = Path.of(hpiProperty).toAbsolutePath().normalize();
            if (!Files.isRegularFile(hpi)) {
                throw new AssertionError("the plugin's .hpi is not at " + hpi + "; build it first with "
                        + "mvn -P jenkins -pl plugin -am package -DskipTests (scripts/plugin-e2e.sh does), or set "
                        + "SWITCH_UPGRADE_HPI");
            }
            return new Inputs(war, plugins, hpi);
        }

        private static Path required(String variable, String what, boolean directory) {
            String value = System.getenv(variable);
            if (value == null || value.isBlank()) {
                throw new AssertionError(variable + " is not set: it must name " + what + ". The end-to-end test "
                        + "runs the plugin in a real Jenkins and cannot run without one; see docs/plugin/testing.md");
            }
            Path path = Path.of(value).toAbsolutePath().normalize();
            if (directory ? !Files.isDirectory(path) : !Files.isRegularFile(path)) {
                throw new AssertionError(variable + "=" + value + " is not " + (directory ? "a directory" : "a file")
                        + "; it must name " + what);
            }
            return path;
        }
    }

    private static final Duration START_LIMIT = Duration.ofMinutes(6);
    private static final Duration STOP_LIMIT = Duration.ofMinutes(2);

    private final Inputs inputs;
    private final Path home;
    private final Path cascDir;
    private final Path logDir;
    private final int port;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Process process;
    private Path log;
    private int starts;

    private JenkinsController(Inputs inputs, Path home, Path cascDir, Path logDir, int port) {
        this.inputs = inputs;
        this.home = home;
        this.cascDir = cascDir;
        this.logDir = logDir;
        this.port = port;
    }

    /** A new, empty home under {@code workDir} with the plugins in place; nothing started yet. */
    static JenkinsController prepare(Inputs inputs, Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path home = Files.createTempDirectory(workDir, "jenkins-home-");
            Path plugins = Files.createDirectories(home.resolve("plugins"));
            int copied = 0;
            try (Stream<Path> files = Files.list(inputs.pluginsDir())) {
                for (Path plugin : files.filter(p -> p.toString().endsWith(".jpi") || p.toString().endsWith(".hpi"))
                        .toList()) {
                    String name = plugin.getFileName().toString();
                    Files.copy(plugin, plugins.resolve(name.substring(0, name.length() - 4) + ".jpi"));
                    copied++;
                }
            }
            if (copied == 0) {
                throw new AssertionError("JENKINS_PLUGINS_DIR " + inputs.pluginsDir() + " holds no *.jpi or *.hpi");
            }
            Files.copy(inputs.hpi(), plugins.resolve("switch-upgrade.jpi"));
            return new JenkinsController(inputs, home, Files.createDirectories(workDir.resolve("casc")), workDir,
                    freePort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a Jenkins home under " + workDir + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    Path home() {
        return home;
    }

    /** The directory Configuration as Code reads at every start. */
    Path cascDir() {
        return cascDir;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** The log of the current (or last) start. */
    Path log() {
        return log;
    }

    /** Variables for the next start (those Configuration as Code reads); replaces earlier values of the same name. */
    void environment(Map<String, String> values) {
        environment.putAll(values);
    }

    /** Starts the controller and waits until it answers {@code whoAmI} for {@code user}: CasC applied, ready. */
    void start(String user, String password) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Jenkins is already running (PID " + process.pid() + ")");
        }
        starts++;
        log = logDir.resolve("jenkins-" + starts + ".log");
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-Xmx1g",
                "-Djava.awt.headless=true",
                "-Djenkins.install.runSetupWizard=false",
                // the classic "run the setup wizard" marker and the update center are not wanted in a test
                "-Dhudson.model.UpdateCenter.never=true",
                "-Dhudson.model.DownloadService.never=true",
                "-jar", inputs.war().toString(),
                "--httpListenAddress=127.0.0.1",
                "--httpPort=" + port,
                "--webroot=" + home.resolve("war")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("JENKINS_HOME", home.toString());
        builder.environment().put("CASC_JENKINS_CONFIG", cascDir.toString());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Jenkins (" + command + "): " + e.getMessage(), e);
        }
        // also when the test JVM itself is stopped: the controller goes with it, by its PID
        ProcessHandle started = process.toHandle();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (started.isAlive()) {
                started.destroyForcibly();
            }
        }, "stop-jenkins-" + started.pid()));
        System.out.printf("Jenkins start %d: PID %d on %s, home %s, log %s%n", starts, process.pid(), url(), home, log);
        awaitReady(user, password);
    }

    private void awaitReady(String user, String password) {
        Instant limit = Instant.now().plus(START_LIMIT);
        JenkinsRest probe = new JenkinsRest(url(), user, password);
        int lastStatus = -1;
        while (Instant.now().isBefore(limit)) {
            if (!process.isAlive()) {
                throw new AssertionError("Jenkins exited with " + process.exitValue() + " while starting; the end of "
                        + "its log " + log + ":\n" + tail(80));
            }
            lastStatus = probe.status("whoAmI/api/json");
            // 200 for this user by name: started, and the security realm of Configuration as Code is in place
            if (lastStatus == 200 && user.equals(probe.json("whoAmI/api/json").get("name").getAsString())) {
                System.out.printf("Jenkins start %d: ready%n", starts);
                return;
            }
            sleep(Duration.ofSeconds(2));
        }
        throw new AssertionError("Jenkins did not answer whoAmI for " + user + " within " + START_LIMIT.toMinutes()
                + " min (last HTTP status " + lastStatus + "); the end of its log " + log + ":\n" + tail(80));
    }

    /** Stops the controller by its PID (SIGTERM, as a service manager does, so that it saves the running builds). */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        long pid = process.pid();
        process.destroy();
        try {
            if (!process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                System.out.printf("Jenkins PID %d did not stop within %d s; killing it%n", pid, STOP_LIMIT.toSeconds());
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        System.out.printf("Jenkins PID %d stopped (exit %s)%n", pid, process.isAlive() ? "?" : process.exitValue());
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The last lines of the current log, for failure messages. */
    String tail(int lines) {
        try {
            if (log == null || !Files.exists(log)) {
                return "(no log)";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** The text of every log this controller wrote so far. */
    String logs() {
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= starts; i++) {
            try {
                all.append(Files.readString(logDir.resolve("jenkins-" + i + ".log"), StandardCharsets.UTF_8));
            } catch (IOException e) {
                all.append("(cannot read log ").append(i).append(")\n");
            }
        }
        return all.toString();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
