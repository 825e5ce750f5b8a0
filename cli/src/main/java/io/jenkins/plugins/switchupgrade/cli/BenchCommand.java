package io.jenkins.plugins.switchupgrade.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.metrics.FleetReader;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PromQl;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusException;
import io.jenkins.plugins.switchupgrade.metrics.Sample;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;
import io.jenkins.plugins.switchupgrade.ports.Console;
import io.jenkins.plugins.switchupgrade.steps.PickCandidate;
import io.jenkins.plugins.switchupgrade.selection.Pick;
import io.jenkins.plugins.switchupgrade.validation.Verdict;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import io.jenkins.plugins.switchupgrade.steps.ValidateSibling;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code switch-upgrade bench}: measurements against the lab (docs/benchmarks.md). {@code bench selection}: for
 * each fleet size, starts a lab fabric behind the real Prometheus and measures pickCandidate + validateSibling
 * (Prometheus requests and wall time), next to the seed's way of reading the same metrics (one query per metric per
 * switch).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Measurements against the lab (see docs/benchmarks.md).",
        subcommands = {BenchCommand.Selection.class, RoundBench.Await.class, RoundBench.Round.class})
final class BenchCommand implements Callable<Integer> {
    private static final String DATACENTER = "lab1";
    private static final String FROM_VERSION = "5.9.1";
    /** Fleets at least this large get pods of 200 switches and a few exporters carrying many switches each. */
    private static final int LARGE_FLEET = 1000;
    private static final int SWITCHES_PER_EXPORTER = 500;
    /** The seed's three metrics, asked the seed's way: one switch per query. */
    private static final List<String> SEED_QUERIES = List.of(
            "count(fabric_switch_bgp_peer_status{instance=~\"%s\"} == 0)",
            "count(fabric_switch_interface_link_status{instance=~\"%s\"} == 2)",
            "fabric_switch_health_global_status{instance=~\"%s\"} == 0");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Io io = Io.of(spec);
        io.err().println("switch-upgrade: bench needs the benchmark to run");
        io.err().println(spec.commandLine().getUsageMessage());
        return ExitCode.BAD_INPUT;
    }

    /** {@code bench selection}. */
    @Command(name = "selection", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            sortOptions = false,
            description = "pickCandidate + validateSibling against fleets of the given sizes behind the real "
                    + "Prometheus: requests and wall time, beside the seed's one query per metric per switch.")
    static final class Selection implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--fleets", paramLabel = "N,N", defaultValue = "74,10000",
                description = "Fleet sizes, 4..50000 each (default: ${DEFAULT-VALUE}).")
        String fleets;

        @Option(names = "--repeats", paramLabel = "N", defaultValue = "20",
                description = "Measurements per fleet, 1..100000 (default: ${DEFAULT-VALUE}).")
        Integer repeats;

        @Option(names = "--no-seed-sweep", description = "Leave out the seed's one-query-per-switch sweep.")
        boolean noSeedSweep;

        @Override
        public Integer call() {
            return selection(BenchCommand.fleets(fleets), Flags.within("--repeats", repeats, 1, 100_000),
                    !noSeedSweep, Io.of(spec).out());
        }
    }

    static int selection(List<Integer> fleets, int repeats, boolean seedSweep, PrintStream out) {
        Runtime runtime = Runtime.getRuntime();
        out.println("bench selection: fleets " + fleets + ", " + repeats + " repeats each; Java "
                + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + "), "
                + runtime.availableProcessors() + " cores, max heap " + runtime.maxMemory() / (1024 * 1024) + " MiB, "
                + String.format(Locale.ROOT, "load average %.1f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        List<Result> results = new ArrayList<>();
        for (int size : fleets) {
            Optional<Result> result = bench(size, repeats, seedSweep, out);
            if (result.isEmpty()) {
                return ExitCode.SERVICE_UNUSABLE;
            }
            results.add(result.get());
        }
        out.println();
        out.println("Summary (requests and times per pickCandidate + validateSibling; seed = one query per metric per switch)");
        out.println(String.format(Locale.ROOT, "%8s %8s %9s %10s %9s %8s %8s %8s %9s %9s %9s %11s %11s %6s %10s %10s",
                "switches", "leaves", "series", "lab start", "requests", "p50 ms", "p95 ms", "max ms", "first ms",
                "pick p50", "vali p50", "JSON bytes", "allocated", "ratio", "seed reqs", "seed ms"));
        for (Result r : results) {
            out.println(String.format(Locale.ROOT, "%8d %8d %9d %9.1fs %9s %8.1f %8.1f %8.1f %9.1f %9.1f %9.1f %11d %11d %6.2f %10s %10s",
                    r.switches, r.leaves, r.series, r.labStartMillis / 1000.0, r.requests, r.p50, r.p95, r.max,
                    r.firstMillis, r.pickP50, r.validateP50, r.bytesPerRun, r.allocatedPerRun,
                    r.allocatedPerRun / (double) Math.max(1, r.bytesPerRun), r.seedRequests < 0 ? "-" : String.valueOf(r.seedRequests),
                    r.seedMillis < 0 ? "-" : String.format(Locale.ROOT, "%.0f", r.seedMillis)));
        }
        return ExitCode.OK;
    }

    static List<Integer> fleets(String text) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                int size = Integer.parseInt(part.trim());
                if (size < 4 || size > 50_000) {
                    throw new UsageException("--fleets sizes must be within 4..50000, was " + part.trim());
                }
                sizes.add(size);
            } catch (NumberFormatException e) {
                throw new UsageException("--fleets takes switch counts separated by commas, e.g. 74,10000; was '"
                        + text + "'");
            }
        }
        return sizes;
    }

    /** How a fleet of about {@code size} switches is laid out in the lab. */
    record Shape(int pods, int racks, int spines, int perExporter) {
        static Shape of(int size) {
            if (size < LARGE_FLEET) {
                int spines = size >= 10 ? 4 : 0;
                return new Shape(1, Math.max(1, (size - spines) / 2), spines, 1);
            }
            int pods = Math.max(1, (int) Math.round(size / 200.0));
            int spines = 4;
            return new Shape(pods, Math.max(1, (size / pods - spines) / 2), spines, SWITCHES_PER_EXPORTER);
        }

        int switches() {
            return pods * (racks * 2 + spines);
        }

        int leaves() {
            return pods * racks * 2;
        }

        /** The lab's 1 s, except for large fleets: there a 500-switch scrape takes most of a second on 2 cores. */
        Duration scrapeInterval() {
            return Duration.ofSeconds(perExporter > 1 ? 5 : 1);
        }

        String describe() {
            return pods + " pod(s) x " + racks + " racks x 2 leaves + " + pods + " x " + spines + " spines, "
                    + (perExporter > 1 ? "exporters of up to " + perExporter + " switches each (honor_labels)"
                    : "one exporter per switch") + ", scrape interval " + scrapeInterval().toSeconds() + " s";
        }
    }

    private static final class Result {
        int switches;
        int leaves;
        long series;
        long labStartMillis;
        String requests;
        double p50;
        double p95;
        double max;
        double firstMillis;
        double pickP50;
        double validateP50;
        long bytesPerRun;
        long allocatedPerRun;
        long seedRequests = -1;
        double seedMillis = -1;
    }

    private static Optional<Result> bench(int size, int repeats, boolean seedSweep, PrintStream out) {
        Shape shape = Shape.of(size);
        out.println();
        out.println("Fleet of " + shape.switches() + " switches: " + shape.describe());
        Fabric fabric = Fabric.builder().datacenter(DATACENTER).fromVersion(FROM_VERSION)
                .pods(shape.pods).racks(shape.racks).spines(shape.spines).leafPorts(4, 6)
                .switchesPerExporter(shape.perExporter).scrapeInterval(shape.scrapeInterval())
                .scrapedWithin(Duration.ofSeconds(120 + shape.switches() / 20))
                .ssh(false)
                .build();
        try {
            int exporters = (shape.switches() + shape.perExporter - 1) / shape.perExporter;
            out.println("  starting " + exporters + " exporter(s) and Prometheus; then waiting until Prometheus has "
                    + "fabric_switch_os_info for all " + shape.switches() + " switches (discovery batching delays the "
                    + "first samples by about 5 s)");
            long started = System.nanoTime();
            ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "bench-progress");
                thread.setDaemon(true);
                return thread;
            });
            progress.scheduleWithFixedDelay(() -> out.println("  waiting: " + startProgress(fabric, shape, exporters)
                    + " (" + (System.nanoTime() - started) / 1_000_000_000 + " s)"), 5, 5, TimeUnit.SECONDS);
            try {
                fabric.start();
            } catch (RuntimeException e) {
                out.println("  the lab did not start: " + e.getMessage());
                return Optional.empty();
            } finally {
                progress.shutdownNow();
            }
            Result result = new Result();
            result.labStartMillis = (System.nanoTime() - started) / 1_000_000;
            result.switches = shape.switches();
            result.leaves = shape.leaves();
            String url = fabric.prometheus().url();
            PrometheusClient bookkeeping = PrometheusClient.builder(url).timeout(Duration.ofSeconds(60)).build();
            result.series = headSeries(url);
            out.println(String.format(Locale.ROOT, "  lab started in %.1f s; %s; Prometheus holds %d series",
                    result.labStartMillis / 1000.0, prometheusVersion(url), result.series));

            measure(url, shape, repeats, result, out);
            answers(url, shape, fabric.prometheus().pid(), out);
            planProcess(url, shape, out);
            if (seedSweep) {
                seedSweep(url, shape, result, out);
            }
            out.println(String.format(Locale.ROOT, "  scrapes meanwhile: %d of %d exporter(s) down, slowest scrape %.0f ms",
                    (long) value(bookkeeping, "count(up == 0)"), exporters,
                    value(bookkeeping, "max(max_over_time(scrape_duration_seconds[5m]))") * 1000));
            return Optional.of(result);
        } finally {
            out.println("  stopping the lab");
            fabric.close();
        }
    }

    private static String startProgress(Fabric fabric, Shape shape, int exporters) {
        String url;
        try {
            url = fabric.prometheus().url();
        } catch (IllegalStateException notYet) {
            return "exporters starting, Prometheus not started yet";
        }
        try {
            PrometheusClient client = PrometheusClient.builder(url).timeout(Duration.ofSeconds(4)).build();
            return "Prometheus scrapes " + (long) value(client, "count(up == 1)") + " of " + exporters
                    + " exporter(s) and has " + (long) value(client, "count(fabric_switch_os_info)") + " of "
                    + shape.switches() + " switches";
        } catch (PrometheusException | IllegalArgumentException e) {
            return "Prometheus not ready yet";
        }
    }

    /** The value of a query answering one number, 0 when it answers nothing. */
    private static double value(PrometheusClient client, String promql) {
        List<Sample> samples = client.query(promql);
        return samples.isEmpty() ? 0 : samples.get(0).value();
    }

    /**
     * How many series Prometheus holds, from its TSDB status (the index, no samples read): counting every series
     * with a query took over a minute at 50,000 switches on a loaded machine.
     */
    private static long headSeries(String url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url + "/api/v1/status/tsdb")).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("data")
                    .getAsJsonObject("headStats").get("numSeries").getAsLong();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }
    }

    private static String prometheusVersion(String url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url + "/api/v1/status/buildinfo")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonObject data = JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("data");
            return "Prometheus " + data.get("version").getAsString();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "Prometheus version unknown (" + e.getMessage() + ")";
        }
    }

    /** pickCandidate + validateSibling, as a Pipeline calls them: one warm-up, then {@code repeats} seeds. */
    private static void measure(String url, Shape shape, int repeats, Result result, PrintStream out) {
        PrometheusClient client = PrometheusClient.builder(url).build();
        MetricsProfile profile = MetricsProfile.defaults().toBuilder()
                .maxInventory(Math.max(MetricsProfile.defaults().maxInventory(), shape.switches())).build();
        StepContext context = StepContext.builder().prometheus(client).profile(profile).console(Console.silent())
                .artifacts(new MemoryArtifactStore()).build();
        out.println("  pickCandidate + validateSibling: 1 warm-up, then " + repeats + " runs with seeds 1.."
                + repeats + " (leaf, " + FROM_VERSION + ", siblings passed from the pick)");
        result.firstMillis = once(context, 0L)[0];
        double[] millis = new double[repeats];
        double[] pickMillis = new double[repeats];
        double[] validateMillis = new double[repeats];
        TreeSet<Long> requests = new TreeSet<>();
        int passed = 0;
        long[] bytes = new long[repeats];
        long[] allocated = new long[repeats];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < repeats; i++) {
            long before = client.requestCount();
            PrometheusClient.Usage usage = client.threadUsage();
            long allocatedBefore = threads.getThreadAllocatedBytes(thread);
            double[] run = once(context, i + 1L);
            allocated[i] = threads.getThreadAllocatedBytes(thread) - allocatedBefore;
            bytes[i] = client.threadUsage().minus(usage).bytes();
            requests.add(client.requestCount() - before);
            millis[i] = run[0];
            pickMillis[i] = run[2];
            validateMillis[i] = run[0] - run[2];
            passed += (int) run[1];
        }
        Arrays.sort(millis);
        Arrays.sort(pickMillis);
        Arrays.sort(validateMillis);
        result.pickP50 = percentile(pickMillis, 50);
        result.validateP50 = percentile(validateMillis, 50);
        result.p50 = percentile(millis, 50);
        result.p95 = percentile(millis, 95);
        result.max = millis[millis.length - 1];
        Arrays.sort(bytes);
        Arrays.sort(allocated);
        result.bytesPerRun = bytes[bytes.length / 2];
        result.allocatedPerRun = allocated[allocated.length / 2];
        result.requests = requests.first().equals(requests.last()) ? String.valueOf(requests.first())
                : requests.first() + "-" + requests.last();
        out.println(String.format(Locale.ROOT, "  %s Prometheus requests per pick+validate; wall time p50 %.1f ms, "
                        + "p95 %.1f ms, max %.1f ms (warm-up %.1f ms); p50 of pickCandidate alone %.1f ms, of validateSibling alone "
                        + "%.1f ms; %d of %d verdicts passed; median answer bytes %d, heap allocated %d bytes (%.2fx)",
                result.requests, result.p50, result.p95, result.max,
                result.firstMillis, result.pickP50, result.validateP50, passed, repeats, result.bytesPerRun,
                result.allocatedPerRun, result.allocatedPerRun / (double) Math.max(1, result.bytesPerRun)));
    }

    /**
     * What this one Prometheus answers for the fleet: the queries a pick and a validation send, and the one a
     * round sends once (the whole inventory), each timed over 5 runs with its size; and the server's memory.
     */
    private static void answers(String url, Shape shape, long pid, PrintStream out) {
        PrometheusClient client = PrometheusClient.builder(url).timeout(Duration.ofSeconds(60)).build();
        String inventory = "fabric_switch_os_info{datacenter=\"" + DATACENTER + "\",role=\"leaf\"}";
        Map<String, String> queries = new java.util.LinkedHashMap<>();
        String onVersion = PromQl.withMatchers(inventory, Map.of("version", FROM_VERSION)).orElseThrow();
        queries.put("whole leaf inventory (a round, once)", inventory);
        queries.put("leaves counted per pod and version", "count by (pod, version) (" + inventory + ")");
        queries.put("from-version leaves counted per pod (matcher)", "count by (pod) (" + onVersion + ")");
        queries.put("leaves counted, no grouping", "count(" + inventory + ")");
        // all lab leaves run the from-version: a matcher that selects half of them shows what the from-version
        // matcher saves once half the fleet is upgraded
        queries.put("half the leaves (position 1) counted per pod", "count by (pod) (" + PromQl.withMatchers(onVersion,
                Map.of("position", "1")).orElseThrow() + ")");
        queries.put("one pod's leaves (a pick)", PromQl.withMatchers(inventory, Map.of("pod", "1")).orElseThrow());
        queries.put("vector(1) (what any request costs)", "vector(1)");
        out.println("  what Prometheus answers (median of 5, client side; Prometheus' own execTotalTime and the "
                + "samples it read, from stats=all; heap allocated reading the answer):");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, String> q : queries.entrySet()) {
            double[] millis = new double[5];
            long bytes = 0;
            long allocated = 0;
            int rows = 0;
            try {
                rows = client.query(q.getValue()).size();
            } catch (PrometheusException e) {
                out.println(String.format(Locale.ROOT, "    %-46s did not answer: %s", q.getKey(), e.getMessage()));
                continue;
            }
            for (int i = 0; i < millis.length; i++) {
                PrometheusClient.Usage before = client.threadUsage();
                long allocatedBefore = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                long start = System.nanoTime();
                rows = client.query(q.getValue()).size();
                millis[i] = (System.nanoTime() - start) / 1e6;
                allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - allocatedBefore;
                bytes = client.threadUsage().minus(before).bytes();
            }
            Arrays.sort(millis);
            double[] server = serverTime(url, q.getValue(), 5);
            out.println(String.format(Locale.ROOT, "    %-46s %7d rows %11d bytes %8.1f ms (Prometheus %8.1f ms, "
                            + "%9.0f samples) %11d allocated (%.1fx)", q.getKey(), rows, bytes, millis[2], server[0],
                    server[1], allocated, allocated / (double) Math.max(1, bytes)));
        }
        MetricsProfile profile = MetricsProfile.defaults().toBuilder()
                .maxInventory(Math.max(MetricsProfile.defaults().maxInventory(), shape.switches())).build();
        FleetReader reader = new FleetReader(client, profile);
        long readBytes = 0;
        long readAllocated = 0;
        for (int i = 0; i < 3; i++) {
            PrometheusClient.Usage before = client.threadUsage();
            long allocatedBefore = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            reader.read(DATACENTER, Role.LEAF);
            readAllocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - allocatedBefore;
            readBytes = client.threadUsage().minus(before).bytes();
        }
        out.println(String.format(Locale.ROOT, "    the whole leaf inventory read as switches (FleetReader): %d bytes "
                + "of answer, %d allocated (%.1fx)", readBytes, readAllocated, readAllocated / (double) Math.max(1,
                readBytes)));
        try {
            String status = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/status"));
            java.util.regex.Matcher rss = java.util.regex.Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(status);
            java.util.regex.Matcher hwm = java.util.regex.Pattern.compile("VmHWM:\\s+(\\d+) kB").matcher(status);
            if (rss.find() && hwm.find()) {
                out.println(String.format(Locale.ROOT, "    Prometheus resident memory %d MiB (peak %d MiB)",
                        Long.parseLong(rss.group(1)) / 1024, Long.parseLong(hwm.group(1)) / 1024));
            }
        } catch (java.io.IOException | RuntimeException e) {
            out.println("    Prometheus resident memory unknown (" + e.getMessage() + ")");
        }
    }

    /**
     * Prometheus' own time for a query (the median {@code execTotalTime} of {@code runs}, in ms) and the samples it
     * read ({@code totalQueryableSamples}), from the API's {@code stats=all}; NaN when it does not say.
     */
    private static double[] serverTime(String url, String promql, int runs) {
        double[] millis = new double[runs];
        double samples = Double.NaN;
        HttpClient http = HttpClient.newHttpClient();
        try {
            for (int i = 0; i < runs; i++) {
                String form = "stats=all&query=" + java.net.URLEncoder.encode(promql, java.nio.charset.StandardCharsets.UTF_8);
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/query"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonObject stats = JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("data")
                        .getAsJsonObject("stats");
                millis[i] = stats.getAsJsonObject("timings").get("execTotalTime").getAsDouble() * 1000;
                samples = stats.getAsJsonObject("samples").get("totalQueryableSamples").getAsDouble();
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new double[]{Double.NaN, Double.NaN};
        }
        Arrays.sort(millis);
        return new double[]{millis[runs / 2], samples};
    }

    /**
     * {@code switch-upgrade plan} as a user runs it, in a fresh JVM with default settings, 3 times: wall time and
     * peak resident memory (from {@code /usr/bin/time}), so that start-up and the whole pick are included.
     */
    private static void planProcess(String url, Shape shape, PrintStream out) {
        java.nio.file.Path time = java.nio.file.Path.of("/usr/bin/time");
        java.nio.file.Path jar;
        try {
            jar = java.nio.file.Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            out.println("  plan in its own process: skipped (" + e.getMessage() + ")");
            return;
        }
        if (!java.nio.file.Files.isExecutable(time) || !jar.toString().endsWith(".jar")) {
            out.println("  plan in its own process: skipped (needs /usr/bin/time and the shaded jar)");
            return;
        }
        double[] millis = new double[3];
        long peakKib = 0;
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("switch-upgrade-plan-");
            java.nio.file.Path rss = dir.resolve("rss");
            for (int i = 0; i < millis.length; i++) {
                String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
                Process process = new ProcessBuilder(time.toString(), "-f", "%M", "-o", rss.toString(), javaBin, "-jar",
                        jar.toString(), "plan", "--prometheus=" + url, "--datacenter=" + DATACENTER, "--role=leaf",
                        "--from-version=" + FROM_VERSION, "--max-inventory=" + Math.max(5000, shape.switches()),
                        "--report-dir=" + dir.resolve("report"))
                        .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
                long start = System.nanoTime();
                process.waitFor();
                millis[i] = (System.nanoTime() - start) / 1e6;
                List<String> lines = java.nio.file.Files.readAllLines(rss);
                peakKib = Math.max(peakKib, Long.parseLong(lines.get(lines.size() - 1).trim()));
            }
        } catch (java.io.IOException | NumberFormatException e) {
            out.println("  plan in its own process: failed (" + e.getMessage() + ")");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Arrays.sort(millis);
        out.println(String.format(Locale.ROOT, "  switch-upgrade plan in a fresh JVM (java -jar, 3 runs): median %.0f ms, "
                + "peak resident memory %d MiB", millis[1], peakKib / 1024));
    }

    /** One pick and validation; answers {elapsed ms, 1 if the verdict passed, ms of the pick alone}. */
    private static double[] once(StepContext context, long seed) {
        long start = System.nanoTime();
        Pick pick = new PickCandidate(context).run(new PickCandidate.Request().datacenter(DATACENTER)
                .role("leaf").fromVersion(FROM_VERSION).seed(seed));
        if (pick.nothingToDo()) {
            throw new IllegalStateException("the lab fleet offered no candidate: " + pick.reason());
        }
        double picked = (System.nanoTime() - start) / 1e6;
        List<String> siblings = pick.siblings().stream().map(Switch::name).toList();
        Verdict verdict = new ValidateSibling(context).run(new ValidateSibling.Request()
                .candidate(pick.candidate().orElseThrow().name()).siblings(siblings));
        double elapsed = (System.nanoTime() - start) / 1e6;
        return new double[]{elapsed, verdict.passed() ? 1 : 0, picked};
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    /** The seed's way: the three metrics of every leaf, one query per metric per switch. */
    private static void seedSweep(String url, Shape shape, Result result, PrintStream out) {
        PrometheusClient client = PrometheusClient.builder(url).build();
        MetricsProfile profile = MetricsProfile.defaults().toBuilder()
                .maxInventory(Math.max(MetricsProfile.defaults().maxInventory(), shape.switches())).build();
        List<String> leaves = new FleetReader(client, profile).read(DATACENTER, Role.LEAF).switches().stream()
                .map(Switch::name).toList();
        out.println("  seed-style read for comparison: " + SEED_QUERIES.size() + " queries (one per metric) for each of "
                + leaves.size() + " leaves, one after the other ...");
        long before = client.requestCount();
        long start = System.nanoTime();
        for (String leaf : leaves) {
            String matcher = PromQl.quote(PromQl.regexLiteral(leaf));
            for (String query : SEED_QUERIES) {
                client.query(String.format(Locale.ROOT, query, matcher));
            }
        }
        result.seedMillis = (System.nanoTime() - start) / 1e6;
        result.seedRequests = client.requestCount() - before;
        out.println(String.format(Locale.ROOT, "  seed-style: %d requests in %.0f ms (%.2f ms per request)",
                result.seedRequests, result.seedMillis, result.seedMillis / result.seedRequests));
    }

    /** Keeps validateSibling's pre.json in memory: the benchmark measures Prometheus, not the disk. */
    private static final class MemoryArtifactStore implements ArtifactStore {
        private final Map<String, String> files = new ConcurrentHashMap<>();

        @Override
        public void save(String relativePath, String content) {
            files.put(relativePath, content);
        }

        @Override
        public Optional<String> read(String relativePath) {
            return Optional.ofNullable(files.get(relativePath));
        }
    }
}
