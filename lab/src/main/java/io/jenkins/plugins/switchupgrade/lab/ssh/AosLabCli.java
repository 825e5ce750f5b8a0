package io.jenkins.plugins.switchupgrade.lab.ssh;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An Alcatel-Lucent OmniSwitch virtual chassis behind one management address, answering through the AOS
 * {@code -> } shell with the device texts the parsers are tested on ({@link DeviceTexts}, {@code aos/}), filled with this
 * virtual chassis's values, and the mission's story B: {@code show virtual-chassis
 * topology}, {@code show microcode}, {@code show mac-retention status}, {@code show system}, {@code mac-retention status enable|disable},
 * {@code mac-retention release}, {@code ls [-l] <dir>}, {@code cp <file> <dir>}, {@code write memory flash-synchro},
 * {@code show running-directory}, {@code cat|more <dir>/vcboot.cfg|vcsetup.cfg}, {@code issu from <dir>} (with
 * its Y/N question), and for comparison {@code reload all} and
 * {@code reload from <dir> no rollback-timeout} (every chassis reboots at once).
 *
 * <p>The ISSU runs in time on its own thread, as on a real chassis: the master validates the images, the slaves copy
 * them, each slave in turn (ascending chassis id) reboots on the new image and rejoins, then the master reboots and
 * the first upgraded slave takes over. The management address (the SSH port) closes only for the takeover; the
 * exporter stays up all along and reports the new release when the old master is back. Every chassis event goes to
 * {@link #timeline()}. Faults: {@code issu-slave-fails}, {@code issu-error}, {@code mac-retention-off},
 * {@code old-version} (chassis boot the old release again), {@code flash-not-synchronized} (the save prints no
 * confirmation and the running configuration stays NOT SYNCHRONIZED), {@code config-drift} (after the ISSU,
 * {@code vcboot.cfg} lacks a link aggregate and an IP interface).
 */
public final class AosLabCli implements LabCli, LabSwitch.PowerListener {
    /** The AOS prompt. */
    public static final String PROMPT = "-> ";
    /** The question {@code issu from} asks. */
    public static final String ISSU_QUESTION = "Are you sure you want an In Service System Upgrade? (Y/N) : ";
    /** The question a full reload asks; not a documented AOS text. */
    public static final String RELOAD_QUESTION = "Confirm Reload (Y/N) : ";
    /** The directory the switch runs from before an upgrade. */
    public static final String WORKING = "working";
    /** The seed's image directory. */
    public static final String NEW_FIRM = "new_firm";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss", Locale.ENGLISH);

    /** How long the lab's ISSU steps take. */
    public record Timings(Duration step, Duration chassisReboot, Duration takeover, Duration rejoinTimeout) {
        /** Steps of 100 ms, a chassis reboot as long as the fabric's reboot, a takeover of a fiftieth of it. */
        public static Timings of(Fabric fabric) {
            Duration reboot = fabric.settings().rebootTime();
            Duration takeover = reboot.dividedBy(50).compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100)
                    : reboot.dividedBy(50);
            return new Timings(Duration.ofMillis(100), reboot, takeover, reboot.multipliedBy(3));
        }
    }

    /** One chassis event: {@code rebooting}, {@code running <release>}, {@code master}, {@code down} ... */
    public record Event(Instant at, int chassis, String what) {
    }

    /** One chassis of the virtual chassis. */
    private static final class Chassis {
        final int id;
        final String mac;
        String role;
        String status = "Running";
        boolean present = true;
        String release;

        Chassis(int id, String mac, String role, String release) {
            this.id = id;
            this.mac = mac;
            this.role = role;
            this.release = release;
        }
    }

    private final LabSwitch labSwitch;
    private final Fabric fabric;
    private final List<Event> timeline = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> directories = new LinkedHashMap<>();
    private final Map<String, String> directoryRelease = new LinkedHashMap<>();
    private final Map<Integer, Chassis> chassis = new TreeMap<>();
    private volatile Timings timings;
    private String runningDirectory = WORKING;
    private boolean macRetention;
    private String stackMac;
    private boolean issuRunning;
    private boolean flashSynchroFails;
    private boolean flashSynchroSilent;
    private boolean configurationSynchronized;

    public AosLabCli(LabSwitch labSwitch, Fabric fabric) {
        this(labSwitch, fabric, 2);
    }

    public AosLabCli(LabSwitch labSwitch, Fabric fabric, int members) {
        this.labSwitch = labSwitch;
        this.fabric = fabric;
        this.timings = Timings.of(fabric);
        this.macRetention = !labSwitch.hasFault(LabFault.MAC_RETENTION_OFF);
        this.flashSynchroSilent = labSwitch.hasFault(LabFault.FLASH_NOT_SYNCHRONIZED);
        this.configurationSynchronized = !flashSynchroSilent;
        directories.put(WORKING, new LinkedHashSet<>(List.of("Tos.img", "vcboot.cfg", "vcsetup.cfg", "issu_version")));
        directories.put(NEW_FIRM, new LinkedHashSet<>(List.of("Tos.img", "issu_version")));
        directoryRelease.put(WORKING, labSwitch.version());
        directoryRelease.put(NEW_FIRM, fabric.settings().toVersion());
        members(members);
        labSwitch.addPowerListener(this);
    }

    /** A factory for {@code Fabric.Builder.cli("aos", ...)} building virtual chassis of {@code members} chassis. */
    public static LabCli.Factory factory(int members) {
        if (members < 2 || members > 6) {
            throw new IllegalArgumentException("a lab virtual chassis has 2 to 6 chassis, was " + members);
        }
        return (labSwitch, fabric) -> new AosLabCli(labSwitch, fabric, members);
    }

    /** The AOS CLI of a lab switch. */
    public static AosLabCli of(Fabric fabric, String switchName) {
        LabCli cli = fabric.ssh().server(switchName).cli();
        if (!(cli instanceof AosLabCli aos)) {
            throw new IllegalArgumentException("lab switch '" + switchName + "' is not an AOS virtual chassis (its "
                    + "fabric's platform is not aos, or its CLI is another one)");
        }
        return aos;
    }

    /**
     * Rebuilds the virtual chassis with {@code count} chassis, all Running on the switch's release: with 2, chassis 2
     * is master and chassis 1 its slave (as in the seed); with more, chassis 1 is master.
     */
    public synchronized AosLabCli members(int count) {
        chassis.clear();
        byte[] address = labSwitch.address().getAddress();
        int master = count == 2 ? 2 : 1;
        for (int id = 1; id <= count; id++) {
            String mac = String.format(Locale.ROOT, "e8:e7:32:%02x:%02x:%02x", address[2] & 0xff, address[3] & 0xff,
                    0x60 + id);
            chassis.put(id, new Chassis(id, mac, id == master ? "Master" : "Slave", labSwitch.version()));
        }
        stackMac = chassis.get(master).mac;
        return this;
    }

    public AosLabCli timings(Timings timings) {
        this.timings = timings;
        return this;
    }

    public Timings timings() {
        return timings;
    }

    /** Removes a file from an image directory (e.g. {@code issu_version}), or the directory with {@code null}. */
    public synchronized AosLabCli remove(String directory, String file) {
        if (file == null) {
            directories.remove(directory);
        } else if (directories.containsKey(directory)) {
            directories.get(directory).remove(file);
        }
        return this;
    }

    /** Shows a chassis as {@code Inconsistent} / {@code Mismatch-Chassis-Group}, as one with a wrong group id does. */
    public synchronized AosLabCli inconsistent(int id) {
        Chassis c = chassis.get(id);
        c.role = "Inconsistent";
        c.status = "Mismatch-Chassis-Group";
        return this;
    }

    /** Makes {@code write memory flash-synchro} fail (not enough flash space), or work again. */
    public synchronized AosLabCli failFlashSynchro(boolean fail) {
        this.flashSynchroFails = fail;
        return this;
    }

    /**
     * Makes {@code write memory flash-synchro} answer with the prompt only, as some releases do; whether the save
     * reached the other chassis is then read from {@code show running-directory} ({@code synchronizes}).
     */
    public synchronized AosLabCli silentFlashSynchro(boolean synchronizes) {
        this.flashSynchroSilent = true;
        this.configurationSynchronized = synchronizes;
        return this;
    }

    /** Every chassis event so far, in order. */
    public List<Event> timeline() {
        return List.copyOf(timeline);
    }

    /** The chassis ids in the order they rebooted. */
    public List<Integer> rebootOrder() {
        return timeline.stream().filter(e -> e.what().equals("rebooting")).map(Event::chassis).toList();
    }

    public synchronized boolean macRetentionEnabled() {
        return macRetention;
    }

    public synchronized int masterId() {
        return chassis.values().stream().filter(c -> c.role.equals("Master")).findFirst().map(c -> c.id).orElse(0);
    }

    public synchronized boolean issuRunning() {
        return issuRunning;
    }

    /** The release every present chassis runs, by chassis id. */
    public synchronized Map<Integer, String> releases() {
        Map<Integer, String> releases = new TreeMap<>();
        chassis.values().stream().filter(c -> c.present).forEach(c -> releases.put(c.id, c.release));
        return releases;
    }

    @Override
    public String prompt() {
        return PROMPT;
    }

    @Override
    public int run(String command, CliIo io) throws IOException {
        String line = command.trim().replaceAll("\\s+", " ");
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.equals("show virtual-chassis topology")) {
            io.print(topology());
            return 0;
        }
        if (lower.equals("show microcode")) {
            io.print(microcode());
            return 0;
        }
        if (lower.equals("show mac-retention status")) {
            io.print(macRetentionStatus());
            return 0;
        }
        if (lower.equals("show system")) {
            io.print(system());
            return 0;
        }
        if (lower.equals("show running-directory")) {
            io.print(runningDirectoryText());
            return 0;
        }
        if (lower.equals("mac-retention status enable") || lower.equals("mac-retention status disable")) {
            synchronized (this) {
                macRetention = lower.endsWith("enable");
            }
            return 0;
        }
        if (lower.equals("mac-retention release")) {
            synchronized (this) {
                stackMac = master().mac;
            }
            return 0;
        }
        if (lower.startsWith("cat ") || lower.startsWith("more ")) {
            return showFile(line.substring(line.indexOf(' ') + 1).trim(), io);
        }
        if (lower.equals("ls") || lower.startsWith("ls ")) {
            return ls(line.substring(2).trim(), io);
        }
        if (lower.startsWith("cp ")) {
            return cp(line.substring(3).trim(), io);
        }
        if (lower.equals("write memory flash-synchro")) {
            return writeMemoryFlashSynchro(io);
        }
        if (lower.startsWith("issu from ")) {
            return issu(line.substring("issu from ".length()).trim(), io);
        }
        if (lower.equals("reload all")) {
            return reload(runningDirectory, io);
        }
        if (lower.startsWith("reload from ") && lower.endsWith(" no rollback-timeout")) {
            return reload(line.substring("reload from ".length(), line.length() - " no rollback-timeout".length())
                    .trim(), io);
        }
        io.println("ERROR: Invalid entry: \"" + (line.isEmpty() ? "" : line.split(" ", 2)[0]) + "\"");
        return 1;
    }

    // ---- read-outs ---------------------------------------------------------------------------------------------

    private synchronized Chassis master() {
        return chassis.values().stream().filter(c -> c.role.equals("Master")).findFirst()
                .orElseGet(() -> chassis.values().iterator().next());
    }

    // Read-outs are the device texts the parsers are tested on, with this virtual chassis's values in their layout.
    private static final DeviceTexts.Table TOPOLOGY = DeviceTexts.Table.of(DeviceTexts.read("aos",
            "show-virtual-chassis-topology-2-members.txt"));
    private static final DeviceTexts.Table MICROCODE = DeviceTexts.Table.of(DeviceTexts.read("aos",
            "show-microcode-7.3.1.txt"));
    private static final String MAC_RETENTION = DeviceTexts.read("aos", "show-mac-retention-status-enabled.txt");
    private static final String SYSTEM = DeviceTexts.read("aos", "show-system-aos8-os6860.txt");
    private static final String RUNNING_DIRECTORY = DeviceTexts.read("aos", "show-running-directory-aos8-vc.txt");

    private synchronized String topology() {
        StringBuilder out = new StringBuilder();
        out.append(TOPOLOGY.head().replaceFirst("Local Chassis: \\d+", "Local Chassis: " + master().id));
        for (Chassis c : chassis.values()) {
            if (c.present) {
                out.append(TOPOLOGY.row(c.id, c.role, c.status, c.id, 100, 19, c.mac, "OS6900-X40"));
            }
        }
        return out.toString();
    }

    private synchronized String microcode() {
        String release = master().release;
        String directory = release.equals(directoryRelease.get(runningDirectory)) ? runningDirectory
                : directoryRelease.entrySet().stream().filter(e -> e.getValue().equals(release)).map(Map.Entry::getKey)
                .findFirst().orElse(runningDirectory);
        return MICROCODE.head().replaceFirst("/flash/\\S+", "/flash/" + directory)
                + MICROCODE.row("Tos.img", release, 189_211_552L + Math.abs(release.hashCode() % 4_000_000),
                "Alcatel-Lucent OS");
    }

    /** {@code show system} as the device text prints it, with this chassis's description, up time and name. */
    private synchronized String system() {
        long up = Math.max(0, (long) (System.currentTimeMillis() / 1000.0 - labSwitch.bootTimeSeconds()));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("Description", "Alcatel-Lucent OS6900-X40 " + master().release + " GA");
        values.put("Up Time", String.format(Locale.ROOT, "%d days %d hours %d minutes and %d seconds", up / 86_400,
                (up % 86_400) / 3600, (up % 3600) / 60, up % 60));
        values.put("Name", labSwitch.name());
        values.put("Location", "lab rack " + labSwitch.rack());
        return DeviceTexts.withFields(SYSTEM, values);
    }

    private synchronized String macRetentionStatus() {
        String eeprom = master().mac;
        Map<String, String> values = new LinkedHashMap<>();
        values.put("Admin State", macRetention ? "Enabled" : "Disabled");
        values.put("Trap admin state", "Disabled");
        values.put("EEPROM MAC address", eeprom);
        values.put("Current MAC address", stackMac);
        values.put("MAC address source", stackMac.equals(eeprom) ? "EEPROM" : "Retained");
        return DeviceTexts.withFields(MAC_RETENTION, values);
    }

    private synchronized String runningDirectoryText() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("Current CMM Slot", "CHASSIS-" + master().id + " A");
        // as AOS 8 prints it: WORKING and CERTIFIED in capitals, a directory of the site's by its own name
        values.put("Running configuration", runningDirectory.equals(WORKING) || runningDirectory.equals("certified")
                ? runningDirectory.toUpperCase(Locale.ROOT) : runningDirectory);
        values.put("Running Configuration", configurationSynchronized ? "SYNCHRONIZED" : "NOT SYNCHRONIZED");
        return DeviceTexts.withFields(RUNNING_DIRECTORY, values);
    }

    private int ls(String arguments, CliIo io) throws IOException {
        boolean longForm = false;
        String directory = "";
        for (String argument : arguments.isEmpty() ? new String[0] : arguments.split(" ")) {
            if (argument.equals("-l")) {
                longForm = true;
            } else {
                directory = argument;
            }
        }
        String name = directory.replaceFirst("^/flash/?", "").replaceAll("/+$", "");
        Set<String> files;
        synchronized (this) {
            files = name.isEmpty() ? directories.keySet() : directories.get(name);
            files = files == null ? null : new LinkedHashSet<>(files);
        }
        if (files == null) {
            io.println("ls: /flash/" + name + ": No such file or directory");
            return 1;
        }
        if (!longForm) {
            io.println(String.join("  ", files));
            return 0;
        }
        io.println(LS_TOTAL.replaceFirst("\\d+", String.valueOf(files.size())));
        for (String file : files) {
            boolean dir = name.isEmpty();
            long size = dir ? 2048 : file.endsWith(".img") ? 189_211_552L : file.equals("issu_version") ? 64 : 1_874;
            io.println(lsLine(dir ? "drwxrwxrwx" : "-rw-r--r--", size, file));
        }
        return 0;
    }

    // ls -l prints the device text's lines: its "total" line, then each file in the layout of the text's first file
    private static final List<String> LS = DeviceTexts.lines(DeviceTexts.read("aos", "ls-new_firm.txt"));
    private static final String LS_TOTAL = LS.get(0);
    private static final java.util.regex.Matcher LS_FILE = java.util.regex.Pattern
            .compile("^(\\S{10})(\\s+\\d+\\s+\\S+\\s+\\S+)(\\s+\\d+)( .+ )(\\S+)$").matcher(LS.get(1));

    static {
        if (!LS_FILE.matches()) {
            throw new IllegalStateException("aos/ls-new_firm.txt has no file line in the layout the lab prints: "
                    + LS.get(1));
        }
    }

    static String lsLine(String mode, long size, String file) {
        // the size is right-aligned where the device text ends it
        return mode + LS_FILE.group(2) + String.format(Locale.ROOT, "%" + LS_FILE.group(3).length() + "d", size)
                + LS_FILE.group(4) + file;
    }

    private int showFile(String path, CliIo io) throws IOException {
        String[] parts = path.replaceFirst("^/flash/", "").split("/", 2);
        boolean drifted;
        synchronized (this) {
            if (parts.length != 2 || !directories.containsKey(parts[0]) || !directories.get(parts[0]).contains(parts[1])
                    || !(parts[1].equals("vcboot.cfg") || parts[1].equals("vcsetup.cfg"))) {
                io.println("ERROR: /flash/" + String.join("/", parts) + ": No such file or directory");
                return 1;
            }
            drifted = labSwitch.hasFault(LabFault.CONFIG_DRIFT) && !runningDirectory.equals(WORKING);
        }
        io.print(parts[1].equals("vcboot.cfg") ? vcboot(drifted) : vcsetup());
        return 0;
    }

    // the configuration a virtual chassis of this rack would carry; the layout of AOS 8's snapshot sections
    private String vcboot(boolean drifted) {
        int rack = labSwitch.rack();
        int position = labSwitch.position();
        StringBuilder out = new StringBuilder("! Chassis:\nsystem name \"").append(labSwitch.name()).append("\"\n")
                .append("! Configuration:\n! VLAN:\nvlan 1 admin-state enable\nvlan 10 admin-state enable\n")
                .append("vlan 20 admin-state enable\n! IP:\n");
        out.append("ip interface \"vlan10\" address 10.").append(rack).append(".10.").append(position)
                .append(" mask 255.255.255.0 vlan 10 ifindex 1\n");
        if (!drifted) {
            out.append("ip interface \"vlan20\" address 10.").append(rack).append(".20.").append(position)
                    .append(" mask 255.255.255.0 vlan 20 ifindex 2\n");
        }
        out.append("! LINKAGG:\n");
        if (!drifted) {
            out.append("linkagg lacp agg 1 size 2 admin-state enable\n");
        }
        out.append("linkagg lacp agg 2 size 2 admin-state enable\n! Spanning Tree:\nspantree mode flat\n");
        return out.toString();
    }

    private synchronized String vcsetup() {
        StringBuilder out = new StringBuilder("! Virtual Chassis Manager:\n");
        for (Chassis c : chassis.values()) {
            out.append("virtual-chassis chassis-id ").append(c.id).append(" configured-chassis-id ").append(c.id)
                    .append('\n').append("virtual-chassis configured-chassis-priority ").append(c.id == 1 ? 100 : 50)
                    .append(" chassis-id ").append(c.id).append('\n');
        }
        return out.toString();
    }

    private int cp(String arguments, CliIo io) throws IOException {
        String[] parts = arguments.split(" ");
        if (parts.length != 2) {
            io.println("ERROR: cp needs a source file and a destination");
            return 1;
        }
        String[] source = parts[0].replaceFirst("^/flash/", "").split("/", 2);
        String target = parts[1].replaceFirst("^/flash/", "").replaceAll("/+$", "");
        synchronized (this) {
            if (source.length != 2 || !directories.containsKey(source[0])
                    || !directories.get(source[0]).contains(source[1])) {
                io.println("cp: cannot stat '" + parts[0] + "': No such file or directory");
                return 1;
            }
            if (!directories.containsKey(target)) {
                io.println("cp: cannot create regular file '" + parts[1] + "': No such file or directory");
                return 1;
            }
            directories.get(target).add(source[1]);
        }
        return 0;
    }

    private int writeMemoryFlashSynchro(CliIo io) throws IOException {
        boolean fails;
        synchronized (this) {
            fails = flashSynchroFails;
            if (flashSynchroSilent && !fails) {
                return 0;
            }
            configurationSynchronized = !fails;
        }
        // the device text holds two console messages: "started", then, after a while, the result
        String text = DeviceTexts.read("aos", fails ? "write-memory-flash-synchro-failed.txt"
                : "write-memory-flash-synchro-ok.txt").replace("\r\n", "\n");
        int second = text.indexOf("\n\n", 1);
        io.print(stamped(text.substring(0, second + 1)));
        sleep(timings.step());
        io.print(stamped(text.substring(second + 1)));
        return fails ? 1 : 0;
    }

    private static String stamped(String text) {
        return text.replaceAll("(?m)^\\w{3} \\w{3} +\\d+ \\d\\d:\\d\\d:\\d\\d", stamp());
    }

    // ---- ISSU --------------------------------------------------------------------------------------------------

    private static final String END_OK = "\u0000end-ok";
    private static final String END_ABORTED = "\u0000end-aborted";

    private int issu(String directory, CliIo io) throws IOException {
        String name = directory.replaceFirst("^/flash/?", "").replaceAll("/+$", "");
        synchronized (this) {
            if (!directories.containsKey(name)) {
                io.println("ERROR: Directory /flash/" + name + " does not exist");
                return 1;
            }
            if (issuRunning) {
                io.println("ERROR: a VCISSU procedure is already in progress");
                return 1;
            }
        }
        io.print(ISSU_QUESTION);
        String answer = io.readLine();
        if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
            return 0;
        }
        BlockingQueue<String> console = new LinkedBlockingQueue<>();
        synchronized (this) {
            issuRunning = true;
        }
        Thread procedure = new Thread(() -> runIssu(name, console), "lab-issu " + labSwitch.name());
        procedure.setDaemon(true);
        procedure.start();
        while (true) {
            String text;
            try {
                text = console.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return NO_EXIT;
            }
            if (io.isClosed()) {
                return NO_EXIT;
            }
            if (text == null) {
                continue;
            }
            if (text.equals(END_ABORTED)) {
                return 1;
            }
            if (text.equals(END_OK)) {
                return NO_EXIT;
            }
            io.print(text);
        }
    }

    private void runIssu(String directory, BlockingQueue<String> console) {
        try {
            issuProcedure(directory, console);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                issuRunning = false;
            }
        }
    }

    // The VCISSU console lines are the captured ones (fixtures aos/issu-*.txt), with this chassis's slave number and
    // directory in place of the capture's "slave 1" and "new_firm"; a line missing from the texts fails at class load.
    private static final Set<String> CAPTURED = capturedConsoleLines("issu-from-new_firm-session.txt",
            "issu-from-new_firm-3-members-session.txt", "issu-from-new_firm-slave-fails.txt",
            "issu-from-new_firm-no-issu-version.txt", "issu-from-new_firm-slave-console.txt");
    private static final String VALIDATING = said("VCISSU: validating images on master. (directory \"new_firm\")");
    private static final String NO_ISSU_VERSION = said("VCISSU: image validation failed - issu_version file not found in "
            + "directory \"new_firm\"");
    private static final String ABORTING = said("VCISSU: aborting VCISSU procedure");
    private static final String VALIDATED = said("VCISSU: images validated.");
    private static final String COPYING = said("VCISSU: all slaves copying images...");
    private static final String SLAVE_COPIED = said("VCISSU: slave 1 finished copying images.");
    private static final String ALL_COPIED = said("VCISSU: all slaves have copied images.");
    private static final String SLAVE_REBOOTING = said("VCISSU: slave 1 is rebooting");
    private static final String TOPOLOGY_CHANGE = said("VCISSU: slave 1 topology change.  Waiting for shared memory "
            + "update.");
    private static final String NOT_REJOINED = said("VCISSU: slave 1 did not rejoin the virtual chassis - timed out "
            + "waiting for shared memory update");
    private static final String ABORTING_OLD_IMAGE = said("VCISSU: aborting VCISSU procedure, master chassis keeps "
            + "running the old image");
    private static final String SHARED_MEMORY = said("VCISSU: slave 1 updated shared memory. Waiting for slave vc "
            + "takeover events.");
    private static final String UPORT_NOISE = said("plGetUportRangeFromChassisSlot failed: 1/2, rv=-30");
    private static final String TAKEOVER_DONE = said("VCISSU: slave 1 finished vc takeover events.  Waiting for vc "
            + "ready acknowledgement.");
    private static final String VC_READY = said("VCISSU: slave 1 acknowledged vc ready. VCISSU complete for this "
            + "slave.");
    private static final String CPU_NOISE = said("CPU crossed Above the Threshold Limit!");
    private static final String MASTER_REBOOTING = said("VCISSU: Master Chassis rebooting at end of VCISSU procedure");
    private static final String RELOADING = said("VCISSU: boot manager is reloading from image directory "
            + "\"new_firm\".");
    private static final String REBOOTING_CMM = said("bootMgrRebootCMM: Rebooting CMM");

    private static Set<String> capturedConsoleLines(String... names) {
        Set<String> lines = new LinkedHashSet<>();
        for (String name : names) {
            for (String line : DeviceTexts.lines(DeviceTexts.read("aos", name))) {
                if (line.startsWith("+++ ")) {
                    lines.add(line.substring(4).stripTrailing());
                }
            }
        }
        return lines;
    }

    private static String said(String line) {
        if (!CAPTURED.contains(line)) {
            throw new IllegalStateException("the lab's console line '" + line + "' is in none of the captured ISSU "
                    + "texts (fixtures aos/issu-*.txt)");
        }
        return line;
    }

    private static String slave(String line, int slave) {
        return line.replace("slave 1 ", "slave " + slave + " ").replace("failed: 1/", "failed: " + slave + "/");
    }

    private static String in(String line, String quotedDirectory) {
        return line.replace("\"new_firm\"", quotedDirectory);
    }

    private void issuProcedure(String directory, BlockingQueue<String> console) throws InterruptedException {
        Timings t = timings;
        String quoted = "\"" + directory + "\"";
        message(console, "info", in(VALIDATING, quoted));
        sleep(t.step());
        Set<String> files;
        synchronized (this) {
            files = new LinkedHashSet<>(directories.getOrDefault(directory, Set.of()));
        }
        if (labSwitch.hasFault(LabFault.ISSU_ERROR)) {
            // the lab's own wording for a damaged image: no capture of this failure exists
            message(console, "error", "VCISSU: image validation failed - Tos.img in directory " + quoted
                    + " does not match its issu_version file", ABORTING);
            console.put(END_ABORTED);
            return;
        }
        if (!files.contains("issu_version")) {
            message(console, "error", in(NO_ISSU_VERSION, quoted), ABORTING);
            console.put(END_ABORTED);
            return;
        }
        String newRelease = labSwitch.hasFault(LabFault.OLD_VERSION) ? labSwitch.version()
                : directoryRelease.getOrDefault(directory, fabric.settings().toVersion());
        message(console, "info", VALIDATED, COPYING);
        List<Integer> slaves;
        int oldMaster;
        synchronized (this) {
            slaves = chassis.values().stream().filter(c -> c.role.equals("Slave") && c.present).map(c -> c.id).toList();
            oldMaster = master().id;
        }
        sleep(t.step());
        for (int slave : slaves) {
            message(console, "info", slave(SLAVE_COPIED, slave));
            sleep(t.step().dividedBy(2));
        }
        message(console, "info", ALL_COPIED);
        for (int slave : slaves) {
            message(console, "info", slave(SLAVE_REBOOTING, slave));
            chassisDown(slave);
            sleep(t.step());
            message(console, "info", slave(TOPOLOGY_CHANGE, slave));
            if (labSwitch.hasFault(LabFault.ISSU_SLAVE_FAILS)) {
                sleep(t.rejoinTimeout());
                message(console, "error", slave(NOT_REJOINED, slave), ABORTING_OLD_IMAGE);
                console.put(END_ABORTED);
                return;
            }
            sleep(t.chassisReboot());
            chassisUp(slave, newRelease, "Slave");
            message(console, "info", slave(SHARED_MEMORY, slave));
            emit(console, "evbCmm main error message:", slave(UPORT_NOISE, slave));
            sleep(t.step());
            message(console, "info", slave(TAKEOVER_DONE, slave));
            sleep(t.step());
            message(console, "info", slave(VC_READY, slave));
        }
        emit(console, "healthCmm main warning message:", CPU_NOISE);
        message(console, "alert", MASTER_REBOOTING);
        message(console, "alert", in(RELOADING, quoted));
        emit(console, "ChassisSupervisor bootMgr info message:", REBOOTING_CMM);
        sleep(t.step());
        console.put(END_OK);
        // the session shows everything up to the reboot message before the master goes
        for (int i = 0; i < 50 && !console.isEmpty(); i++) {
            sleep(Duration.ofMillis(20));
        }
        sleep(Duration.ofMillis(50));
        int newMaster = slaves.get(0);
        synchronized (this) {
            chassis.get(oldMaster).role = "Slave";
            chassis.get(newMaster).role = "Master";
            if (!macRetention) {
                // without retention the stack takes the new master's MAC: what the pre-check warns about
                stackMac = chassis.get(newMaster).mac;
            }
        }
        chassisDown(oldMaster);
        record(newMaster, "master");
        // the management address moves to the new master: unreachable for the takeover only
        SwitchSshServer ssh = fabric.ssh().server(labSwitch.name());
        ssh.stop();
        sleep(t.takeover());
        ssh.start();
        sleep(t.chassisReboot().minus(t.takeover()).isNegative() ? Duration.ZERO
                : t.chassisReboot().minus(t.takeover()));
        synchronized (this) {
            runningDirectory = directory;
        }
        // the exporter reports the new release once the whole virtual chassis runs it
        labSwitch.setVersion(newRelease);
        chassisUp(oldMaster, newRelease, "Slave");
    }

    private void chassisDown(int id) {
        synchronized (this) {
            chassis.get(id).present = false;
        }
        record(id, "rebooting");
        updateLinks();
    }

    private void chassisUp(int id, String release, String role) {
        synchronized (this) {
            Chassis c = chassis.get(id);
            c.present = true;
            c.release = release;
            c.role = role;
        }
        record(id, "running " + release);
        updateLinks();
    }

    // a chassis carries its share of the links: they are down while it reboots
    private void updateLinks() {
        int present;
        int total;
        synchronized (this) {
            total = chassis.size();
            present = (int) chassis.values().stream().filter(c -> c.present).count();
        }
        labSwitch.setLinksUp(labSwitch.links() * present / total);
    }

    private void record(int id, String what) {
        timeline.add(new Event(Instant.now(), id, what));
    }

    private void message(BlockingQueue<String> console, String level, String... lines) throws InterruptedException {
        emit(console, "ChassisSupervisor issuMgr " + level + " message:", lines);
    }

    private static void emit(BlockingQueue<String> console, String header, String... lines)
            throws InterruptedException {
        StringBuilder text = new StringBuilder("\n").append(stamp()).append(" : ").append(header).append('\n');
        for (String line : lines) {
            text.append("+++ ").append(line).append('\n');
        }
        console.put(text.toString());
    }

    // ---- full reload -------------------------------------------------------------------------------------------

    private int reload(String directory, CliIo io) throws IOException {
        String name = directory.replaceFirst("^/flash/?", "").replaceAll("/+$", "");
        String release;
        synchronized (this) {
            if (!directories.containsKey(name)) {
                io.println("ERROR: Directory /flash/" + name + " does not exist");
                return 1;
            }
            release = directoryRelease.getOrDefault(name, labSwitch.version());
        }
        io.print(RELOAD_QUESTION);
        String answer = io.readLine();
        if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
            return 0;
        }
        synchronized (this) {
            runningDirectory = name;
            chassis.keySet().forEach(id -> record(id, "rebooting"));
        }
        fabric.reboot(labSwitch, release);
        return NO_EXIT;
    }

    @Override
    public synchronized void wentDown(LabSwitch labSwitch) {
        chassis.values().forEach(c -> c.present = false);
    }

    @Override
    public synchronized void cameUp(LabSwitch labSwitch) {
        for (Chassis c : chassis.values()) {
            c.present = true;
            c.release = labSwitch.version();
            record(c.id, "running " + c.release);
        }
    }

    private static String stamp() {
        return STAMP.format(LocalDateTime.now());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(0, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "AOS virtual chassis " + labSwitch.name() + " (" + chassis.size() + " chassis)";
    }

    /** The chassis of a virtual chassis as text, for test messages: {@code 1 Slave 7.3.1.748.R01, 2 Master ...}. */
    public synchronized String describe() {
        List<String> parts = new ArrayList<>();
        chassis.values().forEach(c -> parts.add(c.id + " " + c.role + " " + (c.present ? c.release : "(rebooting)")));
        return String.join(", ", parts);
    }
}
