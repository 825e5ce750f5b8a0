package io.jenkins.plugins.switchupgrade.selection;

import io.jenkins.plugins.switchupgrade.fleet.Role;

import java.util.List;

/**
 * What to pick from: switches of a datacenter and role running the from-version, optionally only the first or
 * second switch of each rack, never one of {@code exclude}; {@code seed} makes the random choice repeatable.
 */
public record PickRequest(String datacenter, Role role, String fromVersion, Integer position, List<String> exclude,
                          Long seed) {
    public PickRequest {
        if (datacenter == null || datacenter.isBlank()) {
            throw new IllegalArgumentException("datacenter is required, e.g. datacenter: 'dc1'");
        }
        if (role == null) {
            throw new IllegalArgumentException("role is required: 'leaf' or 'spine'");
        }
        if (fromVersion == null || fromVersion.isBlank()) {
            throw new IllegalArgumentException("fromVersion is required: the OS version to upgrade from, e.g. '5.9.1'");
        }
        if (position != null && position != 1 && position != 2) {
            throw new IllegalArgumentException("position must be 1 or 2 (the first or second switch of the rack), was "
                    + position);
        }
        datacenter = datacenter.trim();
        fromVersion = fromVersion.trim();
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }
}
