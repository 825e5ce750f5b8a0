package io.jenkins.plugins.switchupgrade.metrics;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.jenkins.plugins.switchupgrade.fleet.SwitchNaming;

import java.util.ArrayList;
import java.util.List;

/**
 * The PromQL a site uses to list its switches and to measure them, with the labels that carry each fact. The
 * defaults are the seed's metrics: established BGP peers ({@code fabric_switch_bgp_peer_status == 0} counted),
 * links up ({@code fabric_switch_interface_link_status == 2} counted) and the global health
 * ({@code fabric_switch_health_global_status}, 0 = healthy); a site overrides any part of it in JSON.
 */
public final class MetricsProfile {
    /** The seed's three metrics, in the order the seed logs them. */
    public static final List<MetricDefinition> DEFAULT_METRICS = List.of(
            new MetricDefinition("bgp_peer_status",
                    "count by (instance) (fabric_switch_bgp_peer_status{instance=~\"${switches}\"} == 0)"
                            + " or count by (instance) (fabric_switch_bgp_peer_status{instance=~\"${switches}\"}) * 0",
                    SiblingRule.notMore(), DiffRule.equal()),
            new MetricDefinition("interface_link_status",
                    "count by (instance) (fabric_switch_interface_link_status{instance=~\"${switches}\"} == 2)"
                            + " or count by (instance) (fabric_switch_interface_link_status{instance=~\"${switches}\"}) * 0",
                    SiblingRule.notMore(), DiffRule.equal()),
            new MetricDefinition("health_global_status",
                    "max by (instance) (fabric_switch_health_global_status{instance=~\"${switches}\"})",
                    SiblingRule.healthy(0), DiffRule.equal()));

    private final String inventoryQuery;
    private final String locateQuery;
    private final String datacentersQuery;
    private final String versionQuery;
    private final String exporterUpQuery;
    private final String bootTimeQuery;
    private final String switchLabel;
    private final String datacenterLabel;
    private final String roleLabel;
    private final String versionLabel;
    private final String addressLabel;
    private final String platformLabel;
    private final String podLabel;
    private final String rackLabel;
    private final String positionLabel;
    private final List<MetricDefinition> metrics;
    private final SwitchNaming naming;
    private final int maxInventory;
    private final GateSettings gates;
    private final MlagQueries mlag;

    private MetricsProfile(Builder b) {
        this.inventoryQuery = checked("inventory", b.inventoryQuery);
        this.locateQuery = checked("locate", b.locateQuery);
        this.datacentersQuery = checked("datacenters", b.datacentersQuery);
        this.versionQuery = checked("version", b.versionQuery);
        this.exporterUpQuery = checked("exporterUp", b.exporterUpQuery);
        this.bootTimeQuery = checked("bootTime", b.bootTimeQuery);
        this.switchLabel = b.switchLabel;
        this.datacenterLabel = b.datacenterLabel;
        this.roleLabel = b.roleLabel;
        this.versionLabel = b.versionLabel;
        this.addressLabel = b.addressLabel;
        this.platformLabel = b.platformLabel;
        this.podLabel = b.podLabel;
        this.rackLabel = b.rackLabel;
        this.positionLabel = b.positionLabel;
        if (b.metrics.isEmpty()) {
            throw new IllegalArgumentException("a metrics profile needs at least one metric to compare");
        }
        List<String> names = new ArrayList<>();
        for (MetricDefinition metric : b.metrics) {
            if (names.contains(metric.name())) {
                throw new IllegalArgumentException("metric '" + metric.name() + "' is defined twice in the profile");
            }
            names.add(metric.name());
        }
        this.metrics = List.copyOf(b.metrics);
        this.naming = new SwitchNaming(b.namePatterns);
        if (b.maxInventory < 1) {
            throw new IllegalArgumentException("maxInventory must be 1 or more, was " + b.maxInventory);
        }
        this.maxInventory = b.maxInventory;
        this.gates = b.gates == null ? GateSettings.defaults() : b.gates;
        this.mlag = b.mlag == null ? MlagQueries.defaults() : b.mlag;
        if (!"datacenter".equals(datacenterLabel) && gates.usesDefaultDatacenterLabel()) {
            // the default gate queries would find nothing with another label, and an empty answer reads as "open"
            throw new IllegalArgumentException("the metrics profile names the data center label '" + datacenterLabel
                    + "', but its gates still select datacenter=\"${datacenter}\": they would find no switch and no "
                    + "alert, and open. Give gates.fleetQuery, gates.downQuery, gates.unhealthyQuery and "
                    + "gates.alertFilter with " + datacenterLabel + "=\"${datacenter}\"");
        }
    }

    private static String checked(String name, String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("the metrics profile needs a '" + name + "' query");
        }
        PromQl.requireQuotedPlaceholders(name, template);
        return template;
    }

    public static MetricsProfile defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a site's overrides from JSON, e.g. {@code {"maxInventory": 500, "metrics": [{"name": "bgp_peer_status",
     * "query": "...", "siblingRule": "not-more", "diffRule": "not-less"}]}}; what it leaves out keeps its default.
     */
    public static MetricsProfile fromJson(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("the metrics profile is empty; write {} for the defaults, or the "
                    + "overrides as a JSON object, e.g. {\"maxInventory\": 500}");
        }
        JsonElement tree;
        try {
            tree = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("the metrics profile is not valid JSON: " + gsonProblem(e)
                    + "; check the quotes, commas and braces there");
        }
        if (!tree.isJsonObject()) {
            throw new IllegalArgumentException("the metrics profile must be a JSON object {...}, not "
                    + (tree.isJsonNull() ? "null" : tree.isJsonArray() ? "an array" : "a single value") + "; write {} "
                    + "for the defaults");
        }
        requireKnownKeys("the metrics profile", tree.getAsJsonObject(), Overrides.class);
        JsonElement metricsTree = tree.getAsJsonObject().get("metrics");
        if (metricsTree != null && metricsTree.isJsonArray()) {
            int i = 0;
            for (JsonElement metric : metricsTree.getAsJsonArray()) {
                i++;
                if (metric.isJsonObject()) {
                    requireKnownKeys("metric #" + i + " of the metrics profile", metric.getAsJsonObject(),
                            MetricOverride.class);
                }
            }
        }
        JsonElement gatesTree = tree.getAsJsonObject().get("gates");
        if (gatesTree != null && gatesTree.isJsonObject()) {
            requireKnownKeys("the metrics profile's gates", gatesTree.getAsJsonObject(), GateOverrides.class);
        }
        JsonElement mlagTree = tree.getAsJsonObject().get("mlag");
        if (mlagTree != null && mlagTree.isJsonObject()) {
            requireKnownKeys("the metrics profile's mlag", mlagTree.getAsJsonObject(), MlagOverrides.class);
        }
        Overrides o;
        try {
            o = new Gson().fromJson(tree, Overrides.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("the metrics profile has a value of the wrong kind: " + gsonProblem(e)
                    + "; queries and labels are strings, maxInventory a number, metrics a list of objects");
        }
        Builder b = builder();
        if (o.inventoryQuery != null) b.inventoryQuery = o.inventoryQuery;
        if (o.locateQuery != null) b.locateQuery = o.locateQuery;
        if (o.datacentersQuery != null) b.datacentersQuery = o.datacentersQuery;
        if (o.versionQuery != null) b.versionQuery = o.versionQuery;
        if (o.exporterUpQuery != null) b.exporterUpQuery = o.exporterUpQuery;
        if (o.bootTimeQuery != null) b.bootTimeQuery = o.bootTimeQuery;
        if (o.switchLabel != null) b.switchLabel = o.switchLabel;
        if (o.datacenterLabel != null) b.datacenterLabel = o.datacenterLabel;
        if (o.roleLabel != null) b.roleLabel = o.roleLabel;
        if (o.versionLabel != null) b.versionLabel = o.versionLabel;
        if (o.addressLabel != null) b.addressLabel = o.addressLabel;
        if (o.platformLabel != null) b.platformLabel = o.platformLabel;
        if (o.podLabel != null) b.podLabel = o.podLabel;
        if (o.rackLabel != null) b.rackLabel = o.rackLabel;
        if (o.positionLabel != null) b.positionLabel = o.positionLabel;
        if (o.namePatterns != null) b.namePatterns = o.namePatterns;
        if (o.maxInventory != null) b.maxInventory = o.maxInventory;
        if (o.metrics != null) {
            List<MetricDefinition> metrics = new ArrayList<>();
            for (MetricOverride m : o.metrics) {
                if (m == null) {
                    throw new IllegalArgumentException("the metrics profile lists an empty metric (null); give each "
                            + "metric as {\"name\": ..., \"query\": ..., \"siblingRule\": ..., \"diffRule\": ...}");
                }
                metrics.add(new MetricDefinition(m.name, m.query,
                        m.siblingRule == null ? defaultSiblingRule(m.name) : SiblingRule.parse(m.siblingRule),
                        m.diffRule == null ? DiffRule.equal() : DiffRule.parse(m.diffRule)));
            }
            b.metrics = metrics;
        }
        if (o.mlag != null) {
            MlagOverrides m = o.mlag;
            b.mlag = MlagQueries.defaults().with(m.peerAliveQuery, m.backupActiveQuery, m.roleQuery,
                    m.orphanPortsQuery, m.switchLabel, m.roleLabel, m.portLabel);
        }
        if (o.gates != null) {
            GateOverrides g = o.gates;
            b.gates = new GateSettings(g.fleetHealth == null || g.fleetHealth,
                    g.foreignSilences == null || g.foreignSilences, g.alerts == null || g.alerts, g.fleetQuery,
                    g.downQuery, g.unhealthyQuery, g.alertFilter);
        }
        return b.build();
    }

    /** The rule of the seed's metric of that name, else {@code not-more}: a metric left without one is never ignored. */
    private static SiblingRule defaultSiblingRule(String name) {
        return DEFAULT_METRICS.stream().filter(m -> m.name().equals(name)).map(MetricDefinition::siblingRule)
                .findFirst().orElse(SiblingRule.notMore());
    }

    // a misspelt key would silently keep its default, so every key must be one the profile knows
    private static void requireKnownKeys(String where, JsonObject object, Class<?> form) {
        List<String> known = new ArrayList<>();
        for (java.lang.reflect.Field field : form.getDeclaredFields()) {
            if (!field.isSynthetic()) {
                known.add(field.getName());
            }
        }
        for (String key : object.keySet()) {
            if (!known.contains(key)) {
                String near = known.stream().filter(k -> k.equalsIgnoreCase(key) || distance(k.toLowerCase(),
                        key.toLowerCase()) <= 2).findFirst().map(k -> " (did you mean '" + k + "'?)").orElse("");
                throw new IllegalArgumentException(where + " has an unknown key '" + key + "'" + near + "; known keys: "
                        + String.join(", ", known));
            }
        }
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.length()];
    }

    // Gson's messages start with a Java class name and end with a link; a person needs the middle
    private static String gsonProblem(JsonParseException e) {
        Throwable cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? "unreadable" : cause.getMessage();
        message = message.replaceAll("([a-z][a-zA-Z0-9_]*\\.)+[A-Z][A-Za-z0-9_]*(Exception|Error):\\s*", "");
        message = message.replaceAll("\\s*See https?://\\S+", "");
        message = message.replaceAll("\\bjava\\.lang\\.|\\bcom\\.google\\.gson\\.[a-z.]*", "");
        return message.strip();
    }

    /** This profile as JSON, in the form {@link #fromJson} reads. */
    public String toJson() {
        Overrides o = new Overrides();
        o.inventoryQuery = inventoryQuery;
        o.locateQuery = locateQuery;
        o.datacentersQuery = datacentersQuery;
        o.versionQuery = versionQuery;
        o.exporterUpQuery = exporterUpQuery;
        o.bootTimeQuery = bootTimeQuery;
        o.switchLabel = switchLabel;
        o.datacenterLabel = datacenterLabel;
        o.roleLabel = roleLabel;
        o.versionLabel = versionLabel;
        o.addressLabel = addressLabel;
        o.platformLabel = platformLabel;
        o.podLabel = podLabel;
        o.rackLabel = rackLabel;
        o.positionLabel = positionLabel;
        o.namePatterns = naming.patterns();
        o.maxInventory = maxInventory;
        GateOverrides g = new GateOverrides();
        g.fleetHealth = gates.fleetHealth();
        g.foreignSilences = gates.foreignSilences();
        g.alerts = gates.alerts();
        g.fleetQuery = gates.fleetQuery();
        g.downQuery = gates.downQuery();
        g.unhealthyQuery = gates.unhealthyQuery();
        g.alertFilter = gates.alertFilter();
        o.gates = g;
        MlagOverrides ml = new MlagOverrides();
        ml.peerAliveQuery = mlag.peerAlive();
        ml.backupActiveQuery = mlag.backupActive();
        ml.roleQuery = mlag.role();
        ml.orphanPortsQuery = mlag.orphanPorts();
        ml.switchLabel = mlag.switchLabel();
        ml.roleLabel = mlag.roleLabel();
        ml.portLabel = mlag.portLabel();
        o.mlag = ml;
        o.metrics = new ArrayList<>();
        for (MetricDefinition metric : metrics) {
            MetricOverride m = new MetricOverride();
            m.name = metric.name();
            m.query = metric.query();
            m.siblingRule = metric.siblingRule().toString();
            m.diffRule = metric.diffRule().toString();
            o.metrics.add(m);
        }
        return new com.google.gson.GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o);
    }

    /** The switches of a datacenter and role, all versions: {@code ${datacenter}}, {@code ${role}}. */
    public String inventoryQuery() {
        return inventoryQuery;
    }

    /** One switch by name, to find its datacenter and role: {@code ${switch}}. */
    public String locateQuery() {
        return locateQuery;
    }

    /** One series per known datacenter, for the error on an unknown one. */
    public String datacentersQuery() {
        return datacentersQuery;
    }

    /** The OS version of the given switches: {@code ${switches}}. */
    public String versionQuery() {
        return versionQuery;
    }

    /** Prometheus' {@code up} of the given switches' exporters: {@code ${switches}}. */
    public String exporterUpQuery() {
        return exporterUpQuery;
    }

    /** {@code node_boot_time_seconds} of the given switches: {@code ${switches}}. */
    public String bootTimeQuery() {
        return bootTimeQuery;
    }

    public String switchLabel() {
        return switchLabel;
    }

    public String datacenterLabel() {
        return datacenterLabel;
    }

    public String roleLabel() {
        return roleLabel;
    }

    public String versionLabel() {
        return versionLabel;
    }

    public String addressLabel() {
        return addressLabel;
    }

    public String platformLabel() {
        return platformLabel;
    }

    public String podLabel() {
        return podLabel;
    }

    public String rackLabel() {
        return rackLabel;
    }

    public String positionLabel() {
        return positionLabel;
    }

    public List<MetricDefinition> metrics() {
        return metrics;
    }

    public SwitchNaming naming() {
        return naming;
    }

    /** The largest inventory a query may return before it is refused as too wide. */
    public int maxInventory() {
        return maxInventory;
    }

    /**
     * A host's gate fields (the plugin's global configuration) applied to a profile's JSON ({@code null} for the
     * defaults): a gate is switched off only by its field, and {@code alertFilterLines} (one Alertmanager matcher a
     * line, blank for the profile's filter) replaces the filter. Returns the JSON unchanged when no field is set.
     */
    public static String withGateFields(String profileJson, boolean fleetHealthOff, boolean foreignSilencesOff,
                                        boolean alertsOff, String alertFilterLines) {
        List<String> filter = alertFilterLines == null ? List.of() : alertFilterLines.lines().map(String::strip)
                .filter(line -> !line.isEmpty()).toList();
        if (!fleetHealthOff && !foreignSilencesOff && !alertsOff && filter.isEmpty()) {
            return profileJson;
        }
        MetricsProfile profile = profileJson == null ? defaults() : fromJson(profileJson);
        GateSettings g = profile.gates();
        GateSettings gates = new GateSettings(g.fleetHealth() && !fleetHealthOff,
                g.foreignSilences() && !foreignSilencesOff, g.alerts() && !alertsOff, g.fleetQuery(), g.downQuery(),
                g.unhealthyQuery(), filter.isEmpty() ? g.alertFilter() : filter);
        return profile.toBuilder().gates(gates).build().toJson();
    }

    /** The live gates checked at round start and right before each disruptive command. */
    public GateSettings gates() {
        return gates;
    }

    /** The MLAG (clagd) facts of leaf pairs: peer, backup link, role, orphan ports. */
    public MlagQueries mlag() {
        return mlag;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.inventoryQuery = inventoryQuery;
        b.locateQuery = locateQuery;
        b.datacentersQuery = datacentersQuery;
        b.versionQuery = versionQuery;
        b.exporterUpQuery = exporterUpQuery;
        b.bootTimeQuery = bootTimeQuery;
        b.switchLabel = switchLabel;
        b.datacenterLabel = datacenterLabel;
        b.roleLabel = roleLabel;
        b.versionLabel = versionLabel;
        b.addressLabel = addressLabel;
        b.platformLabel = platformLabel;
        b.podLabel = podLabel;
        b.rackLabel = rackLabel;
        b.positionLabel = positionLabel;
        b.metrics = new ArrayList<>(metrics);
        b.namePatterns = naming.patterns();
        b.maxInventory = maxInventory;
        b.gates = gates;
        b.mlag = mlag;
        return b;
    }

    /** Builds a {@link MetricsProfile}; every field starts at the seed's default. */
    public static final class Builder {
        private String inventoryQuery = "fabric_switch_os_info{datacenter=\"${datacenter}\",role=\"${role}\"}";
        private String locateQuery = "fabric_switch_os_info{instance=\"${switch}\"}";
        private String datacentersQuery = "count by (datacenter) (fabric_switch_os_info)";
        private String versionQuery = "fabric_switch_os_info{instance=~\"${switches}\"}";
        private String exporterUpQuery = "up{instance=~\"${switches}\"}";
        private String bootTimeQuery = "node_boot_time_seconds{instance=~\"${switches}\"}";
        private String switchLabel = "instance";
        private String datacenterLabel = "datacenter";
        private String roleLabel = "role";
        private String versionLabel = "version";
        private String addressLabel = "address";
        private String platformLabel = "platform";
        private String podLabel = "pod";
        private String rackLabel = "rack";
        private String positionLabel = "position";
        private List<MetricDefinition> metrics = new ArrayList<>(DEFAULT_METRICS);
        private List<String> namePatterns = SwitchNaming.DEFAULT_PATTERNS;
        private int maxInventory = 5000;
        private GateSettings gates = GateSettings.defaults();
        private MlagQueries mlag = MlagQueries.defaults();

        /** The MLAG facts; {@link MlagQueries#defaults()} unless a site changes them. */
        public Builder mlag(MlagQueries mlag) {
            this.mlag = mlag;
            return this;
        }

        /** The live gates; {@link GateSettings#defaults()} unless a site changes them. */
        public Builder gates(GateSettings gates) {
            this.gates = gates;
            return this;
        }

        public Builder inventoryQuery(String query) {
            this.inventoryQuery = query;
            return this;
        }

        public Builder versionQuery(String query) {
            this.versionQuery = query;
            return this;
        }

        public Builder metrics(List<MetricDefinition> metrics) {
            this.metrics = new ArrayList<>(metrics);
            return this;
        }

        public Builder namePatterns(List<String> patterns) {
            this.namePatterns = List.copyOf(patterns);
            return this;
        }

        public Builder maxInventory(int maxInventory) {
            this.maxInventory = maxInventory;
            return this;
        }

        public MetricsProfile build() {
            return new MetricsProfile(this);
        }
    }

    private static final class Overrides {
        String inventoryQuery;
        String locateQuery;
        String datacentersQuery;
        String versionQuery;
        String exporterUpQuery;
        String bootTimeQuery;
        String switchLabel;
        String datacenterLabel;
        String roleLabel;
        String versionLabel;
        String addressLabel;
        String platformLabel;
        String podLabel;
        String rackLabel;
        String positionLabel;
        List<String> namePatterns;
        Integer maxInventory;
        List<MetricOverride> metrics;
        GateOverrides gates;
        MlagOverrides mlag;
    }

    private static final class MlagOverrides {
        String peerAliveQuery;
        String backupActiveQuery;
        String roleQuery;
        String orphanPortsQuery;
        String switchLabel;
        String roleLabel;
        String portLabel;
    }

    private static final class GateOverrides {
        Boolean fleetHealth;
        Boolean foreignSilences;
        Boolean alerts;
        String fleetQuery;
        String downQuery;
        String unhealthyQuery;
        List<String> alertFilter;
    }

    private static final class MetricOverride {
        String name;
        String query;
        String siblingRule;
        String diffRule;
    }
}
