package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.metrics.InventoryRefusedException;
import io.jenkins.plugins.switchupgrade.metrics.InventoryTooLargeException;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusException;
import io.jenkins.plugins.switchupgrade.metrics.UnknownDatacenterException;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code switch-upgrade}: the engine from the command line. Parsed by picocli, for what a hand-written parser would
 * each have to grow on its own: help on every command, shell completion, defaults from the environment and "did you
 * mean" suggestions.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.getenv(), System.out, System.err));
    }

    /** Runs a command and returns its exit code; never calls System.exit (tests call this). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /** As {@link #run(List, PrintStream, PrintStream)}, with the environment the defaults come from. */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        return commandLine(new Io(out, err, env)).execute(args.toArray(String[]::new));
    }

    /** {@code switch-upgrade} with every sub-command, writing to and taking defaults from {@code io}. */
    static CommandLine commandLine(Io io) {
        CommandLine cli = configure(new CommandLine(new SwitchUpgradeCommand(io)), io);
        cli.setDefaultValueProvider(new EnvironmentDefaults(io.env()));
        cli.setOut(new PrintWriter(io.out(), true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(io.err(), true, StandardCharsets.UTF_8));
        return cli;
    }

    /** The parser settings and error handling every command line of switch-upgrade shares. */
    static CommandLine configure(CommandLine cli, Io io) {
        // a later flag wins over an earlier one, so that wrappers can append overrides
        cli.setOverwrittenOptionsAllowed(true);
        cli.setExpandAtFiles(false);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, args) -> parameterError(e, io.err()));
        cli.setExecutionExceptionHandler((e, command, parsed) -> executionError(e, io.err()));
        return cli;
    }

    private static int executionError(Exception e, PrintStream err) throws Exception {
        if (e instanceof ParameterException p) {
            return parameterError(p, err);
        }
        if (e instanceof UsageException || e instanceof UnknownDatacenterException
                || e instanceof InventoryTooLargeException || e instanceof InventoryRefusedException) {
            err.println("switch-upgrade: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        }
        if (e instanceof PrometheusException) {
            err.println("switch-upgrade: Prometheus cannot be used: " + e.getMessage());
            return ExitCode.SERVICE_UNUSABLE;
        }
        if (e instanceof IllegalArgumentException) {
            err.println("switch-upgrade: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return ExitCode.FAILED;
        }
        if (e instanceof RuntimeException) {
            // whatever else went wrong is said in one line: a stack trace on an operator's console helps nobody
            err.println("switch-upgrade: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return ExitCode.FAILED;
        }
        throw e;
    }

    static int parameterError(ParameterException e, PrintStream err) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        err.println("switch-upgrade: " + describe(e));
        if (e instanceof UnmatchedArgumentException u && isUnknownCommand(u)) {
            err.println(command.getUsageMessage());
        } else {
            err.println("('" + name + " --help' lists every flag)");
        }
        return ExitCode.BAD_INPUT;
    }

    /** The error in the words of the rest of switch-upgrade: the flag, what was wrong, and what was seen. */
    static String describe(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            String first = unmatched.isEmpty() ? "" : unmatched.get(0);
            String suggestion = suggestion(u.getSuggestions());
            if (isUnknownCommand(u)) {
                return "unknown command '" + first + "'" + suggestion;
            }
            String flag = unmatched.stream().filter(a -> a.startsWith("-")).findFirst().orElse(null);
            if (flag == null) {
                return "unexpected argument '" + first + "'; flags start with --" + suggestion;
            }
            int eq = flag.indexOf('=');
            return "unknown flag " + (eq > 0 ? flag.substring(0, eq) : flag) + suggestion;
        }
        if (e instanceof MissingParameterException m && m.getMissing().size() == 1
                && m.getMissing().get(0) instanceof OptionSpec option) {
            return option.longestName() + " needs a value (" + option.paramLabel() + ")";
        }
        ArgSpec arg = e.getArgSpec();
        if (e.getCause() instanceof TypeConversionException && arg instanceof OptionSpec option) {
            Class<?> type = option.auxiliaryTypes().length > 0 ? option.auxiliaryTypes()[0] : option.type();
            String kind = type == Integer.class || type == int.class || type == Long.class || type == long.class
                    ? "a whole number" : type == Double.class || type == double.class ? "a number" : null;
            if (kind != null) {
                return option.longestName() + " must be " + kind + ", was '" + e.getValue() + "'";
            }
            return option.longestName() + ": " + e.getCause().getMessage();
        }
        return e.getMessage();
    }

    private static boolean isUnknownCommand(UnmatchedArgumentException u) {
        return !u.getCommandLine().getSubcommands().isEmpty() && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-");
    }

    private static String suggestion(List<String> suggestions) {
        if (suggestions.isEmpty()) {
            return "";
        }
        return suggestions.size() == 1 ? "; did you mean " + suggestions.get(0) + "?"
                : "; did you mean one of " + String.join(", ", suggestions.subList(0, Math.min(4, suggestions.size())))
                + "?";
    }
}
