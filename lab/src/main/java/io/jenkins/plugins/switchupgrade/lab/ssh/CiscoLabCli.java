package io.jenkins.plugins.switchupgrade.lab.ssh;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;

import java.io.IOException;
import java.util.Locale;

/**
 * A Cisco Catalyst stack (IOS XE) of three switches answering {@code show switch} with the texts of the Catalyst
 * command reference: with {@code stack-mac persistent timer 0} configured the stack prints
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

    private String showSwitch() {
        byte[] a = labSwitch.address().getAddress();
        String base = String.format(Locale.ROOT, "70b3.17%02x.%02x", a[3] & 0xff, a[2] & 0xff);
        return "Switch/Stack Mac Address : " + base + "00 - Local Mac Address\n"
                + (persistent ? "Mac persistency wait time: Indefinite\n" : "")
                + "                                             H/W   Current\n"
                + "Switch#   Role    Mac Address     Priority Version  State\n"
                + "-------------------------------------------------------------\n"
                + "*1       Active   " + base + "00     15     V01     Ready\n"
                + " 2       Standby  " + base + "80     14     V01     Ready\n"
                + " 3       Member   " + base + "c0     1      V01     Ready\n";
    }
}
