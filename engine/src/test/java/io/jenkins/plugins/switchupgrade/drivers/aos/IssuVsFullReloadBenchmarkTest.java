package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.lab.ssh.AosLabCli;
import io.jenkins.plugins.switchupgrade.ssh.SshSession;
import io.jenkins.plugins.switchupgrade.ssh.SshShell;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static io.jenkins.plugins.switchupgrade.drivers.aos.AosVirtualChassisLabTest.TO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark of docs/benchmarks.md, "ISSU vs full reload": in the lab, how long a virtual chassis' management
 * address (its SSH port) and its exporter are unreachable, and how long it forwards on no link at all, during an ISSU
 * driven by {@link AosVirtualChassis} compared with a full reload of every chassis onto the new image
 * ({@code reload from new_firm no rollback-timeout}). Runs with the test suite on short settings; for the figures:
 * {@code -Dbench.rebootMillis=5000 -Dbench.repeats=5}.
 */
class IssuVsFullReloadBenchmarkTest {
    private static final long REBOOT_MILLIS = Long.getLong("bench.rebootMillis", 1000);
    private static final int REPEATS = Integer.getInteger("bench.repeats", 1);
    private static final int MEMBERS = Integer.getInteger("bench.members", 2);
    private static final long PROBE_MILLIS = 10;

    /** What the probe saw during one upgrade. */
    record Outage(double totalSeconds, double sshDownSeconds, double longestSshGapSeconds, double exporterDownSeconds,
                  double noLinkSeconds) {
    }

    @Test
    void issuKeepsTheManagementAddressUpExceptForTheTakeover() throws Exception {
        try (Fabric fabric = AosVirtualChassisLabTest.fabric(REPEATS).cli("aos", AosLabCli.factory(MEMBERS))
                .prometheus(false)
                .rebootTime(Duration.ofMillis(REBOOT_MILLIS)).build().start()) {
            List<Outage> issu = new ArrayList<>();
            List<Outage> reload = new ArrayList<>();
            for (int i = 1; i <= REPEATS; i++) {
                String viaIssu = "leaf-r" + i + "-p1-pod1";
                String viaReload = "leaf-r" + i + "-p2-pod1";
                AosLabCli.Timings timings = AosLabCli.Timings.of(fabric);
                AosLabCli.of(fabric, viaIssu).timings(timings);
                AosLabCli.of(fabric, viaReload).timings(timings);
                issu.add(measure(fabric, viaIssu, () -> issu(fabric, viaIssu)));
                reload.add(measure(fabric, viaReload, () -> reload(fabric, viaReload)));
                assertEquals(TO, fabric.get(viaIssu).version());
                assertEquals(TO, fabric.get(viaReload).version());
            }
            AosLabCli.Timings timings = AosLabCli.Timings.of(fabric);
            System.out.printf(Locale.ROOT, "ISSU vs full reload: %d chassis per virtual chassis, chassis reboot %d ms, "
                            + "takeover %d ms, %d repeat(s), %d cores, Java %s, %s %s%n", MEMBERS, REBOOT_MILLIS,
                    timings.takeover().toMillis(), REPEATS, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"));
            print("ISSU", issu);
            print("full reload", reload);
            for (int i = 0; i < REPEATS; i++) {
                assertTrue(issu.get(i).sshDownSeconds() < reload.get(i).sshDownSeconds(), issu + " vs " + reload);
                assertEquals(0.0, issu.get(i).exporterDownSeconds(), "the exporter stays up during ISSU: " + issu);
                assertEquals(0.0, issu.get(i).noLinkSeconds(), "some links stay up during ISSU: " + issu);
                assertTrue(reload.get(i).exporterDownSeconds() > 0, reload.toString());
            }
        }
    }

    private interface Upgrade {
        void run() throws Exception;
    }

    /** Probes the management address, the exporter and the links every 10 ms while the upgrade runs. */
    private static Outage measure(Fabric fabric, String name, Upgrade upgrade) throws Exception {
        LabSwitch vc = fabric.get(name);
        InetSocketAddress ssh = new InetSocketAddress(vc.address(), fabric.ssh().port());
        InetSocketAddress exporter = new InetSocketAddress(vc.address(), Fabric.EXPORTER_PORT);
        AtomicBoolean running = new AtomicBoolean(true);
        long[] sshDown = new long[1];
        long[] longestGap = new long[1];
        long[] exporterDown = new long[1];
        long[] noLink = new long[1];
        Thread probe = new Thread(() -> {
            long gapStart = -1;
            long last = System.nanoTime();
            while (running.get()) {
                boolean sshUp = reachable(ssh);
                boolean exporterUp = reachable(exporter);
                boolean linksUp = vc.isUp() && vc.linksUp() > 0;
                long now = System.nanoTime();
                long slice = now - last;
                last = now;
                if (!sshUp) {
                    sshDown[0] += slice;
                    gapStart = gapStart < 0 ? now - slice : gapStart;
                    longestGap[0] = Math.max(longestGap[0], now - gapStart);
                } else {
                    gapStart = -1;
                }
                exporterDown[0] += exporterUp ? 0 : slice;
                noLink[0] += linksUp ? 0 : slice;
                sleep(PROBE_MILLIS);
            }
        }, "bench-probe " + name);
        probe.start();
        long started = System.nanoTime();
        try {
            upgrade.run();
        } finally {
            running.set(false);
            probe.join();
        }
        double total = (System.nanoTime() - started) / 1e9;
        return new Outage(total, sshDown[0] / 1e9, longestGap[0] / 1e9, exporterDown[0] / 1e9, noLink[0] / 1e9);
    }

    private static boolean reachable(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void issu(Fabric fabric, String name) throws Exception {
        AosVirtualChassis.builder().imageDirectory("new_firm").expectedRelease(TO).pollInterval(Duration.ofMillis(100))
                .build().issu(AosVirtualChassisLabTest.target(fabric, name), line -> { });
    }

    /** {@code reload from new_firm no rollback-timeout}, answered y; back when SSH answers on the new release. */
    private static void reload(Fabric fabric, String name) throws Exception {
        SshTarget target = AosVirtualChassisLabTest.target(fabric, name);
        try (SshSession session = target.connect()) {
            SshShell shell = session.shell(Pattern.compile("-> "));
            shell.readUntilPrompt(Duration.ofSeconds(5));
            shell.sendLine("reload from new_firm no rollback-timeout");
            shell.answer(SshShell.YES_NO_QUESTION, "y", Duration.ofSeconds(5));
            // the switch drops the session when it goes down
            assertEquals(SshShell.StreamEnd.CLOSED, shell.streamLines(line -> { }, Pattern.compile("(?!)"),
                    Duration.ofSeconds(10)).end());
        }
        LabSwitch vc = fabric.get(name);
        long deadline = System.nanoTime() + Duration.ofMillis(REBOOT_MILLIS * 5 + 10_000).toNanos();
        sleep(50);
        while (System.nanoTime() < deadline) {
            if (vc.isUp() && !vc.isRebooting() && reachable(new InetSocketAddress(vc.address(), fabric.ssh().port()))) {
                return;
            }
            sleep(PROBE_MILLIS);
        }
        throw new AssertionError(name + " did not come back from its full reload");
    }

    private static void print(String what, List<Outage> outages) {
        for (Outage o : outages) {
            System.out.printf(Locale.ROOT, "  %-12s total %6.2f s | management address (SSH) unreachable %6.3f s "
                            + "(longest gap %6.3f s) | exporter unreachable %6.3f s | no link up %6.3f s%n", what,
                    o.totalSeconds(), o.sshDownSeconds(), o.longestSshGapSeconds(), o.exporterDownSeconds(),
                    o.noLinkSeconds());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
