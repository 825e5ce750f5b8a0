package io.jenkins.plugins.switchupgrade.cli;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabFault;
import io.jenkins.plugins.switchupgrade.lab.ssh.AosLabCli;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The lab fabric {@code demo} and {@code lab} start: its size, platform, versions and injected faults. */
final class FabricOptions {
    @Option(names = "--racks", paramLabel = "N", defaultValue = "4",
            description = "Racks of two leaves each, 1..500 (default: ${DEFAULT-VALUE}).")
    Integer racks;

    @Option(names = "--spines", paramLabel = "N", defaultValue = "2",
            description = "Spines, 0..64 (default: ${DEFAULT-VALUE}).")
    Integer spines;

    @Option(names = "--reboot-seconds", paramLabel = "S", defaultValue = "3",
            description = "How long a simulated reboot takes, 0.1..3600 (default: ${DEFAULT-VALUE}).")
    Double rebootSeconds;

    @Option(names = "--fault", paramLabel = "SWITCH=KIND", completionCandidates = FaultKinds.class,
            description = "Inject a fault (repeatable); KIND is one of ${COMPLETION-CANDIDATES}.")
    List<String> faults = new ArrayList<>();

    @Option(names = "--datacenter", paramLabel = "DC", description = "The lab's datacenter label (default: lab1).")
    String datacenter;

    @Option(names = "--from-version", paramLabel = "V",
            description = "The version the lab's switches run (default: 5.9.1, or AOS 7.3.1.748.R01).")
    String fromVersion;

    @Option(names = "--to-version", paramLabel = "V",
            description = "The version they are upgraded to (default: 5.10.0, or AOS 7.3.2.374.R01).")
    String toVersion;

    @Option(names = "--ssh-port", paramLabel = "P", description = "The lab switches' SSH port (default: 2222).")
    Integer sshPort;

    @Option(names = "--platform", paramLabel = "cumulus|aos",
            completionCandidates = RoundCommand.Platforms.class,
            description = "cumulus (default) or aos: every lab switch an OmniSwitch virtual chassis.")
    String platform;

    @Option(names = "--vc-members", paramLabel = "N", defaultValue = "2",
            description = "AOS: members per virtual chassis, 2..6 (default: ${DEFAULT-VALUE}).")
    Integer vcMembers;

    /** The fabric these flags describe, checked (bad values are a {@link UsageException}), not started. */
    Fabric.Builder builder(Path stateDir) {
        Fabric.Builder builder = Fabric.builder().racks(Flags.within("--racks", racks, 1, 500))
                .spines(Flags.within("--spines", spines, 0, 64)).alertmanager(true).stateDir(stateDir)
                .rebootTime(Duration.ofMillis((long) (Flags.within("--reboot-seconds", rebootSeconds, 0.1, 3600)
                        * 1000)));
        if (datacenter != null) {
            builder.datacenter(datacenter);
        }
        if (platform != null && !RoundCommand.Platforms.ALL.contains(platform)) {
            throw new UsageException("--platform must be cumulus or aos, was '" + platform + "'");
        }
        if ("aos".equals(platform)) {
            // every lab switch is an AOS virtual chassis, upgraded in service from the seed's release
            builder.cli("aos", AosLabCli.factory(Flags.within("--vc-members", vcMembers, 2, 6))).platform("aos").fromVersion("7.3.1.748.R01").toVersion("7.3.2.374.R01");
        }
        if (fromVersion != null) {
            builder.fromVersion(fromVersion);
        }
        if (toVersion != null) {
            builder.toVersion(toVersion);
        }
        if (sshPort != null) {
            builder.sshPort(Flags.within("--ssh-port", sshPort, 1, 65535));
        }
        for (String fault : faults) {
            int eq = fault.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--fault must be SWITCH=KIND, e.g. leaf-r1-p1-pod1=bgp-loss; was '" + fault
                        + "'");
            }
            try {
                builder.fault(fault.substring(0, eq), LabFault.parse(fault.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--fault " + fault + ": " + e.getMessage());
            }
        }
        try {
            builder.build().close();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return builder;
    }

    /** The lab's fault kinds, as the help and the shell completion list them. */
    static final class FaultKinds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(LabFault.values()).map(LabFault::kind).iterator();
        }
    }
}
