package io.jenkins.plugins.switchupgrade.lab.ssh;

import io.jenkins.plugins.switchupgrade.lab.LabSwitch;

/**
 * The vtysh commands of a drain on a lab Cumulus switch: BGP graceful shutdown on and off in global configuration,
 * and {@code show running-config} with or without it. The switch's exporter moves its traffic to the rack peer
 * while it is drained (unless the fault {@code drain-ignored} is set).
 */
final class CumulusDrainCli {
    static final String DRAIN = "vtysh -c 'configure terminal' -c 'bgp graceful-shutdown'";
    static final String UNDRAIN = "vtysh -c 'configure terminal' -c 'no bgp graceful-shutdown'";
    static final String RUNNING_CONFIG = "vtysh -c 'show running-config'";

    private CumulusDrainCli() {
    }

    /** The exit status when {@code line} (without sudo) is a drain command, else null. */
    static Integer answer(String line, LabSwitch labSwitch, CliIo io) throws java.io.IOException {
        switch (line) {
            case DRAIN -> {
                labSwitch.setDrained(true);
                return 0;
            }
            case UNDRAIN -> {
                labSwitch.setDrained(false);
                return 0;
            }
            case RUNNING_CONFIG -> {
                io.print(runningConfig(labSwitch));
                return 0;
            }
            default -> {
                return null;
            }
        }
    }

    private static String runningConfig(LabSwitch s) {
        StringBuilder out = new StringBuilder("Building configuration...\n\nCurrent configuration:\n!\n")
                .append("frr version 8.4.3\nfrr defaults datacenter\nhostname ").append(s.name()).append('\n')
                .append("log syslog informational\nservice integrated-vtysh-config\n!\n");
        if (s.isDrained()) {
            out.append("bgp graceful-shutdown\n!\n");
        }
        out.append("router bgp 6520").append(s.rack()).append("\n bgp router-id 10.0.").append(s.rack()).append('.')
                .append(s.position()).append("\n neighbor fabric peer-group\n neighbor fabric remote-as external\n")
                .append(" neighbor swp51 interface peer-group fabric\n neighbor swp52 interface peer-group fabric\n")
                .append(" !\n address-family ipv4 unicast\n  redistribute connected\n exit-address-family\nexit\n!\nend\n");
        return out.toString();
    }
}
