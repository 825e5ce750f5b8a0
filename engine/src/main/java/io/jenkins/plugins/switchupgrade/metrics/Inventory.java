package io.jenkins.plugins.switchupgrade.metrics;

import io.jenkins.plugins.switchupgrade.fleet.Fleet;
import io.jenkins.plugins.switchupgrade.fleet.Role;

import java.util.List;
import java.util.Map;

/**
 * The inventory as candidate selection reads it: counts per label values, and the switches whose labels match.
 * {@link FleetReader} reads it from Prometheus; a test may serve a fixed fleet.
 */
public interface Inventory {
    /** The profile whose labels the counts and matches use. */
    MetricsProfile profile();

    /** The switches of {@code datacenter} with {@code role}, every version. */
    Fleet read(String datacenter, Role role);

    /** The switches of {@code datacenter} with {@code role} whose labels equal {@code labels}; may be empty. */
    Fleet readWhere(String datacenter, Role role, Map<String, String> labels);

    /** The inventory counted per combination of {@code byLabels} ("" for a label a switch lacks). */
    List<FleetReader.Count> countBy(String datacenter, Role role, List<String> byLabels);
}
