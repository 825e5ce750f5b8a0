package io.jenkins.plugins.switchupgrade.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line itself, without a fabric: help, version, errors, suggestions, completion, documentation. */
class CommandLineTest {
    private static final List<String> COMMANDS = List.of("demo", "lab", "run", "ack", "plan", "status", "bench",
            "bench selection", "bench await", "bench round", "completion");

    private String out;
    private String err;

    private int cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), env, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private int cli(String... args) {
        return cli(Map.of(), args);
    }

    private static String[] with(String command, String... more) {
        List<String> all = new ArrayList<>(Arrays.asList(command.split(" ")));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void everySubCommandAnswersHelpWithExitZero(String flag) {
        for (String command : COMMANDS) {
            assertEquals(0, cli(with(command, flag)), command + ": " + out + err);
            assertTrue(out.startsWith("Usage: switch-upgrade " + command), command + ": " + out);
            assertEquals("", err, command);
        }
    }

    @Test
    void theTopLevelUsageListsEveryCommandIncludingBench() {
        assertEquals(0, cli("--help"));
        for (String command : List.of("demo", "lab", "run", "ack", "plan", "status", "bench", "completion")) {
            assertTrue(out.contains("\n  " + command + " "), command + " in\n" + out);
        }
        assertEquals(0, cli("help", "run"));
        assertTrue(out.startsWith("Usage: switch-upgrade run"), out);
        // without a command: the usage, on stderr, as bad input
        assertEquals(2, cli());
        assertTrue(err.contains("Commands:") && err.contains("bench"), err);
        assertEquals(2, cli("frobnicate"));
        assertTrue(err.contains("switch-upgrade: unknown command 'frobnicate'"), err);
    }

    @Test
    void versionNamesTheBuild() {
        assertEquals(0, cli("--version"));
        assertTrue(out.matches("(?s)switch-upgrade \\d+\\.\\d+\\.\\d+\\S*\\R.*"), out);
        assertEquals(0, cli("run", "--version"));
        assertTrue(out.startsWith("switch-upgrade "), out);
    }

    @Test
    void everyFlagOfEveryCommandIsDocumentedInTheHelpAndTheReadme() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        CommandLine root = Main.commandLine(new Io(System.out, System.err, Map.of()));
        List<String> undocumented = new ArrayList<>();
        for (String command : COMMANDS) {
            CommandLine cli = root;
            for (String part : command.split(" ")) {
                cli = cli.getSubcommands().get(part);
            }
            for (OptionSpec option : cli.getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                String name = option.longestName();
                if (option.description().length == 0 || String.join(" ", option.description()).isBlank()) {
                    undocumented.add(command + " " + name + " (help)");
                }
                if (!readme.contains(name)) {
                    undocumented.add(command + " " + name + " (README)");
                }
            }
        }
        assertEquals(List.of(), undocumented);
    }

    @Test
    void everyMissingRequiredFlagIsReportedAtOnce() {
        assertEquals(2, cli("run"));
        for (String flag : List.of("--prometheus", "--datacenter", "--role", "--from-version", "--to-version",
                "--ssh-user", "--ssh-key", "--known-hosts", "--alertmanager")) {
            assertTrue(err.contains(flag + " is required, e.g. " + flag + " "), flag + ": " + err);
        }
        assertTrue(err.contains("9 required flags are missing"), err);
        assertEquals(2, cli("plan", "--prometheus", "http://127.0.0.1:9090", "--role", "leaf"));
        assertTrue(err.contains("--datacenter is required") && err.contains("--from-version is required"), err);
        assertFalse(err.contains("--role is required"), err);
        assertEquals(2, cli("lab"));
        assertTrue(err.contains("--state-dir is required"), err);
    }

    @Test
    void anUnknownFlagGetsASuggestion() {
        assertEquals(2, cli("demo", "--rack", "3"));
        assertTrue(err.contains("switch-upgrade: unknown flag --rack; did you mean --racks?"), err);
        assertTrue(err.contains("'switch-upgrade demo --help' lists every flag"), err);
        assertEquals(2, cli("run", "--from-verison", "5.9.1"));
        assertTrue(err.contains("unknown flag --from-verison; did you mean ") && err.contains(" --from-version"), err);
        assertEquals(2, cli("plan", "--bogus"));
        assertTrue(err.contains("unknown flag --bogus"), err);
    }

    @Test
    void missingRequiredFlagsCanComeFromTheEnvironment() {
        // every required flag of plan from the environment except --from-version: only that one is reported
        assertEquals(2, cli(Map.of("SWITCH_UPGRADE_PROMETHEUS", "http://127.0.0.1:9090",
                "SWITCH_UPGRADE_DATACENTER", "dc1", "SWITCH_UPGRADE_ROLE", "leaf"), "plan"));
        assertTrue(err.contains("--from-version is required"), err);
        assertFalse(err.contains("--prometheus is required") || err.contains("--datacenter is required"), err);
        // a bad value from the environment is bad input, named by its flag
        assertEquals(2, cli(Map.of("SWITCH_UPGRADE_RACKS", "many"), "demo"));
        assertTrue(err.contains("--racks must be a whole number, was 'many'"), err);
        assertEquals("SWITCH_UPGRADE_SSH_USER", EnvironmentDefaults.variable("--ssh-user"));
        // a flag without a value counts only when typed: the environment cannot switch silencing off
        assertEquals(2, cli(Map.of("SWITCH_UPGRADE_NO_SILENCE", "true", "SWITCH_UPGRADE_ALERTMANAGER", " "), "run"));
        assertTrue(err.contains("--alertmanager is required"), err);
        // the help shows a default that came from the environment
        assertEquals(0, cli(Map.of("SWITCH_UPGRADE_SSH_PORT", "2222"), "run", "--help"));
        assertTrue(out.contains("(default: 2222)"), out);
    }

    @Test
    void badValuesSayWhatWasExpected() {
        assertEquals(2, cli("demo", "--racks", "0"));
        assertTrue(err.contains("--racks must be within 1..500, was 0"), err);
        assertEquals(2, cli("demo", "--reboot-seconds", "soon"));
        assertTrue(err.contains("--reboot-seconds must be a number, was 'soon'"), err);
        assertEquals(2, cli("demo", "--fault", "leaf-r1-p1-pod1"));
        assertTrue(err.contains("--fault must be SWITCH=KIND"), err);
        assertEquals(2, cli("plan", "--output", "xml"));
        assertTrue(err.contains("--output") && err.contains("xml"), err);
        assertEquals(2, cli("run", "--prometheus", "http://127.0.0.1:1", "--datacenter", "dc1", "--role", "leaf",
                "--from-version", "5.9.1", "--to-version", "5.10.0", "--ssh-user", "cumulus", "--ssh-key", "id",
                "--known-hosts", "known_hosts", "--alertmanager", "http://127.0.0.1:1",
                "--silence-matcher", "alertname=\"BGPPeerDown\""));
        assertTrue(err.contains("--silence-matcher: the silence {") && err.contains("does not name the switch"), err);
        assertEquals(2, cli("plan", "--campaign", "--prometheus", "http://127.0.0.1:1", "--datacenter", "dc1",
                "--to-version", "5.10.0", "--window", "Mon-Fry 22:00-05:00 Europe/Berlin"));
        assertTrue(err.contains("--window: the window 'Mon-Fry 22:00-05:00 Europe/Berlin' names the day 'Fry'"), err);
        assertEquals(2, cli("bench", "round", "--parallel-racks", "1,x"));
        assertTrue(err.contains("--parallel-racks must be a whole number, was"), err);
    }

    @Test
    void completionPrintsABashScriptThatKnowsEveryCommandAndFlag() {
        assertEquals(0, cli("completion"));
        assertTrue(out.contains("complete -F _complete_switch-upgrade"), out.lines().limit(5).toList().toString());
        for (String word : List.of("demo", "plan", "status", "--racks", "--prometheus", "--fail-if-nothing-to-do",
                "--metrics-file")) {
            assertTrue(out.contains(word), word);
        }
    }
}
