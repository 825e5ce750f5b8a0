package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.await.AwaitState;
import io.jenkins.plugins.switchupgrade.await.ExporterAwait;
import io.jenkins.plugins.switchupgrade.campaign.RoundOptions;
import io.jenkins.plugins.switchupgrade.campaign.RoundReport;
import io.jenkins.plugins.switchupgrade.campaign.SwitchResult;
import io.jenkins.plugins.switchupgrade.campaign.UpgradeRound;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.Console;
import io.jenkins.plugins.switchupgrade.ports.DirectoryArtifactStore;
import io.jenkins.plugins.switchupgrade.ports.FileFleetLock;
import io.jenkins.plugins.switchupgrade.ports.Sleeper;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import io.jenkins.plugins.switchupgrade.core.StepContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code switch-upgrade bench await} (how fast a returning switch is seen) and {@code bench round} (a whole
 * datacenter of the seed's size, serial and with parallel racks), against the lab.
 */
final class RoundBench {
    private RoundBench() {
    }

    /** {@code bench await}. */
    @Command(name = "await", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            sortOptions = false,
            description = "How fast a returning switch is seen: from the exporter port opening to awaitExporter "
                    + "returning, over N reboots.")
    static final class Await implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--reboots", paramLabel = "N", defaultValue = "20",
                description = "Reboots to measure, 1..1000 (default: ${DEFAULT-VALUE}).")
        Integer reboots;

        @Option(names = "--reboot-seconds", paramLabel = "S", defaultValue = "2",
                description = "How long a simulated reboot takes, 0.1..600 (default: ${DEFAULT-VALUE}).")
        Double rebootSeconds;

        @Override
        public Integer call() {
            return await(Flags.within("--reboots", reboots, 1, 1000),
                    Flags.within("--reboot-seconds", rebootSeconds, 0.1, 600), Io.of(spec).out());
        }
    }

    /** {@code bench round}. */
    @Command(name = "round", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            sortOptions = false,
            description = "A rolling upgrade of a whole lab datacenter of the seed's size, serial and with parallel "
                    + "racks.")
    static final class Round implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--racks", paramLabel = "N", defaultValue = "35",
                description = "Racks of two leaves, 1..500 (default: ${DEFAULT-VALUE}).")
        Integer racks;

        @Option(names = "--spines", paramLabel = "N", defaultValue = "4",
                description = "Spines, 0..64 (default: ${DEFAULT-VALUE}).")
        Integer spines;

        @Option(names = "--reboot-seconds", paramLabel = "S", defaultValue = "2",
                description = "How long a simulated reboot takes, 0.1..600 (default: ${DEFAULT-VALUE}).")
        Double rebootSeconds;

        @Option(names = "--parallel-racks", paramLabel = "N,N", defaultValue = "1,2,4,8", split = ",",
                description = "The parallelisms to measure, one round each (default: ${DEFAULT-VALUE}).")
        List<Integer> parallelRacks;

        @Option(names = "--spine-mode", paramLabel = "MODE", defaultValue = "both",
                description = "How spines go: 'apart' (their own round after the leaves, one at a time; the "
                        + "default of a round), 'alongside' (one spine at a time beside the leaves' slots), or "
                        + "'both' to measure each (default: ${DEFAULT-VALUE}).")
        String spineMode;

        @Override
        public Integer call() {
            for (Integer p : parallelRacks) {
                Flags.within("--parallel-racks", p, 1, 64);
            }
            List<Boolean> modes = switch (spineMode) {
                case "apart" -> List.of(false);
                case "alongside" -> List.of(true);
                case "both" -> List.of(false, true);
                default -> throw new UsageException("--spine-mode takes apart, alongside or both; was '" + spineMode + "'");
            };
            return round(Flags.within("--racks", racks, 1, 500), Flags.within("--spines", spines, 0, 64),
                    Flags.within("--reboot-seconds", rebootSeconds, 0.1, 600), parallelRacks, modes, Io.of(spec).out());
        }
    }

    /** Detection latency: from the exporter port opening to awaitExporter returning, over N reboots. */
    static int await(int reboots, double rebootSeconds, PrintStream out) {
        out.println("bench await: " + reboots + " reboots of " + rebootSeconds + " s, scrape interval 1 s, poll 100 ms");
        try (Fabric fabric = Fabric.builder().racks(Math.min(reboots, 10)).spines(0).ssh(false)
                .rebootTime(Duration.ofMillis((long) (rebootSeconds * 1000))).convergeTime(Duration.ofMillis(200))
                .build().start()) {
            PrometheusClient prometheus = PrometheusClient.builder(fabric.prometheus().url()).build();
            ExporterAwait await = new ExporterAwait(prometheus, MetricsProfile.defaults(), Console.silent(),
                    Clock.systemUTC(), Sleeper.system(), ExporterAwait.Settings.defaults());
            double[] portSeen = new double[reboots];
            double[] returned = new double[reboots];
            List<LabSwitch> leaves = fabric.switches();
            for (int i = 0; i < reboots; i++) {
                LabSwitch target = leaves.get(i % leaves.size());
                AtomicReference<Instant> opened = new AtomicReference<>();
                target.addPowerListener(new LabSwitch.PowerListener() {
                    @Override
                    public void wentDown(LabSwitch labSwitch) {
                    }

                    @Override
                    public void cameUp(LabSwitch labSwitch) {
                        opened.compareAndSet(null, Instant.now());
                    }
                });
                AwaitState start = await.begin(target.name());
                fabric.reboot(target, "5.10.0");
                AwaitState back = await.await(target.name(), target.address().getHostAddress(), start);
                Instant done = Instant.now();
                portSeen[i] = Duration.between(opened.get(), back.upAt()).toMillis();
                returned[i] = Duration.between(opened.get(), done).toMillis();
                out.printf(Locale.ROOT, "  reboot %2d/%d %s: port seen open after %4.0f ms, awaitExporter returned after %5.0f ms%n",
                        i + 1, reboots, target.name(), portSeen[i], returned[i]);
            }
            out.printf(Locale.ROOT, "port open -> seen open:          p50 %5.0f ms  p95 %5.0f ms  max %5.0f ms%n",
                    percentile(portSeen, 50), percentile(portSeen, 95), max(portSeen));
            out.printf(Locale.ROOT, "port open -> awaitExporter done: p50 %5.0f ms  p95 %5.0f ms  max %5.0f ms%n",
                    percentile(returned, 50), percentile(returned, 95), max(returned));
        }
        return ExitCode.OK;
    }

    /** One measured round: what the table prints. */
    private record Measured(int parallel, boolean spinesAlongside, String statuses, int upgraded, double wall,
                            double bound, long requests, PrometheusClient.Usage selection, long peakHeapMiB) {
    }

    /** A rolling upgrade of a whole lab datacenter, serial and with parallel racks, spines apart and alongside. */
    static int round(int racks, int spines, double rebootSeconds, List<Integer> parallel, List<Boolean> spineModes,
                     PrintStream out) {
        int switches = racks * 2 + spines;
        out.println("bench round: " + switches + " switches (" + racks + " racks x 2 leaves + " + spines
                + " spines), simulated reboot " + rebootSeconds + " s, shutdown 0.2 s, convergence 1 s, scrape "
                + "interval 1 s; parallel racks " + parallel + String.format(Locale.ROOT, "; load average %.1f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        List<Measured> all = new ArrayList<>();
        for (boolean alongside : spineModes) {
            for (int p : parallel) {
                all.add(roundOnce(racks, spines, rebootSeconds, p, alongside, out));
            }
        }
        out.println();
        out.println("Physical bound: each switch is busy shutdown + reboot + convergence = "
                + String.format(Locale.ROOT, "%.1f s", perSwitchBusy(rebootSeconds)) + "; with P slots the leaves "
                + "need ceil(leaves / P) of those, spines apart one after the other, spines alongside share the slots "
                + "(one at a time)");
        out.println(String.format(Locale.ROOT, "%-9s %3s %9s %9s %7s %10s %12s %14s %9s  %s", "spines", "P", "wall s",
                "bound s", "ratio", "req/switch", "select reqs", "select bytes", "heap MiB", "status"));
        for (Measured m : all) {
            out.println(String.format(Locale.ROOT, "%-9s %3d %9.1f %9.1f %7.2f %10.1f %12d %14d %9d  %s",
                    m.spinesAlongside ? "alongside" : "apart", m.parallel, m.wall, m.bound, m.wall / m.bound,
                    m.upgraded == 0 ? 0.0 : (double) m.requests / m.upgraded, m.selection.requests(),
                    m.selection.bytes(), m.peakHeapMiB, m.statuses));
        }
        return ExitCode.OK;
    }

    /** What one switch keeps busy in the lab: the 0.2 s before the ports close, the reboot, the convergence. */
    static double perSwitchBusy(double rebootSeconds) {
        return 0.2 + rebootSeconds + 1.0;
    }

    /** The shortest a round can take whatever the engine does: the lab's busy time, in slots. */
    static double bound(int leaves, int spines, int parallel, boolean spinesAlongside, double rebootSeconds) {
        double busy = perSwitchBusy(rebootSeconds);
        if (spinesAlongside) {
            return Math.max(Math.ceil((leaves + spines) / (double) parallel), spines) * busy;
        }
        return (Math.ceil(leaves / (double) parallel) + spines) * busy;
    }

    private static Measured roundOnce(int racks, int spines, double rebootSeconds, int parallelRacks,
                                      boolean spinesAlongside, PrintStream out) {
        Path dir;
        try {
            dir = Files.createTempDirectory("switch-upgrade-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        resetPeaks();
        out.println("-- parallel racks " + parallelRacks + ", spines " + (spinesAlongside ? "alongside" : "apart")
                + ": starting the lab ...");
        try (Fabric fabric = Fabric.builder().racks(racks).spines(spines).alertmanager(true).stateDir(dir.resolve("lab"))
                .rebootTime(Duration.ofMillis((long) (rebootSeconds * 1000))).build().start();
             FileFleetLock lock = FileFleetLock.acquire(dir.resolve("lock"), "bench")) {
            PrometheusClient prometheus = PrometheusClient.builder(fabric.prometheus().url()).build();
            AuditTrail audit = AuditTrail.builder("bench").jsonLines(dir.resolve("audit.jsonl")).build();
            StepContext context = StepContext.builder().prometheus(prometheus).artifacts(new DirectoryArtifactStore(dir))
                    .console(line -> {
                        if (line.startsWith("[")) {
                            out.println("   " + line);
                        }
                    }).audit(audit).silencer(AlertSilencer.builder(fabric.alertmanager().url()).build()).lock(lock)
                    .driver(CumulusOnie.defaults()).actor("bench")
                    .sshTargets(s -> SshTarget.builder().name(s.name()).host(s.address()).port(fabric.ssh().port())
                            .user(fabric.ssh().user()).privateKeyFile(fabric.ssh().clientKeyFile())
                            .knownHostsFile(fabric.ssh().knownHostsFile()).build())
                    .build();
            Instant start = Instant.now();
            int upgraded = 0;
            long requests = 0;
            PrometheusClient.Usage selection = new PrometheusClient.Usage(0, 0);
            List<String> statuses = new ArrayList<>();
            List<Role> roles = spines == 0 || spinesAlongside ? List.of(Role.LEAF) : List.of(Role.LEAF, Role.SPINE);
            for (Role role : roles) {
                UpgradeRound round = new UpgradeRound(context).spinesAlongsideLeaves(spinesAlongside);
                RoundReport report = round.run(new RoundOptions("lab1", role, "5.9.1", "5.10.0",
                        null, 0, parallelRacks, 1L, Duration.ofMinutes(30), Duration.ofSeconds(30)));
                upgraded += (int) report.count(SwitchResult.Outcome.UPGRADED);
                requests += report.prometheusRequests();
                selection = selection.plus(round.selectionUsage());
                statuses.add((spinesAlongside ? "leaves and spines " : role.plural() + " ") + report.status().wireName());
            }
            double wall = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            double bound = bound(racks * 2, spines, parallelRacks, spinesAlongside, rebootSeconds);
            double perSwitch = upgraded == 0 ? 0 : wall / upgraded;
            out.printf(Locale.ROOT, "parallel racks %d, spines %s: %s; %d upgraded in %.1f s (%.2f s per switch; bound "
                            + "%.1f s, ratio %.2f); %.1f Prometheus requests per switch; selection %d requests, %d "
                            + "bytes; peak heap %d MiB%n",
                    parallelRacks, spinesAlongside ? "alongside" : "apart", String.join(", ", statuses), upgraded,
                    wall, perSwitch, bound, wall / bound, upgraded == 0 ? 0.0 : (double) requests / upgraded,
                    selection.requests(), selection.bytes(), peakHeapMiB());
            return new Measured(parallelRacks, spinesAlongside, String.join(", ", statuses), upgraded, wall, bound,
                    requests, selection, peakHeapMiB());
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
