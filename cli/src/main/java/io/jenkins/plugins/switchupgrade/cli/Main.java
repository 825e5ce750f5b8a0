package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.metrics.InventoryTooLargeException;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusException;
import io.jenkins.plugins.switchupgrade.metrics.UnknownDatacenterException;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** {@code switch-upgrade}: the engine from the command line. */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: switch-upgrade <command> [flags]",
            "  demo   start the lab fabric and run a rolling upgrade over it (the main job)",
            "  lab    start the lab fabric and keep it running until interrupted",
            "  run    run an upgrade round against a fabric",
            "  plan   read-only: which switch would be upgraded next, and why",
            "exit codes: 0 completed or nothing to do, 1 stopped on a failed switch, 2 bad input,",
            "            3 a required service unusable before anything was touched");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs a command and returns its exit code; never calls System.exit (tests call this). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("help")) {
            (args.isEmpty() ? err : out).println(USAGE);
            return args.isEmpty() ? ExitCode.BAD_INPUT : ExitCode.OK;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.get(0)) {
                case "plan" -> PlanCommand.run(rest, out);
                case "run" -> RoundCommand.run(rest, out);
                case "demo" -> DemoCommand.run(rest, out);
                case "lab" -> LabCommand.run(rest, out);
                case "bench" -> BenchCommand.run(rest, out);
                default -> throw new Args.UsageException("unknown command '" + args.get(0) + "'\n" + USAGE);
            };
        } catch (Args.UsageException | UnknownDatacenterException | InventoryTooLargeException e) {
            err.println("switch-upgrade: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        } catch (PrometheusException e) {
            err.println("switch-upgrade: Prometheus cannot be used: " + e.getMessage());
            return ExitCode.SERVICE_UNUSABLE;
        } catch (IllegalArgumentException e) {
            err.println("switch-upgrade: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.FAILED;
        }
    }
}
