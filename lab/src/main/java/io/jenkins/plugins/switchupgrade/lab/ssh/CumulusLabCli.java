package io.jenkins.plugins.switchupgrade.lab.ssh;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;

import java.io.IOException;
import java.util.Locale;

/**
 * A Cumulus Linux 5.x switch's shell as far as re-provisioning needs it, answering with the device texts the parsers
 * are tested on ({@link DeviceTexts}, {@code cumulus/}) filled with this switch's values: {@code onie-select -i [-f]}, {@code onie-select -c}, {@code reboot}, {@code cat /etc/lsb-release},
 * {@code vtysh -c 'show bgp summary json'}, {@code nv show system} (not found on a 4.x switch), {@code hostname} and the seed's site command
 * {@code /root/run_switch_provision.sh -F} (ONIE install, then reboot), and {@code sleep} for slow-command
 * tests. A leading {@code sudo} is accepted.
 * A reboot returns on the lab's target version only when an ONIE install was staged before it.
 */
public final class CumulusLabCli implements LabCli {
    /** The seed's wrapper around {@code onie-select -i -f} and {@code reboot}. */
    public static final String SITE_COMMAND = "/root/run_switch_provision.sh -F";
    /** What onie-select prints when the install is staged; the driver looks for it. */
    public static final String INSTALL_ENABLED = "Enabling install at next reboot...done.";
    /** What the lab prints when told to fail onie-select; not a documented Cumulus text. */
    public static final String DEFAULT_ONIE_FAILURE = "onie-select: error: ONIE boot partition not found, install not enabled";

    // onie-select's answers are the device texts the parsers are tested on: the warning block, then the outcome
    private static final String FORCED = DeviceTexts.read("cumulus", "onie-select-install-forced.txt");
    private static final String WARNING = FORCED.substring(0, FORCED.indexOf(INSTALL_ENABLED));
    private static final String STAGED = FORCED.substring(FORCED.indexOf(INSTALL_ENABLED));
    private static final String CANCELLED = DeviceTexts.read("cumulus", "onie-select-cancel.txt");
    private static final String LSB_RELEASE = DeviceTexts.read("cumulus", "lsb-release-5.9.1.txt");
    private static final String NV_SHOW_SYSTEM = DeviceTexts.read("cumulus", "nv-show-system-5.10.txt");
    private static final String NV_NOT_FOUND = DeviceTexts.read("cumulus", "nv-show-system-cumulus4-not-found.txt");
    private static final String BGP_SUMMARY = DeviceTexts.read("cumulus", "bgp-summary-leaf.json");

    private final LabSwitch labSwitch;
    private final Fabric fabric;
    private volatile boolean installStaged;
    private volatile String onieFailure;

    public CumulusLabCli(LabSwitch labSwitch, Fabric fabric) {
        this.labSwitch = labSwitch;
        this.fabric = fabric;
    }

    /** Makes {@code onie-select} fail (exit 1, {@code message} on standard error) until called with null. */
    public CumulusLabCli failOnieSelect(String message) {
        this.onieFailure = message;
        return this;
    }

    /** Makes {@code onie-select} fail with {@link #DEFAULT_ONIE_FAILURE}, or work again. */
    public CumulusLabCli failOnieSelect(boolean fail) {
        return failOnieSelect(fail ? DEFAULT_ONIE_FAILURE : null);
    }

    /** Whether an ONIE install is staged for the next reboot. */
    public boolean installStaged() {
        return installStaged;
    }

    @Override
    public String prompt() {
        return "root@" + labSwitch.name() + ":mgmt:~# ";
    }

    @Override
    public int run(String command, CliIo io) throws IOException {
        String line = command.trim().replaceAll("\\s+", " ");
        if (line.startsWith("sudo ")) {
            line = line.substring(5).trim();
        }
        if (line.equals("onie-select") || line.startsWith("onie-select ")) {
            return onieSelect(line.substring("onie-select".length()).trim(), io);
        }
        if (line.startsWith("sleep ")) {
            return sleep(line.substring("sleep ".length()).trim(), io);
        }
        Integer drain = CumulusDrainCli.answer(line, labSwitch, io);
        if (drain != null) {
            return drain;
        }
        Integer config = CumulusConfigCli.answer(line, labSwitch, io);
        if (config != null) {
            return config;
        }
        switch (line) {
            case "reboot":
            case "reboot now":
            case "shutdown -r now":
            case "systemctl reboot":
                return reboot();
            case SITE_COMMAND:
                return siteCommand(io);
            case "cat /etc/lsb-release":
                io.print(lsbRelease());
                return 0;
            case "hostname":
                io.println(labSwitch.name());
                return 0;
            case "nv show system":
                if (!hasNvue()) {
                    io.printErr(NV_NOT_FOUND);
                    return 127;
                }
                io.print(nvShowSystem());
                return 0;
            case "vtysh -c 'show bgp summary json'":
            case "vtysh -c \"show bgp summary json\"":
            case "vtysh -c 'show ip bgp summary json'":
            case "vtysh -c \"show ip bgp summary json\"":
                io.println(bgpSummaryJson());
                return 0;
            default:
                String program = line.isEmpty() ? "" : line.split(" ", 2)[0];
                io.printErr("-bash: " + program + ": command not found\n");
                return 127;
        }
    }

    private int onieSelect(String options, CliIo io) throws IOException {
        boolean install = false;
        boolean force = false;
        boolean cancel = false;
        for (String option : options.isEmpty() ? new String[0] : options.split(" ")) {
            if (!option.startsWith("-") || option.length() < 2) {
                return onieUsage(io, option);
            }
            for (char flag : option.substring(1).toCharArray()) {
                switch (flag) {
                    case 'i' -> install = true;
                    case 'f' -> force = true;
                    case 'c' -> cancel = true;
                    default -> {
                        return onieUsage(io, option);
                    }
                }
            }
        }
        if (install == cancel) {
            return onieUsage(io, options);
        }
        if (onieFailure != null) {
            io.printErr(onieFailure + "\n");
            return 1;
        }
        if (cancel) {
            installStaged = false;
            io.print(CANCELLED);
            return 0;
        }
        io.print(WARNING);
        if (!force) {
            io.print("Are you sure (y/N)? ");
            String answer = io.readLine();
            if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                io.println("Aborting.");
                return 1;
            }
        }
        installStaged = true;
        io.print(STAGED);
        return 0;
    }

    private static int onieUsage(CliIo io, String option) throws IOException {
        io.printErr("onie-select: invalid option -- '" + option + "'\n"
                + "Usage: onie-select [-i|-c] [-f]\n"
                + "  -i  install a network operating system at the next reboot\n"
                + "  -c  cancel a pending install\n"
                + "  -f  do not ask for confirmation\n");
        return 1;
    }

    /** {@code sleep SECONDS} (at most 600), ended early when the channel closes: a slow command for timeout tests. */
    private static int sleep(String seconds, CliIo io) throws IOException {
        double value;
        try {
            value = Double.parseDouble(seconds);
        } catch (NumberFormatException e) {
            io.printErr("sleep: invalid time interval '" + seconds + "'\n");
            return 1;
        }
        io.awaitClosed(java.time.Duration.ofMillis((long) (Math.min(600, Math.max(0, value)) * 1000)));
        return 0;
    }

    private int reboot() {
        String newVersion = installStaged ? fabric.settings().toVersion() : null;
        installStaged = false;
        fabric.reboot(labSwitch, newVersion);
        return NO_EXIT;
    }

    private int siteCommand(CliIo io) throws IOException {
        int status = onieSelect("-i -f", io);
        if (status != 0) {
            io.printErr("run_switch_provision: onie-select failed with status " + status + ", not rebooting\n");
            return status;
        }
        io.println("run_switch_provision: rebooting " + labSwitch.name() + " into ONIE");
        return reboot();
    }

    // NVUE arrived with Cumulus Linux 5.0: a lab switch on 4.x answers as such a switch does, without `nv`.
    private boolean hasNvue() {
        String major = labSwitch.version().split("\\.", 2)[0];
        return !major.matches("\\d+") || Integer.parseInt(major) >= 5;
    }

    private String lsbRelease() {
        return LSB_RELEASE.replace("5.9.1", labSwitch.version());
    }

    private String nvShowSystem() {
        String name = labSwitch.name();
        StringBuilder out = new StringBuilder();
        for (String line : DeviceTexts.lines(NV_SHOW_SYSTEM)) {
            if (line.startsWith("hostname ")) {
                line = column(column("hostname", name, 13), name, 34);
            } else if (line.startsWith("build ")) {
                line = column("build", "Cumulus Linux " + labSwitch.version(), 13);
            } else if (line.startsWith("uptime ")) {
                line = column("uptime", uptime(), 13);
            }
            out.append(line).append('\n');
        }
        return out.toString().replaceAll("\n+$", "\n");
    }

    // The value at the column the device text puts it (one blank at least), as NVUE aligns its table.
    private static String column(String before, String value, int at) {
        return before + " ".repeat(Math.max(1, at - before.length())) + value;
    }

    private String uptime() {
        long seconds = Math.max(0, (long) (System.currentTimeMillis() / 1000.0 - labSwitch.bootTimeSeconds()));
        long days = seconds / 86_400;
        String clock = String.format(Locale.ROOT, "%d:%02d:%02d", (seconds % 86_400) / 3600, (seconds % 3600) / 60,
                seconds % 60);
        return days == 0 ? clock : days + (days == 1 ? " day, " : " days, ") + clock;
    }

    private String bgpSummaryJson() {
        byte[] address = labSwitch.address().getAddress();
        int localAs = 65_000 + (address[3] & 0xff) + 250 * (address[2] & 0xff);
        boolean leaf = "leaf".equals(labSwitch.role());
        long now = System.currentTimeMillis();
        long upMillis = Math.max(0, now - (long) (labSwitch.bootTimeSeconds() * 1000));
        int total = labSwitch.bgpPeers();
        int established = Math.min(total, labSwitch.bgpEstablished());
        // FRR's summary as the device text shows it, every peer made from its first peer with this switch's values
        JsonObject summary = JsonParser.parseString(BGP_SUMMARY).getAsJsonObject();
        JsonObject family = summary.getAsJsonObject("ipv4Unicast");
        JsonObject template = family.getAsJsonObject("peers").entrySet().iterator().next().getValue()
                .getAsJsonObject();
        JsonObject peers = new JsonObject();
        for (int i = 0; i < total; i++) {
            boolean up = i < established;
            JsonObject peer = template.deepCopy();
            peer.addProperty("hostname", (leaf ? "spine" : "leaf") + (i + 1));
            peer.addProperty("remoteAs", leaf ? 65_199 : 65_101 + i);
            peer.addProperty("localAs", localAs);
            peer.addProperty("msgRcvd", up ? 1_000 + i : 0);
            peer.addProperty("msgSent", up ? 1_000 + i : 0);
            peer.addProperty("peerUptime", up ? clock(upMillis / 1000) : "never");
            peer.addProperty("peerUptimeMsec", up ? upMillis : 0);
            if (up) {
                peer.addProperty("peerUptimeEstablishedEpoch", (now - upMillis) / 1000);
            } else {
                peer.remove("peerUptimeEstablishedEpoch");
            }
            peer.addProperty("pfxRcd", up ? 9 : 0);
            peer.addProperty("pfxSnt", up ? 9 : 0);
            peer.addProperty("state", up ? "Established" : "Active");
            peer.addProperty("peerState", up ? "OK" : "Idle");
            peer.addProperty("connectionsEstablished", up ? 1 : 0);
            peers.add((leaf ? "swp5" : "swp") + (i + 1), peer);
        }
        family.addProperty("routerId", labSwitch.address().getHostAddress());
        family.addProperty("as", localAs);
        family.addProperty("peerCount", total);
        family.add("peers", peers);
        family.addProperty("failedPeers", total - established);
        family.addProperty("displayedPeers", total);
        family.addProperty("totalPeers", total);
        JsonObject answer = new JsonObject();
        answer.add("ipv4Unicast", family);
        return new GsonBuilder().setPrettyPrinting().create().toJson(answer);
    }

    /** FRR's peer uptime: {@code hh:mm:ss} within a day, {@code 1d02h03m} within a week, {@code 02w1d03h} after. */
    private static String clock(long seconds) {
        long days = seconds / 86_400;
        long hours = (seconds % 86_400) / 3600;
        if (days == 0) {
            return String.format(Locale.ROOT, "%02d:%02d:%02d", hours, (seconds % 3600) / 60, seconds % 60);
        }
        if (days < 7) {
            return String.format(Locale.ROOT, "%dd%02dh%02dm", days, hours, (seconds % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%02dw%dd%02dh", days / 7, days % 7, hours);
    }
}
