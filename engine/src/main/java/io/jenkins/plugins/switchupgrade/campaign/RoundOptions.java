package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.core.DrainSettings;

import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.SwitchNames;

import java.time.Duration;
import java.util.List;

/**
 * What a round upgrades and how: datacenter, role, from/to version, optional rack position, how many switches at
 * most (0 = all), how many racks at once (1 = the seed's serial way; spines are always one at a time), the random
 * seed, how long silences last, how long the post-validation waits for BGP and links to settle, the switches
 * the round must never touch ({@code exclude}), how many skipped candidates stop the round ({@code maxSkips}), the
 * maintenance windows it may start switches in and how long a switch is expected to take before one is measured
 * ({@code expectedPerSwitch}), whether each switch is drained before its disruption ({@code drain}), and whether its
 * configuration is saved before and proven restored after ({@code configCheck}).
 */
public record RoundOptions(String datacenter, Role role, String fromVersion, String toVersion, Integer position,
                           int maxSwitches, int parallelRacks, Long seed, Duration silenceFor, Duration settleWithin,
                           List<String> exclude, int maxSkips, MaintenanceWindows windows, Duration expectedPerSwitch,
                           DrainSettings drain, ConfigCheck configCheck) {
    /** How many candidates a round may skip before it stops and reports, unless told otherwise. */
    public static final int DEFAULT_MAX_SKIPS = 10;
    /** The seed's pace: 15 minutes of re-provisioning plus the validations before and after, about 30 minutes. */
    public static final Duration SEED_PACE = Duration.ofMinutes(30);

    /** Options without maintenance windows and without a drain. */
    public RoundOptions(String datacenter, Role role, String fromVersion, String toVersion, Integer position,
                        int maxSwitches, int parallelRacks, Long seed, Duration silenceFor, Duration settleWithin,
                        List<String> exclude, int maxSkips) {
        this(datacenter, role, fromVersion, toVersion, position, maxSwitches, parallelRacks, seed, silenceFor,
                settleWithin, exclude, maxSkips, MaintenanceWindows.always(), null, DrainSettings.off(),
                ConfigCheck.off());
    }

    /** Options that stop after {@link #DEFAULT_MAX_SKIPS} skipped candidates. */
    public RoundOptions(String datacenter, Role role, String fromVersion, String toVersion, Integer position,
                        int maxSwitches, int parallelRacks, Long seed, Duration silenceFor, Duration settleWithin,
                        List<String> exclude) {
        this(datacenter, role, fromVersion, toVersion, position, maxSwitches, parallelRacks, seed, silenceFor,
                settleWithin, exclude, DEFAULT_MAX_SKIPS);
    }

    /** Options that exclude no switch. */
    public RoundOptions(String datacenter, Role role, String fromVersion, String toVersion, Integer position,
                        int maxSwitches, int parallelRacks, Long seed, Duration silenceFor, Duration settleWithin) {
        this(datacenter, role, fromVersion, toVersion, position, maxSwitches, parallelRacks, seed, silenceFor,
                settleWithin, List.of());
    }

    public RoundOptions {
        if (datacenter == null || datacenter.isBlank()) {
            throw new IllegalArgumentException("datacenter is required");
        }
        SwitchNames.requireSafeDatacenter(datacenter);
        if (maxSkips < 1) {
            throw new IllegalArgumentException("maxSkips must be 1 or more (a round stops after that many skipped "
                    + "candidates), was " + maxSkips);
        }
        if (role == null) {
            throw new IllegalArgumentException("role is required: leaf or spine");
        }
        if (fromVersion == null || fromVersion.isBlank()) {
            throw new IllegalArgumentException("fromVersion is required");
        }
        if (toVersion == null || toVersion.isBlank()) {
            throw new IllegalArgumentException("toVersion is required");
        }
        if (fromVersion.equals(toVersion)) {
            throw new IllegalArgumentException("fromVersion and toVersion are both " + toVersion
                    + "; nothing would change");
        }
        if (maxSwitches < 0) {
            throw new IllegalArgumentException("maxSwitches must be 0 (all) or more, was " + maxSwitches);
        }
        if (parallelRacks < 1 || parallelRacks > 64) {
            throw new IllegalArgumentException("parallelRacks must be within 1..64, was " + parallelRacks);
        }
        if (position != null && position != 1 && position != 2) {
            throw new IllegalArgumentException("position must be 1 or 2, was " + position);
        }
        silenceFor = silenceFor == null ? Duration.ofMinutes(60) : silenceFor;
        settleWithin = settleWithin == null ? Duration.ofMinutes(5) : settleWithin;
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        windows = windows == null ? MaintenanceWindows.always() : windows;
        expectedPerSwitch = expectedPerSwitch == null ? SEED_PACE : expectedPerSwitch;
        if (expectedPerSwitch.isNegative() || expectedPerSwitch.isZero()) {
            throw new IllegalArgumentException("expectedPerSwitch must be positive, was " + expectedPerSwitch);
        }
        drain = drain == null ? DrainSettings.off() : drain;
        configCheck = configCheck == null ? ConfigCheck.off() : configCheck;
    }

    /** These options within other maintenance windows, a switch expected to take {@code expected} until measured. */
    public RoundOptions withWindows(MaintenanceWindows other, Duration expected) {
        return new RoundOptions(datacenter, role, fromVersion, toVersion, position, maxSwitches, parallelRacks, seed,
                silenceFor, settleWithin, exclude, maxSkips, other, expected, drain, configCheck);
    }

    /** These options with another drain setting. */
    public RoundOptions withDrain(DrainSettings other) {
        return new RoundOptions(datacenter, role, fromVersion, toVersion, position, maxSwitches, parallelRacks, seed,
                silenceFor, settleWithin, exclude, maxSkips, windows, expectedPerSwitch, other, configCheck);
    }

    /** These options with another configuration check. */
    public RoundOptions withConfigCheck(ConfigCheck other) {
        return new RoundOptions(datacenter, role, fromVersion, toVersion, position, maxSwitches, parallelRacks, seed,
                silenceFor, settleWithin, exclude, maxSkips, windows, expectedPerSwitch, drain, other);
    }

    /** Spines are upgraded one at a time whatever {@code parallelRacks} says. */
    public int effectiveParallelism() {
        return role == Role.SPINE ? 1 : parallelRacks;
    }
}
