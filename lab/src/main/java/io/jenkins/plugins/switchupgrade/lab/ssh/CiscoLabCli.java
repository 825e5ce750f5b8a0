package io.jenkins.plugins.switchupgrade.lab.ssh;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;

import java.io.IOException;
import java.util.Locale;

/**
 * A Cisco Catalyst stack (IOS XE) of three switches answering {@code show switch} with the device text the parsers
 * are tested on ({@link DeviceTexts}, {@code cisco/show-switch-persistent.txt}): with {@code stack-mac persistent timer 0} configured the stack prints
 * {@code Mac persistency wait time: Indefinite}; with the fault {@code mac-retention-off} the line is absent until
 * {@code stack-mac persistent timer 0} is configured ({@code configure terminal}, the command, {@code end}).
 */
public final class CiscoLabCli implements LabCli {
    private final LabSwitch labSwitch;
    private volatile boolean persistent;
    private volatile boolean configuring;

    public CiscoLabCli(LabSwitch labSwitch, Fabric fabric) {
        this.labSwitch = labSwitch;
        this.persistent = !labSwitch.hasFault(LabFault.MAC_RETENTION_OFF);
    }

    /** Whether the stack keeps its MAC indefinitely after the active switch fails. */
    public boolean persistent() {
        return persistent;
    }

    @Override
    public String prompt() {
        return labSwitch.name() + (configuring ? "(config)#" : "#");
    }

    @Override
    public int run(String command, CliIo io) throws IOException {
        String line = command.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        switch (line) {
            case "show switch":
                io.print(showSwitch());
                return 0;
            case "configure terminal":
            case "conf t":
                configuring = true;
                io.println("Enter configuration commands, one per line.  End with CNTL/Z.");
                return 0;
            case "end":
            case "exit":
                configuring = false;
                return 0;
            case "stack-mac persistent timer 0":
                return configure(io, true);
            case "no stack-mac persistent timer":
                return configure(io, false);
            case "write memory":
                io.println("Building configuration...");
                io.println("[OK]");
                return 0;
            default:
                io.println("% Invalid input detected at '^' marker.");
                return 1;
        }
    }

    private int configure(CliIo io, boolean keep) throws IOException {
        if (!configuring) {
            io.println("% Invalid input detected at '^' marker.");
            return 1;
        }
        persistent = keep;
        return 0;
    }

    // The stack's answer is the captured text of an IOS XE stack, with this stack's MAC addresses in place of the
    // capture's (same width, so the columns stay where the switch prints them).
    private static final String TEMPLATE = "show-switch-persistent.txt";
    private static final String[] TEMPLATE_MACS = {"70b3.1712.e800", "70b3.1713.1a80", "70b3.1714.4c00"};

    private String showSwitch() {
        byte[] a = labSwitch.address().getAddress();
        String base = String.format(Locale.ROOT, "70b3.17%02x.%02x", a[3] & 0xff, a[2] & 0xff);
        String[] macs = {base + "00", base + "80", base + "c0"};
        String text = DeviceTexts.read("cisco", TEMPLATE);
        for (int i = 0; i < TEMPLATE_MACS.length; i++) {
            text = text.replace(TEMPLATE_MACS[i], macs[i]);
        }
        if (!persistent) {
            // without stack-mac persistent timer the switch prints no persistency line at all
            text = text.replaceAll("(?m)^Mac persistency wait time:.*\\R", "");
        }
        return text;
    }
}
