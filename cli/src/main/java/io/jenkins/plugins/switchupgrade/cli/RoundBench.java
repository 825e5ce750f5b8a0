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
import io.jenkins.plugins.switchupgrade.steps.StepContext;

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

        @Option(names = "--parallel-racks", paramLabel = "N,N", defaultValue = "1,8", split = ",",
                description = "The parallelisms to measure, one round each (default: ${DEFAULT-VALUE}).")
        List<Integer> parallelRacks;

        @Override
        public Integer call() {
            for (Integer p : parallelRacks) {
                Flags.within("--parallel-racks", p, 1, 64);
            }
            return round(Flags.within("--racks", racks, 1, 500), Flags.within("--spines", spines, 0, 64),
                    Flags.within("--reboot-seconds", rebootSeconds, 0.1, 600), parallelRacks, Io.of(spec).out());
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

    /** A rolling upgrade of a whole lab datacenter, serial and with parallel racks. */
    static int round(int racks, int spines, double rebootSeconds, List<Integer> parallel, PrintStream out) {
        int switches = racks * 2 + spines;
        out.println("bench round: " + switches + " switches (" + racks + " racks x 2 leaves + " + spines
                + " spines), simulated reboot " + rebootSeconds + " s, convergence 1 s, scrape interval 1 s; "
                + "parallel racks " + parallel);
        for (int p : parallel) {
            roundOnce(racks, spines, rebootSeconds, p, out);
        }
        return ExitCode.OK;
    }

    private static void roundOnce(int racks, int spines, double rebootSeconds, int parallelRacks, PrintStream out) {
        Path dir;
        try {
            dir = Files.createTempDirectory("switch-upgrade-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        resetPeaks();
        out.println("-- parallel racks " + parallelRacks + ": starting the lab ...");
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
            List<String> statuses = new ArrayList<>();
            for (Role role : spines == 0 ? List.of(Role.LEAF) : List.of(Role.LEAF, Role.SPINE)) {
                RoundReport report = new UpgradeRound(context).run(new RoundOptions("lab1", role, "5.9.1", "5.10.0",
                        null, 0, parallelRacks, 1L, Duration.ofMinutes(30), Duration.ofSeconds(30)));
                upgraded += (int) report.count(SwitchResult.Outcome.UPGRADED);
                requests += report.prometheusRequests();
                statuses.add(role.plural() + " " + report.status().wireName());
            }
            double wall = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            double perSwitch = upgraded == 0 ? 0 : wall / upgraded;
            out.printf(Locale.ROOT, "parallel racks %d: %s; %d upgraded in %.1f s (%.2f s per switch, %.2f s beyond the "
                            + "%.1f s reboot when serial); %.1f Prometheus requests per switch; peak heap %d MiB%n",
                    parallelRacks, String.join(", ", statuses), upgraded, wall, perSwitch, perSwitch - rebootSeconds,
                    rebootSeconds, upgraded == 0 ? 0.0 : (double) requests / upgraded, peakHeapMiB());
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
