package io.jenkins.plugins.switchupgrade.lab;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jenkins.plugins.switchupgrade.lab.ssh.AosLabCli;
import io.jenkins.plugins.switchupgrade.lab.ssh.CiscoLabCli;
import io.jenkins.plugins.switchupgrade.lab.ssh.CumulusLabCli;
import io.jenkins.plugins.switchupgrade.lab.ssh.LabCli;
import io.jenkins.plugins.switchupgrade.lab.ssh.LabSsh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated datacenter: racks of two leaves ({@code leaf-r<rack>-p<1|2>-pod<pod>}) and spines
 * ({@code spine-s<n>-pod<pod>}), each with its own exporter on its own loopback address, port 9100, scraped by
 * a real Prometheus; optionally a real Alertmanager. Everything it starts, {@link #close()} stops.
 */
public final class Fabric implements AutoCloseable {
    /** The port every lab switch's exporter listens on, as a node exporter does. */
    public static final int EXPORTER_PORT = 9100;

    private final FabricSpec settings;
    private final Map<String, String> stateValues = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<LabSwitch> switches;
    private final Map<String, LabSwitch> byName = new LinkedHashMap<>();
    private final List<SwitchExporter> exporters = new ArrayList<>();
    private final List<AutoCloseable> extras = new ArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService httpExecutor;
    private PrometheusServer prometheus;
    private AlertmanagerServer alertmanager;
    private LabSsh ssh;
    private final SubnetClaim subnetClaim;

    private Fabric(FabricSpec settings) {
        this.settings = settings;
        this.subnetClaim = settings.subnet() == 0 ? SubnetClaim.any() : SubnetClaim.exactly(settings.subnet());
        try {
            this.switches = Collections.unmodifiableList(createSwitches(settings, subnetClaim.subnet()));
        } catch (RuntimeException e) {
            subnetClaim.close();
            throw e;
        }
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("lab-power"));
        this.httpExecutor = Executors.newFixedThreadPool(4, daemon("lab-exporter"));
        for (LabSwitch labSwitch : switches) {
            byName.put(labSwitch.name(), labSwitch);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static List<LabSwitch> createSwitches(FabricSpec b, int subnet) {
        List<LabSwitch> created = new ArrayList<>();
        int index = 0;
        for (int pod = 1; pod <= b.pods(); pod++) {
            for (int rack = 1; rack <= b.racks(); rack++) {
                for (int position = 1; position <= 2; position++) {
                    String name = "leaf-r" + rack + "-p" + position + "-pod" + pod;
                    created.add(new LabSwitch(name, b.datacenter(), "leaf", pod, rack, position, b.platform(),
                            address(subnet, ++index), b.fromVersion(), b.leafBgpPeers(), b.leafLinks()));
                }
            }
            for (int spine = 1; spine <= b.spines(); spine++) {
                String name = "spine-s" + spine + "-pod" + pod;
                created.add(new LabSwitch(name, b.datacenter(), "spine", pod, 0, 0, b.platform(),
                        address(subnet, ++index), b.fromVersion(), b.spineBgpPeers(), b.spineLinks()));
            }
        }
        for (LabSwitch a : created) {
            for (LabSwitch b2 : created) {
                if (a != b2 && a.role().equals("leaf") && b2.role().equals("leaf") && a.pod() == b2.pod()
                        && a.rack() == b2.rack()) {
                    a.rackPeer(b2);
                }
            }
        }
        for (LabSwitch labSwitch : created) {
            for (LabFault fault : b.faults().getOrDefault(labSwitch.name(), Set.of())) {
                labSwitch.inject(fault);
            }
        }
        for (String name : b.faults().keySet()) {
            if (created.stream().noneMatch(s -> s.name().equals(name))) {
                throw new IllegalArgumentException("a fault names switch '" + name + "', which this fabric does not have; "
                        + "its switches are named like " + created.get(0).name());
            }
        }
        return created;
    }

    static InetAddress address(int subnet, int index) {
        try {
            return InetAddress.getByAddress(new byte[]{127, (byte) subnet, (byte) (index / 250), (byte) (index % 250 + 1)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the exporters, then Prometheus and Alertmanager when asked for, and waits until every switch is scraped. */
    public Fabric start() {
        try {
            Files.createDirectories(settings.stateDir());
            startExporters();
            if (settings.ssh()) {
                ssh = LabSsh.start(this, settings.sshPort(), LabSsh.DEFAULT_USER);
            }
            if (settings.alertmanager()) {
                alertmanager = new AlertmanagerServer(settings.stateDir().resolve("alertmanager"));
                alertmanager.start(Duration.ofSeconds(30));
            }
            if (settings.prometheus()) {
                prometheus = new PrometheusServer(settings.stateDir().resolve("prometheus"), settings.scrapeInterval());
                prometheus.setTargets(targets());
                prometheus.start(Duration.ofSeconds(30));
                prometheus.awaitSeries("fabric_switch_os_info", switches.size(), settings.scrapedWithin());
            }
            writeStateFile();
            return this;
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private void startExporters() {
        int perExporter = settings.switchesPerExporter();
        if (perExporter <= 1) {
            for (LabSwitch labSwitch : switches) {
                SwitchExporter exporter = new SwitchExporter(new InetSocketAddress(labSwitch.address(), EXPORTER_PORT),
                        List.of(labSwitch), httpExecutor);
                labSwitch.addPowerListener(exporter);
                exporters.add(exporter);
            }
        } else {
            // Large fleets: a few exporters on their own addresses carry many switches' series (honor_labels).
            for (int from = 0, group = 0; from < switches.size(); from += perExporter, group++) {
                List<LabSwitch> carried = switches.subList(from, Math.min(switches.size(), from + perExporter));
                InetAddress address = address(subnetClaim.subnet(), 250 * 200 + group);
                exporters.add(new SwitchExporter(new InetSocketAddress(address, EXPORTER_PORT), carried, httpExecutor));
            }
        }
        for (SwitchExporter exporter : exporters) {
            exporter.start();
        }
    }

    private List<PrometheusServer.Target> targets() {
        List<PrometheusServer.Target> targets = new ArrayList<>();
        for (SwitchExporter exporter : exporters) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("datacenter", settings.datacenter());
            if (exporter.switches().size() == 1) {
                labels.put("instance", exporter.switches().get(0).name());
            }
            targets.add(new PrometheusServer.Target(exporter.address(), labels));
        }
        return targets;
    }

    /** Registers something to close with the fabric (an SSH server, a helper process). */
    public synchronized void closeWith(AutoCloseable closeable) {
        extras.add(closeable);
    }

    /** Reboots a switch the way its OS would after a reboot command: down, then back on the installed version. */
    public void reboot(LabSwitch labSwitch, String newVersion) {
        labSwitch.reboot(newVersion, scheduler,
                labSwitch.hasFault(LabFault.SLOW_REBOOT) ? settings.slowRebootDelay().toMillis()
                        : settings.shutdownTime().toMillis(), settings.rebootTime().toMillis(),
                settings.convergeTime().toMillis());
    }

    public List<LabSwitch> switches() {
        return switches;
    }

    public LabSwitch get(String name) {
        LabSwitch labSwitch = byName.get(name);
        if (labSwitch == null) {
            throw new IllegalArgumentException("the lab has no switch named '" + name + "'");
        }
        return labSwitch;
    }

    public List<SwitchExporter> exporters() {
        return Collections.unmodifiableList(exporters);
    }

    public PrometheusServer prometheus() {
        if (prometheus == null) {
            throw new IllegalStateException("this fabric was built without Prometheus");
        }
        return prometheus;
    }

    public AlertmanagerServer alertmanager() {
        if (alertmanager == null) {
            throw new IllegalStateException("this fabric was built without Alertmanager");
        }
        return alertmanager;
    }

    /** The switches' SSH servers, keys, known_hosts and command record. */
    public LabSsh ssh() {
        if (ssh == null) {
            throw new IllegalStateException("this fabric was built without SSH servers");
        }
        return ssh;
    }

    /** Every command the switches received over SSH. */
    public CommandRecord commands() {
        return ssh().commands();
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** How this fabric was built; fixed. */
    public FabricSpec settings() {
        return settings;
    }

    /** Adds a value to lab.json (the SSH side writes its user, key and known_hosts files there). */
    public void stateValue(String key, String value) {
        stateValues.put(key, value);
    }

    public Path stateDir() {
        return settings.stateDir();
    }

    /** Writes {@code lab.json}: service URLs and PIDs, and every switch's address and ports. */
    public void writeStateFile() {
        JsonObject state = new JsonObject();
        state.addProperty("datacenter", settings.datacenter());
        state.addProperty("fromVersion", settings.fromVersion());
        state.addProperty("toVersion", settings.toVersion());
        if (prometheus != null) {
            state.addProperty("prometheusUrl", prometheus.url());
            state.addProperty("prometheusPid", prometheus.pid());
        }
        if (alertmanager != null) {
            state.addProperty("alertmanagerUrl", alertmanager.url());
            state.addProperty("alertmanagerPid", alertmanager.pid());
        }
        new java.util.TreeMap<>(stateValues).forEach(state::addProperty);
        JsonArray list = new JsonArray();
        for (LabSwitch labSwitch : switches) {
            JsonObject entry = new JsonObject();
            entry.addProperty("name", labSwitch.name());
            entry.addProperty("role", labSwitch.role());
            entry.addProperty("platform", labSwitch.platform());
            entry.addProperty("address", labSwitch.address().getHostAddress());
            entry.addProperty("exporterPort", EXPORTER_PORT);
            if (ssh != null) {
                entry.addProperty("sshPort", ssh.port());
            }
            entry.addProperty("version", labSwitch.version());
            JsonArray faults = new JsonArray();
            labSwitch.faults().forEach(f -> faults.add(f.kind()));
            entry.add("faults", faults);
            list.add(entry);
        }
        state.add("switches", list);
        try {
            Files.writeString(settings.stateDir().resolve("lab.json"),
                    new GsonBuilder().setPrettyPrinting().create().toJson(state));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write lab.json: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(extras);
            extras.clear();
        }
        Collections.reverse(toClose);
        for (AutoCloseable closeable : toClose) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing the rest matters more than one failure to close
            }
        }
        if (prometheus != null) {
            prometheus.stop();
        }
        if (alertmanager != null) {
            alertmanager.stop();
        }
        scheduler.shutdownNow();
        for (SwitchExporter exporter : exporters) {
            exporter.stop();
        }
        httpExecutor.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        subnetClaim.close();
    }

    /** The second octet of this fabric's 127.x.y.z addresses, held for this fabric until {@link #close()}. */
    public int subnet() {
        return subnetClaim.subnet();
    }

    /** How the fabric is shaped and behaves; every value has a lab default. */
    public static final class Builder {
        private String datacenter = "lab1";
        private int pods = 1;
        private int racks = 2;
        private int spines = 2;
        private String platform = "cumulus";
        private String fromVersion = "5.9.1";
        private String toVersion = "5.10.0";
        private int leafBgpPeers = 4;
        private int leafLinks = 6;
        private int spineBgpPeers = 8;
        private int spineLinks = 8;
        private int subnet; // 0: the first subnet no other lab on this machine holds
        private int switchesPerExporter = 1;
        private long shutdownMillis = 200;
        private long slowRebootMillis = 5_000;
        private long rebootMillis = 3_000;
        private long convergeMillis = 1_000;
        private boolean prometheus = true;
        private boolean alertmanager;
        private boolean ssh = true;
        private int sshPort = LabSsh.DEFAULT_PORT;
        private Duration scrapeInterval = Duration.ofSeconds(1);
        private Duration scrapedWithin = Duration.ofSeconds(60);
        private Path stateDir;
        private final Map<String, Set<LabFault>> faults = new LinkedHashMap<>();
        private final Map<String, LabCli.Factory> clis = new LinkedHashMap<>(Map.of("cumulus", CumulusLabCli::new,
                "aos", AosLabCli.factory(2), "cisco", CiscoLabCli::new));

        public Builder datacenter(String datacenter) {
            this.datacenter = datacenter;
            return this;
        }

        public Builder pods(int pods) {
            this.pods = positive("pods", pods);
            return this;
        }

        public Builder racks(int racks) {
            this.racks = positive("racks", racks);
            return this;
        }

        public Builder spines(int spines) {
            if (spines < 0) {
                throw new IllegalArgumentException("spines must be 0 or more, was " + spines);
            }
            this.spines = spines;
            return this;
        }

        public Builder platform(String platform) {
            this.platform = platform;
            return this;
        }

        public Builder fromVersion(String fromVersion) {
            this.fromVersion = fromVersion;
            return this;
        }

        public Builder toVersion(String toVersion) {
            this.toVersion = toVersion;
            return this;
        }

        public Builder leafPorts(int bgpPeers, int links) {
            this.leafBgpPeers = bgpPeers;
            this.leafLinks = links;
            return this;
        }

        public Builder spinePorts(int bgpPeers, int links) {
            this.spineBgpPeers = bgpPeers;
            this.spineLinks = links;
            return this;
        }

        /** The second octet of the lab's 127.x.y.z addresses (default: the first one no other lab holds). */
        public Builder subnet(int subnet) {
            if (subnet < 1 || subnet > 254) {
                throw new IllegalArgumentException("subnet must be within 1..254, was " + subnet);
            }
            this.subnet = subnet;
            return this;
        }

        /** More than 1: a few exporters carry many switches' series, for large-fleet benchmarks. */
        public Builder switchesPerExporter(int count) {
            this.switchesPerExporter = positive("switchesPerExporter", count);
            return this;
        }

        public Builder rebootTime(Duration down) {
            this.rebootMillis = down.toMillis();
            return this;
        }

        public Builder convergeTime(Duration converge) {
            this.convergeMillis = converge.toMillis();
            return this;
        }

        public Builder slowRebootDelay(Duration delay) {
            this.slowRebootMillis = delay.toMillis();
            return this;
        }

        public Builder prometheus(boolean enabled) {
            this.prometheus = enabled;
            return this;
        }

        public Builder alertmanager(boolean enabled) {
            this.alertmanager = enabled;
            return this;
        }

        /** Whether every switch runs an SSH server (default: yes). */
        public Builder ssh(boolean enabled) {
            this.ssh = enabled;
            return this;
        }

        /** The port of every switch's SSH server, each on its own address (default 2222). */
        public Builder sshPort(int port) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("sshPort must be within 1..65535, was " + port);
            }
            this.sshPort = port;
            return this;
        }

        public Builder scrapeInterval(Duration interval) {
            this.scrapeInterval = interval;
            return this;
        }

        public Builder scrapedWithin(Duration within) {
            this.scrapedWithin = within;
            return this;
        }

        public Builder stateDir(Path stateDir) {
            this.stateDir = stateDir;
            return this;
        }

        public Builder fault(String switchName, LabFault fault) {
            faults.computeIfAbsent(switchName, k -> EnumSet.noneOf(LabFault.class)).add(fault);
            return this;
        }

        /**
         * What the switches of a platform answer over SSH in this fabric (built in: {@code cumulus}, {@code aos} as
         * virtual chassis of 2, {@code cisco} stacks); switches of a platform without one answer exit 127.
         */
        public Builder cli(String platform, LabCli.Factory factory) {
            clis.put(Objects.requireNonNull(platform, "platform"), Objects.requireNonNull(factory, "factory"));
            return this;
        }

        public String datacenter() {
            return datacenter;
        }

        public String fromVersion() {
            return fromVersion;
        }

        public String toVersion() {
            return toVersion;
        }

        public Duration rebootTime() {
            return Duration.ofMillis(rebootMillis);
        }

        public Duration convergeTime() {
            return Duration.ofMillis(convergeMillis);
        }

        public Duration scrapeInterval() {
            return scrapeInterval;
        }

        public Fabric build() {
            Path dir = stateDir;
            if (dir == null) {
                try {
                    dir = Files.createTempDirectory("switch-upgrade-lab-");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return new Fabric(new FabricSpec(datacenter, pods, racks, spines, platform, fromVersion, toVersion,
                    leafBgpPeers, leafLinks, spineBgpPeers, spineLinks, subnet, switchesPerExporter,
                    Duration.ofMillis(shutdownMillis), Duration.ofMillis(slowRebootMillis),
                    Duration.ofMillis(rebootMillis), Duration.ofMillis(convergeMillis), prometheus, alertmanager, ssh,
                    sshPort, scrapeInterval, scrapedWithin, dir, faults, clis));
        }

        private static int positive(String what, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be 1 or more, was " + value);
            }
            return value;
        }
    }
}
