package io.jenkins.plugins.switchupgrade.drivers.aos;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of {@code show virtual-chassis topology}: chassis id, role, status, chassis type (when the
 * table has such a column) and the chassis MAC address.
 *
 * @param roleText the role exactly as printed, for messages and unknown roles
 * @param status   the status as printed, e.g. {@code Running} or {@code Mismatch-Chassis-Group}
 * @param macAddress the chassis MAC in lower case, e.g. {@code e8:e7:32:0e:66:89}
 */
public record ChassisMember(int chassisId, ChassisRole role, String roleText, String status,
        Optional<String> chassisType, String macAddress) {

    public ChassisMember {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(roleText, "roleText");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(chassisType, "chassisType");
        Objects.requireNonNull(macAddress, "macAddress");
    }

    /**
     * True when the chassis status is {@code Running}, the only status in which it forwards traffic; AOS 8's
     * {@code Running+} (a chassis added after the last saved topology) is running too.
     */
    public boolean isRunning() {
        return "running".equalsIgnoreCase(baseStatus());
    }

    /** True for AOS 8's {@code +} suffix: the chassis joined after the topology was last saved. */
    public boolean addedSinceSavedTopology() {
        return status.endsWith("+");
    }

    private String baseStatus() {
        return status.endsWith("+") ? status.substring(0, status.length() - 1) : status;
    }

    public boolean isMaster() {
        return role == ChassisRole.MASTER;
    }

    public boolean isSlave() {
        return role == ChassisRole.SLAVE;
    }

    /** A short description for logs: {@code chassis 2 (Master, Running, e8:e7:32:0e:66:89)}. */
    public String describe() {
        return "chassis " + chassisId + " (" + roleText + ", " + status
                + chassisType.map(t -> ", " + t).orElse("") + ", " + macAddress + ")";
    }
}
