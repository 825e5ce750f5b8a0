package io.jenkins.plugins.switchupgrade.metrics;

/**
 * The PromQL of the MLAG (clagd) facts of a leaf pair, each selecting the switches with
 * {@code instance=~"${switches}"}, and the labels that carry the switch, the MLAG role and the orphan port; part of
 * the metrics profile (its {@code mlag} object).
 */
public record MlagQueries(String peerAlive, String backupActive, String role, String orphanPorts, String switchLabel,
                          String roleLabel, String portLabel) {
    public MlagQueries {
        for (String[] q : new String[][]{{"peerAlive", peerAlive}, {"backupActive", backupActive},
                {"role", role}, {"orphanPorts", orphanPorts}}) {
            if (q[1] == null || !q[1].contains("${switches}")) {
                throw new IllegalArgumentException("the MLAG query '" + q[0] + "' must select the switches with "
                        + "instance=~\"${switches}\"; it was: " + q[1]);
            }
            PromQl.requireQuotedPlaceholders("mlag." + q[0], q[1]);
        }
        for (String[] l : new String[][]{{"switchLabel", switchLabel}, {"roleLabel", roleLabel},
                {"portLabel", portLabel}}) {
            if (l[1] == null || !l[1].matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw new IllegalArgumentException("the MLAG label '" + l[0] + "' must be a Prometheus label name "
                        + "such as instance, was: " + l[1]);
            }
        }
    }

    /**
     * The default profile's: clagd's peer and backup state (1 = alive, active), its role as an info metric with a
     * {@code role} label, and one series per orphan port that carries traffic.
     */
    public static MlagQueries defaults() {
        return new MlagQueries("max by (instance) (fabric_switch_clag_peer_alive{instance=~\"${switches}\"})",
                "max by (instance) (fabric_switch_clag_backup_active{instance=~\"${switches}\"})",
                "fabric_switch_clag_role{instance=~\"${switches}\"} == 1",
                "fabric_switch_clag_orphan_port_active{instance=~\"${switches}\"} > 0",
                "instance", "role", "port");
    }

    /** These queries with a site's overrides (null: keep). */
    MlagQueries with(String peerAlive, String backupActive, String role, String orphanPorts, String switchLabel,
                     String roleLabel, String portLabel) {
        return new MlagQueries(peerAlive == null ? this.peerAlive : peerAlive,
                backupActive == null ? this.backupActive : backupActive, role == null ? this.role : role,
                orphanPorts == null ? this.orphanPorts : orphanPorts,
                switchLabel == null ? this.switchLabel : switchLabel, roleLabel == null ? this.roleLabel : roleLabel,
                portLabel == null ? this.portLabel : portLabel);
    }
}
