package io.jenkins.plugins.switchupgrade.lab.ssh;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;

import java.io.IOException;
import java.util.Locale;

/**
 * A Cumulus Linux 5.x switch's shell as far as re-provisioning needs it, with the texts of the Cumulus
 * documentation: {@code onie-select -i [-f]}, {@code onie-select -c}, {@code reboot}, {@code cat /etc/lsb-release},
 * {@code vtysh -c 'show bgp summary json'}, {@code nv show system}, {@code hostname} and the seed's site command
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

    private static final String WARNING = "WARNING:\n"
            + "WARNING: Operating System install requested.\n"
            + "WARNING: This will wipe out all system data.\n"
            + "WARNING:\n";

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
            io.println("Cancelling pending install at next reboot...done.");
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
        io.println(INSTALL_ENABLED);
        io.println("Reboot required to take effect.");
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

    private String lsbRelease() {
        String version = labSwitch.version();
        return "DISTRIB_ID=\"Cumulus Linux\"\n"
                + "DISTRIB_RELEASE=" + version + "\n"
                + "DISTRIB_DESCRIPTION=\"Cumulus Linux " + version + "\"\n";
    }

    private String nvShowSystem() {
        String name = labSwitch.name();
        String[][] rows = {
                {"hostname", name, name},
                {"build", "Cumulus Linux " + labSwitch.version(), ""},
                {"uptime", uptime(), ""},
                {"timezone", "Etc/UTC", "Etc/UTC"},
                {"maintenance", "", ""},
                {"  mode", "disabled", ""},
                {"  ports", "enabled", ""},
        };
        int width = Math.max(19, name.length() + 2);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-13s%-" + width + "s%s%n", "", "operational", "applied"));
        out.append(String.format(Locale.ROOT, "%-13s%-" + width + "s%s%n", "-----------",
                "-".repeat(width - 2), "-------"));
        for (String[] row : rows) {
            out.append(String.format(Locale.ROOT, "%-13s%-" + width + "s%s", row[0], row[1], row[2]).stripTrailing())
                    .append('\n');
        }
        return out.toString();
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
        JsonObject peers = new JsonObject();
        for (int i = 0; i < total; i++) {
            boolean up = i < established;
            JsonObject peer = new JsonObject();
            peer.addProperty("hostname", (leaf ? "spine" : "leaf") + (i + 1));
            peer.addProperty("remoteAs", leaf ? 65_199 : 65_101 + i);
            peer.addProperty("localAs", localAs);
            peer.addProperty("version", 4);
            peer.addProperty("msgRcvd", up ? 1_000 + i : 0);
            peer.addProperty("msgSent", up ? 1_000 + i : 0);
            peer.addProperty("tableVersion", 0);
            peer.addProperty("outq", 0);
            peer.addProperty("inq", 0);
            peer.addProperty("peerUptime", up ? clock(upMillis / 1000) : "never");
            peer.addProperty("peerUptimeMsec", up ? upMillis : 0);
            if (up) {
                peer.addProperty("peerUptimeEstablishedEpoch", (now - upMillis) / 1000);
            }
            peer.addProperty("pfxRcd", up ? 9 : 0);
            peer.addProperty("pfxSnt", up ? 9 : 0);
            peer.addProperty("state", up ? "Established" : "Active");
            peer.addProperty("peerState", up ? "OK" : "Idle");
            peer.addProperty("connectionsEstablished", up ? 1 : 0);
            peer.addProperty("connectionsDropped", 0);
            peer.addProperty("idType", "interface");
            peers.add((leaf ? "swp5" : "swp") + (i + 1), peer);
        }
        JsonObject family = new JsonObject();
        family.addProperty("routerId", labSwitch.address().getHostAddress());
        family.addProperty("as", localAs);
        family.addProperty("vrfId", 0);
        family.addProperty("vrfName", "default");
        family.addProperty("tableVersion", 12);
        family.addProperty("ribCount", 23);
        family.addProperty("ribMemory", 4232);
        family.addProperty("peerCount", total);
        family.addProperty("peerMemory", 100_000 + total * 20_000);
        family.add("peers", peers);
        family.addProperty("failedPeers", total - established);
        family.addProperty("displayedPeers", total);
        family.addProperty("totalPeers", total);
        family.addProperty("dynamicPeers", 0);
        JsonObject bestPath = new JsonObject();
        bestPath.addProperty("multiPathRelax", "true");
        family.add("bestPath", bestPath);
        JsonObject summary = new JsonObject();
        summary.add("ipv4Unicast", family);
        return new GsonBuilder().setPrettyPrinting().create().toJson(summary);
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
