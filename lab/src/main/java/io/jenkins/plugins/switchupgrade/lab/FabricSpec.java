package io.jenkins.plugins.switchupgrade.lab;

import io.jenkins.plugins.switchupgrade.lab.ssh.LabCli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a fabric is shaped and behaves, fixed when {@link Fabric.Builder#build()} makes it: the builder can be changed
 * and built again without touching a fabric already built, and nothing writes into it afterwards. {@code clis} are the
 * switch CLIs by platform of this fabric alone, so two fabrics in one JVM keep their own chassis.
 */
public record FabricSpec(String datacenter, int pods, int racks, int spines, String platform, String fromVersion,
                         String toVersion, int leafBgpPeers, int leafLinks, int spineBgpPeers, int spineLinks,
                         int subnet, int switchesPerExporter, Duration shutdownTime, Duration slowRebootDelay,
                         Duration rebootTime, Duration convergeTime, boolean prometheus, boolean alertmanager,
                         boolean ssh, int sshPort, Duration scrapeInterval, Duration scrapedWithin, Path stateDir,
                         Map<String, Set<LabFault>> faults, Map<String, LabCli.Factory> clis) {
    public FabricSpec {
        Objects.requireNonNull(stateDir, "stateDir");
        faults = faults.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> Set.copyOf(e.getValue())));
        clis = Map.copyOf(clis);
    }

    /** The CLI factory of a platform in this fabric, if it has one. */
    public java.util.Optional<LabCli.Factory> cli(String platform) {
        return java.util.Optional.ofNullable(clis.get(platform));
    }
}
