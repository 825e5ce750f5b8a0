package io.jenkins.plugins.switchupgrade.metrics;

import io.jenkins.plugins.switchupgrade.fleet.Fleet;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.fleet.SwitchNaming;
import io.jenkins.plugins.switchupgrade.fleet.SwitchNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Lists the switches of a datacenter and role from Prometheus with one request. Place in the fabric comes from
 * labels where Prometheus has them, else from the switch name; an answer larger than the profile's bound is
 * refused, an empty one means an unknown datacenter (said with the known ones).
 */
public final class FleetReader implements Inventory {
    private final InstantQueries prometheus;
    private final MetricsProfile profile;

    public FleetReader(InstantQueries prometheus, MetricsProfile profile) {
        this.prometheus = prometheus;
        this.profile = profile;
    }

    @Override
    public MetricsProfile profile() {
        return profile;
    }

    /** The switches of {@code datacenter} with {@code role}, every version. */
    @Override
    public Fleet read(String datacenter, Role role) {
        return read(datacenter, role, inventory(datacenter, role));
    }

    /**
     * The switches of {@code datacenter} with {@code role} whose labels equal {@code labels} (e.g. the version
     * label and a from-version), filtered by Prometheus so that only those rows are sent; every row still passes
     * the inventory's checks. An empty answer is an empty fleet, not an unknown data center.
     */
    @Override
    public Fleet readWhere(String datacenter, Role role, Map<String, String> labels) {
        return read(datacenter, role, filtered(inventory(datacenter, role), labels), false);
    }

    /** How many series of an inventory carry one combination of label values ("" for a label a row lacks). */
    public record Count(Map<String, String> labels, long series) {
        public String label(String name) {
            return labels.getOrDefault(name, "");
        }
    }

    /**
     * The inventory of {@code datacenter} and {@code role} counted by Prometheus per combination of
     * {@code byLabels} (e.g. pod and version): one request, one pass over the inventory's series, a few rows back.
     */
    @Override
    public List<Count> countBy(String datacenter, Role role, List<String> byLabels) {
        for (String label : byLabels) {
            if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw new IllegalArgumentException("'" + label + "' is not a Prometheus label name");
            }
        }
        List<Count> counts = new ArrayList<>();
        for (Sample sample : prometheus.query("count by (" + String.join(", ", byLabels) + ") ("
                + inventory(datacenter, role) + ")")) {
            Map<String, String> labels = new java.util.LinkedHashMap<>();
            byLabels.forEach(l -> labels.put(l, sample.label(l)));
            counts.add(new Count(Map.copyOf(labels), (long) sample.value()));
        }
        return counts;
    }

    /** How many series the inventory of {@code datacenter} and {@code role} has, counted by Prometheus. */
    public long count(String datacenter, Role role) {
        List<Sample> samples = prometheus.query("count(" + inventory(datacenter, role) + ")");
        return samples.isEmpty() ? 0 : (long) samples.get(0).value();
    }

    /**
     * The inventory with labels equal to values: as matchers of its selector when it is a plain one (Prometheus
     * then reads only those series), else by matching against a one-series vector carrying them.
     */
    private static String filtered(String inventory, Map<String, String> labels) {
        return PromQl.withMatchers(inventory, labels).orElseGet(() -> "(" + inventory + ") and on("
                + String.join(", ", labels.keySet()) + ") " + PromQl.labelled("vector(1)", labels));
    }

    private String inventory(String datacenter, Role role) {
        return PromQl.fill(profile.inventoryQuery(), Map.of("datacenter", datacenter, "role", role.label()));
    }

    /** The query {@link #read(String, Role)} sends, for a caller that asks it within a {@link QueryBatch}. */
    public String inventoryQuery(String datacenter, Role role) {
        return inventory(datacenter, role);
    }

    /**
     * The fleet from the answer of {@link #inventoryQuery(String, Role)}, read by the caller, with every check of
     * {@link #read(String, Role)}.
     */
    public Fleet fleetOf(String datacenter, Role role, List<Sample> rows) {
        return fleetOf(datacenter, role, inventory(datacenter, role), rows, true);
    }

    private Fleet read(String datacenter, Role role, String query) {
        return read(datacenter, role, query, true);
    }

    private Fleet read(String datacenter, Role role, String query, boolean emptyMeansUnknown) {
        return fleetOf(datacenter, role, query, prometheus.query(query), emptyMeansUnknown);
    }

    private Fleet fleetOf(String datacenter, Role role, String query, List<Sample> samples, boolean emptyMeansUnknown) {
        if (samples.size() > profile.maxInventory()) {
            throw new InventoryTooLargeException("the inventory query returned " + samples.size() + " series, more than the "
                    + "bound of " + profile.maxInventory() + " switches; refusing it as too wide (query: " + query
                    + "). Narrow the query, or raise maxInventory in the metrics profile if the fleet is really that large");
        }
        List<Switch> switches = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Sample sample : samples) {
            String name = sample.label(profile.switchLabel());
            refuseForeignRow(sample, datacenter, query);
            if (!name.isEmpty() && !seen.add(name)) {
                throw new InventoryRefusedException("the inventory query returned two series for switch " + name
                        + " (query: " + query + "); one switch must be one row, or its version, address and place are "
                        + "ambiguous. Nothing was touched; fix the query or the exporter so that each switch has one "
                        + "series");
            }
            toSwitch(sample, datacenter).filter(s -> s.role() == role).ifPresent(switches::add);
        }
        if (switches.isEmpty() && emptyMeansUnknown) {
            TreeSet<String> known = knownDatacenters();
            if (!known.contains(datacenter)) {
                throw new UnknownDatacenterException("Prometheus at " + prometheus.url() + " knows no datacenter '"
                        + datacenter + "'" + (known.isEmpty() ? " (it lists no switches at all; is the inventory metric "
                        + "scraped?)" : "; known datacenters: " + String.join(", ", known)));
            }
        }
        return new Fleet(switches);
    }

    /** Finds one switch by name, for steps given only a switch name; empty when Prometheus does not know it. */
    public Optional<Switch> locate(String name) {
        List<Sample> samples = prometheus.query(PromQl.fill(profile.locateQuery(), Map.of("switch", name)));
        for (Sample sample : samples) {
            SwitchNames.problem(sample.label(profile.switchLabel())).ifPresent(problem -> {
                throw new InventoryRefusedException("Prometheus at " + prometheus.url() + " lists a switch that cannot "
                        + "be used: " + problem + ". Nothing was touched; fix the exporter's " + profile.switchLabel()
                        + " label of that switch");
            });
            Optional<Switch> found = toSwitch(sample, sample.label(profile.datacenterLabel()));
            if (found.isPresent() && found.get().name().equals(name)) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * Refuses a row that names another data center, or none, so that a query that forgot its data center matcher
     * never brings another data center's switches into a round.
     */
    private void refuseForeignRow(Sample sample, String datacenter, String query) {
        String name = sample.label(profile.switchLabel());
        SwitchNames.problem(name).ifPresent(problem -> {
            throw new InventoryRefusedException("Prometheus at " + prometheus.url() + " lists a switch that cannot be "
                    + "used: " + problem + ". Nothing was touched; fix the exporter's " + profile.switchLabel()
                    + " label of that switch");
        });
        String rowDatacenter = sample.label(profile.datacenterLabel());
        if (!datacenter.equals(rowDatacenter)) {
            throw new InventoryRefusedException("the inventory query for data center " + datacenter + " returned "
                    + name + (rowDatacenter.isEmpty() ? " without a " + profile.datacenterLabel() + " label"
                    : " of data center " + rowDatacenter) + " (query: " + query + "); a round never reaches beyond its "
                    + "data center. Nothing was touched; select the data center in the inventory query, e.g. "
                    + profile.datacenterLabel() + "=\"${datacenter}\"");
        }
    }

    private TreeSet<String> knownDatacenters() {
        TreeSet<String> known = new TreeSet<>();
        for (Sample sample : prometheus.query(profile.datacentersQuery())) {
            String dc = sample.label(profile.datacenterLabel());
            if (!dc.isEmpty()) {
                known.add(dc);
            }
        }
        return known;
    }

    private Optional<Switch> toSwitch(Sample sample, String datacenter) {
        String name = sample.label(profile.switchLabel());
        if (name.isEmpty()) {
            return Optional.empty();
        }
        // the name is parsed only for a place the labels do not give: a regex per row was half of what reading a
        // labelled inventory allocated
        Place place = new Place(name);
        String roleText = first(sample.label(profile.roleLabel()), () -> place.parts().map(SwitchNaming.Parts::role));
        Role role;
        try {
            role = Role.parse(roleText);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String positionLabel = sample.label(profile.positionLabel());
        int position = positionLabel.isEmpty() ? place.parts().map(SwitchNaming.Parts::position).orElse(0)
                : SwitchNaming.position(positionLabel);
        return Optional.of(Switch.builder(name)
                .datacenter(first(sample.label(profile.datacenterLabel()), datacenter))
                .role(role)
                .pod(first(sample.label(profile.podLabel()), () -> place.parts().map(SwitchNaming.Parts::pod)))
                .rack(blankZero(first(sample.label(profile.rackLabel()),
                        () -> place.parts().map(SwitchNaming.Parts::rack))))
                .position(position)
                .version(sample.label(profile.versionLabel()))
                .address(sample.label(profile.addressLabel()))
                .platform(sample.label(profile.platformLabel()))
                .build());
    }

    /** A switch name's place in the fabric, parsed once and only when asked. */
    private final class Place {
        private final String name;
        private Optional<SwitchNaming.Parts> parts;

        Place(String name) {
            this.name = name;
        }

        Optional<SwitchNaming.Parts> parts() {
            if (parts == null) {
                parts = profile.naming().parse(name);
            }
            return parts;
        }
    }

    private static String first(String label, java.util.function.Supplier<Optional<String>> derived) {
        return label.isEmpty() ? derived.get().orElse("") : label;
    }

    private static String first(String label, String derived) {
        return label.isEmpty() ? derived : label;
    }

    private static String blankZero(String rack) {
        return "0".equals(rack) ? "" : rack;
    }
}
