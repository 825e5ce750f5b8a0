package io.jenkins.plugins.switchupgrade.lab;

import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One simulated switch: its identity, the values its exporter serves, its faults, and its power state.
 * A reboot takes it down for the configured time and brings it back on the installed version.
 */
public final class LabSwitch {

    /** Told when the switch goes down and comes back, so that its servers close and reopen their ports. */
    public interface PowerListener {
        void wentDown(LabSwitch labSwitch);

        void cameUp(LabSwitch labSwitch);
    }

    private final String name;
    private final String datacenter;
    private final String role;
    private final int pod;
    private final int rack;
    private final int position;
    private final String platform;
    private final InetAddress address;
    private final int bgpPeers;
    private final int links;
    private final Set<LabFault> faults = EnumSet.noneOf(LabFault.class);
    private final List<PowerListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> hiddenMetrics = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private volatile String version;
    private volatile String advertisedAddress;
    private volatile int bgpEstablished;
    private volatile int linksUp;
    private volatile int healthStatus;
    private volatile double bootTimeSeconds;
    private volatile boolean up = true;
    private volatile boolean rebooting;
    private volatile long reboots;
    /** Bytes per second a switch carries when it and its rack peer both forward. */
    private static final double TRAFFIC_PER_SWITCH = 2_000_000;
    private volatile LabSwitch rackPeer;
    private volatile boolean drained;
    private double bytesSent;
    private double bytesReceived;
    private long countedAtNanos = System.nanoTime();
    private final Object trafficLock = new Object();

    LabSwitch(String name, String datacenter, String role, int pod, int rack, int position, String platform,
              InetAddress address, String version, int bgpPeers, int links) {
        this.name = name;
        this.datacenter = datacenter;
        this.role = role;
        this.pod = pod;
        this.rack = rack;
        this.position = position;
        this.platform = platform;
        this.address = address;
        this.version = version;
        this.bgpPeers = bgpPeers;
        this.links = links;
        this.bgpEstablished = bgpPeers;
        this.linksUp = links;
        this.bootTimeSeconds = System.currentTimeMillis() / 1000.0 - 86_400;
    }

    public String name() {
        return name;
    }

    public String datacenter() {
        return datacenter;
    }

    public String role() {
        return role;
    }

    public int pod() {
        return pod;
    }

    /** Rack number; 0 for spines. */
    public int rack() {
        return rack;
    }

    /** Position in the rack (1 or 2); 0 for spines. */
    public int position() {
        return position;
    }

    public String platform() {
        return platform;
    }

    public InetAddress address() {
        return address;
    }

    /**
     * Makes the exporter's {@code address} label say {@code address} instead of this switch's own address (null
     * restores it), as a wrong inventory entry would: whoever trusts the label reaches another host.
     */
    public LabSwitch advertiseAddress(String address) {
        this.advertisedAddress = address;
        return this;
    }

    public String version() {
        return version;
    }

    public int bgpPeers() {
        return bgpPeers;
    }

    public int links() {
        return links;
    }

    public int bgpEstablished() {
        return bgpEstablished;
    }

    public int linksUp() {
        return linksUp;
    }

    /** 0 means healthy, as the seed's {@code fabric_switch_health_global_status}. */
    public int healthStatus() {
        return healthStatus;
    }

    public double bootTimeSeconds() {
        return bootTimeSeconds;
    }

    public boolean isUp() {
        return up;
    }

    public boolean isRebooting() {
        return rebooting;
    }

    /** How many reboots this switch has started. */
    public long reboots() {
        return reboots;
    }

    public synchronized Set<LabFault> faults() {
        return EnumSet.copyOf(faults.isEmpty() ? EnumSet.noneOf(LabFault.class) : faults);
    }

    public synchronized boolean hasFault(LabFault fault) {
        return faults.contains(fault);
    }

    public synchronized LabSwitch inject(LabFault fault) {
        faults.add(fault);
        if (fault == LabFault.UNHEALTHY) {
            healthStatus = 1;
        }
        return this;
    }

    public synchronized LabSwitch clear(LabFault fault) {
        faults.remove(fault);
        if (fault == LabFault.UNHEALTHY) {
            healthStatus = 0;
        }
        return this;
    }

    public LabSwitch setVersion(String version) {
        this.version = version;
        return this;
    }

    public LabSwitch setBgpEstablished(int established) {
        this.bgpEstablished = established;
        return this;
    }

    public LabSwitch setLinksUp(int linksUp) {
        this.linksUp = linksUp;
        return this;
    }

    public LabSwitch setHealthStatus(int healthStatus) {
        this.healthStatus = healthStatus;
        return this;
    }

    /** Stops serving one metric family (e.g. {@code fabric_switch_bgp_peer_status}), as a broken local test would. */
    public LabSwitch hideMetric(String family) {
        hiddenMetrics.add(family);
        return this;
    }

    public LabSwitch showMetric(String family) {
        hiddenMetrics.remove(family);
        return this;
    }

    /** Takes the switch down at once (its ports close) until {@link #restorePower()}, as a power cut would. */
    public synchronized void cutPower() {
        up = false;
        for (PowerListener listener : listeners) {
            listener.wentDown(this);
        }
    }

    /** Brings a switch taken down by {@link #cutPower()} back, on the version it ran. */
    public synchronized void restorePower() {
        up = true;
        for (PowerListener listener : listeners) {
            listener.cameUp(this);
        }
    }

    public void addPowerListener(PowerListener listener) {
        listeners.add(listener);
    }

    /**
     * Starts a reboot: after {@code delayBeforeDown} the switch's ports close; after {@code downFor} it comes
     * back on {@code newVersion} (or stays down with {@link LabFault#NO_RETURN}); BGP peers and links
     * return {@code convergeAfter} later. Returns at once.
     */
    public synchronized void reboot(String newVersion, ScheduledExecutorService scheduler,
                                    long delayBeforeDownMillis, long downForMillis, long convergeAfterMillis) {
        if (rebooting) {
            return;
        }
        rebooting = true;
        reboots++;
        // the caller (Fabric.reboot) already chose the longer delay of a slow-reboot switch
        scheduler.schedule(() -> goDown(newVersion, scheduler, downForMillis, convergeAfterMillis),
                delayBeforeDownMillis, TimeUnit.MILLISECONDS);
    }

    private void goDown(String newVersion, ScheduledExecutorService scheduler, long downForMillis,
                        long convergeAfterMillis) {
        up = false;
        bgpEstablished = 0;
        linksUp = 0;
        for (PowerListener listener : listeners) {
            listener.wentDown(this);
        }
        if (hasFault(LabFault.NO_RETURN)) {
            return;
        }
        scheduler.schedule(() -> comeUp(newVersion, scheduler, convergeAfterMillis), downForMillis, TimeUnit.MILLISECONDS);
    }

    /** The other switch of the rack, which carries this one's traffic while it is drained or down. */
    void rackPeer(LabSwitch peer) {
        this.rackPeer = peer;
    }

    /** Whether BGP graceful shutdown is configured (the drain commands set it; a reboot through ZTP clears it). */
    public boolean isDrained() {
        return drained;
    }

    public void setDrained(boolean drained) {
        this.drained = drained;
    }

    /** Whether this switch forwards its share: up, and not drained (unless the drain is ignored). */
    private boolean forwarding() {
        return up && !(drained && !hasFault(LabFault.DRAIN_IGNORED));
    }

    /** Bytes per second on the fabric ports: its own share, plus its peer's while the peer does not forward. */
    public double trafficRate() {
        if (!forwarding()) {
            return 0;
        }
        LabSwitch peer = rackPeer;
        return TRAFFIC_PER_SWITCH + (peer != null && !peer.forwarding() ? TRAFFIC_PER_SWITCH : 0);
    }

    private void countTraffic() {
        // a lock of its own: the rate reads the peer's state, and two exporters may count at once
        synchronized (trafficLock) {
            countLocked();
        }
    }

    private void countLocked() {
        long now = System.nanoTime();
        double seconds = (now - countedAtNanos) / 1e9;
        countedAtNanos = now;
        double rate = trafficRate();
        bytesSent += rate / 2 * seconds;
        bytesReceived += rate / 2 * seconds;
    }

    private void comeUp(String newVersion, ScheduledExecutorService scheduler, long convergeAfterMillis) {
        // ZTP and Chef bring back the switch's own configuration, which has no graceful shutdown
        drained = false;
        if (!hasFault(LabFault.OLD_VERSION) && newVersion != null) {
            version = newVersion;
        }
        bootTimeSeconds = System.currentTimeMillis() / 1000.0;
        up = true;
        rebooting = false;
        for (PowerListener listener : listeners) {
            listener.cameUp(this);
        }
        scheduler.schedule(() -> {
            bgpEstablished = hasFault(LabFault.BGP_LOSS) ? Math.max(0, bgpPeers - 2) : bgpPeers;
            linksUp = hasFault(LabFault.LINK_LOSS) ? Math.max(0, links - 2) : links;
        }, convergeAfterMillis, TimeUnit.MILLISECONDS);
    }

    /** The exporter text of this switch's series, in the Prometheus text format. */
    public void appendMetrics(StringBuilder out) {
        String base = "instance=\"" + name + "\",datacenter=\"" + datacenter + "\"";
        int established = bgpEstablished;
        for (int i = 0; i < bgpPeers && !hiddenMetrics.contains("fabric_switch_bgp_peer_status"); i++) {
            out.append("fabric_switch_bgp_peer_status{").append(base).append(",peer=\"10.").append(pod).append('.')
                    .append(rack).append('.').append(i + 1).append("\"} ").append(i < established ? 0 : 1).append('\n');
        }
        int upLinks = linksUp;
        for (int i = 0; i < links && !hiddenMetrics.contains("fabric_switch_interface_link_status"); i++) {
            out.append("fabric_switch_interface_link_status{").append(base).append(",interface=\"swp").append(i + 1)
                    .append("\"} ").append(i < upLinks ? 2 : 1).append('\n');
        }
        if (!hiddenMetrics.contains("fabric_switch_health_global_status")) {
            out.append("fabric_switch_health_global_status{").append(base).append("} ").append(healthStatus).append('\n');
        }
        if (!hiddenMetrics.contains("fabric_switch_os_info")) {
            out.append("fabric_switch_os_info{").append(base).append(",role=\"").append(role).append("\",pod=\"").append(pod)
                    .append("\",rack=\"").append(rack).append("\",position=\"").append(position).append("\",platform=\"")
                    .append(platform).append("\",version=\"").append(version).append("\",address=\"")
                    .append(advertisedAddress != null ? advertisedAddress : address.getHostAddress()).append("\"} 1\n");
        }
        appendMlag(out, base);
        appendTraffic(out, base);
        out.append("node_boot_time_seconds{").append(base).append("} ").append(String.format(java.util.Locale.ROOT, "%.3f", bootTimeSeconds)).append('\n');
    }

    /**
     * A Cumulus leaf pair is an MLAG pair: clagd's peer and backup state, the role (the rack's first switch is the
     * primary) and, with {@link LabFault#ORPHAN_PORT}, one single-attached port carrying traffic.
     */
    private void appendMlag(StringBuilder out, String base) {
        if (!"leaf".equals(role) || !"cumulus".equals(platform) || hiddenMetrics.contains("fabric_switch_clag")) {
            return;
        }
        out.append("fabric_switch_clag_peer_alive{").append(base).append("} ")
                .append(hasFault(LabFault.CLAG_PEER_DOWN) ? 0 : 1).append('\n');
        out.append("fabric_switch_clag_backup_active{").append(base).append("} 1\n");
        out.append("fabric_switch_clag_role{").append(base).append(",role=\"").append(position == 1 ? "primary" : "secondary")
                .append("\"} 1\n");
        out.append("fabric_switch_clag_orphan_port_active{").append(base).append(",port=\"swp").append(links + 1)
                .append("\"} ").append(hasFault(LabFault.ORPHAN_PORT) ? 1 : 0).append('\n');
    }

    /** node-exporter's byte counters of the fabric ports, split evenly over them, for the drain's traffic proof. */
    private void appendTraffic(StringBuilder out, String base) {
        if (!"cumulus".equals(platform) || hiddenMetrics.contains("node_network")) {
            return;
        }
        countTraffic();
        int ports = Math.max(1, links);
        for (int i = 1; i <= ports; i++) {
            out.append("node_network_transmit_bytes_total{").append(base).append(",device=\"swp").append(i)
                    .append("\"} ").append(String.format(java.util.Locale.ROOT, "%.0f", bytesSent / ports)).append('\n');
            out.append("node_network_receive_bytes_total{").append(base).append(",device=\"swp").append(i)
                    .append("\"} ").append(String.format(java.util.Locale.ROOT, "%.0f", bytesReceived / ports))
                    .append('\n');
        }
    }

    @Override
    public String toString() {
        return name + "@" + address.getHostAddress();
    }
}
