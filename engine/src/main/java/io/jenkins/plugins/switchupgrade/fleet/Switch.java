package io.jenkins.plugins.switchupgrade.fleet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One switch of the fleet as Prometheus describes it: its name, where it stands (datacenter, pod, rack,
 * position), its role, the OS version it runs and the address it is managed on.
 */
public final class Switch {
    private final String name;
    private final String datacenter;
    private final String pod;
    private final String rack;
    private final int position;
    private final Role role;
    private final String version;
    private final String address;
    private final String platform;

    private Switch(Builder b) {
        this.name = requireText(b.name, "name");
        this.datacenter = b.datacenter == null ? "" : b.datacenter;
        this.pod = b.pod == null ? "" : b.pod;
        this.rack = b.rack == null ? "" : b.rack;
        this.position = b.position;
        this.role = Objects.requireNonNull(b.role, "role");
        this.version = b.version == null ? "" : b.version;
        this.address = b.address == null || b.address.isBlank() ? b.name : b.address;
        this.platform = b.platform == null || b.platform.isBlank() ? "cumulus" : b.platform;
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a switch needs a " + what);
        }
        return value;
    }

    public static Builder builder(String name) {
        return new Builder().name(name);
    }

    public Builder toBuilder() {
        return new Builder().name(name).datacenter(datacenter).pod(pod).rack(rack).position(position).role(role)
                .version(version).address(address).platform(platform);
    }

    public String name() {
        return name;
    }

    public String datacenter() {
        return datacenter;
    }

    public String pod() {
        return pod;
    }

    /** The rack, empty for switches outside racks (spines). */
    public String rack() {
        return rack;
    }

    /** 1 or 2 for the first or second switch of a rack; 0 when not in a rack. */
    public int position() {
        return position;
    }

    public Role role() {
        return role;
    }

    public String version() {
        return version;
    }

    /** The management address (the name itself when Prometheus has no address for it). */
    public String address() {
        return address;
    }

    /** The driver platform: {@code cumulus}, {@code aos} or {@code cisco}. */
    public String platform() {
        return platform;
    }

    /** The switches that stand with this one: the other switches of its rack, or for spines the other spines of its pod. */
    public boolean isSiblingOf(Switch other) {
        if (other.name.equals(name) || other.role != role || !other.datacenter.equals(datacenter)
                || !other.pod.equals(pod)) {
            return false;
        }
        return role == Role.SPINE || (!rack.isEmpty() && rack.equals(other.rack));
    }

    /** A plain map for step results and artifacts. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("datacenter", datacenter);
        map.put("pod", pod);
        map.put("rack", rack);
        map.put("position", position);
        map.put("role", role.label());
        map.put("version", version);
        map.put("address", address);
        map.put("platform", platform);
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Switch other && other.toMap().equals(toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds a {@link Switch}; name and role are required. */
    public static final class Builder {
        private String name;
        private String datacenter;
        private String pod;
        private String rack;
        private int position;
        private Role role;
        private String version;
        private String address;
        private String platform;

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder datacenter(String datacenter) {
            this.datacenter = datacenter;
            return this;
        }

        public Builder pod(String pod) {
            this.pod = pod;
            return this;
        }

        public Builder rack(String rack) {
            this.rack = rack;
            return this;
        }

        public Builder position(int position) {
            this.position = position;
            return this;
        }

        public Builder role(Role role) {
            this.role = role;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder address(String address) {
            this.address = address;
            return this;
        }

        public Builder platform(String platform) {
            this.platform = platform;
            return this;
        }

        public Switch build() {
            return new Switch(this);
        }
    }
}
