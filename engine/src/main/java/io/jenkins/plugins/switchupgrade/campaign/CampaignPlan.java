package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.fleet.Fleet;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import io.jenkins.plugins.switchupgrade.metrics.SnapshotReader;
import io.jenkins.plugins.switchupgrade.ports.Console;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import io.jenkins.plugins.switchupgrade.validation.MlagCheck;
import io.jenkins.plugins.switchupgrade.validation.SiblingCheck;
import io.jenkins.plugins.switchupgrade.validation.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A whole campaign for one data center, read-only: the waves in order (up to N racks of leaves together, never both
 * switches of a rack in one wave, an MLAG pair's secondary before its primary, spines one by one), the switches today's sibling check would skip and why, the
 * expected duration at the measured pace and at the seed's, and the maintenance windows it takes.
 */
public record CampaignPlan(String datacenter, String fromVersion, String toVersion, int parallelRacks,
                           List<Wave> waves, List<Skip> skipped, Duration measuredPace, String paceSource,
                           MaintenanceWindows windows, Schedule schedule, Instant plannedAt) {
    /** The seed's figure for one switch: 15 minutes of re-provisioning plus the validations before and after. */
    public static final Duration SEED_PACE = RoundOptions.SEED_PACE;
    /** The seed's fleet: 74 switches per data center, 3 data centers, 111 hours, about two weeks. */
    public static final int SEED_SWITCHES_PER_DATACENTER = 74;
    public static final int SEED_DATACENTERS = 3;

    /** Switches upgraded together: one per rack (leaves) or a single spine. */
    public record Wave(int number, Role role, List<String> switches) {
        public Wave {
            switches = List.copyOf(switches);
        }
    }

    /** A switch the sibling check would skip today, and why. */
    public record Skip(String name, String rack, List<String> reasons) {
        public Skip {
            reasons = List.copyOf(reasons);
        }
    }

    /** When the campaign would finish, and in how many maintenance windows (0 without windows). */
    public record Schedule(Instant finishesAt, int windowsNeeded, Duration pace) {
    }

    /** What to plan: scope, how many racks at once, the windows and the pace measured so far (null: none). */
    public record Request(String datacenter, List<Role> roles, String fromVersion, String toVersion, Integer position,
                          List<String> exclude, int parallelRacks, MaintenanceWindows windows, Duration measuredPace,
                          String paceSource) {
        public Request {
            if (datacenter == null || datacenter.isBlank()) {
                throw new IllegalArgumentException("datacenter is required");
            }
            if ((fromVersion == null || fromVersion.isBlank()) && (toVersion == null || toVersion.isBlank())) {
                throw new IllegalArgumentException("a campaign needs the version to upgrade from or the one to "
                        + "upgrade to, to know which switches remain");
            }
            if (parallelRacks < 1 || parallelRacks > 64) {
                throw new IllegalArgumentException("parallelRacks must be within 1..64, was " + parallelRacks);
            }
            roles = roles == null || roles.isEmpty() ? List.of(Role.LEAF, Role.SPINE) : List.copyOf(roles);
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
            windows = windows == null ? MaintenanceWindows.always() : windows;
        }
    }

    public CampaignPlan {
        waves = List.copyOf(waves);
        skipped = List.copyOf(skipped);
    }

    /** Reads the fleet and today's metrics from Prometheus and plans; nothing is sent to any switch. */
    public static CampaignPlan plan(StepContext context, Request request) {
        List<Wave> waves = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        for (Role role : request.roles()) {
            Fleet fleet = context.fleetReader().read(request.datacenter(), role);
            List<Switch> remaining = fleet.switches().stream().filter(s -> remains(s, request)).toList();
            if (remaining.isEmpty()) {
                continue;
            }
            MlagCheck mlag = new MlagCheck(context.prometheus(), context.profile().mlag(), Console.silent());
            SnapshotReader.Reading reading = context.snapshotReader().readAt(fleet.switches().stream()
                    .map(Switch::name).toList(), Map.of("mlag", mlag.factsQuery()));
            Map<String, Snapshot> snapshots = reading.snapshots();
            SiblingCheck check = new SiblingCheck(context.profile(), Console.silent());
            List<Switch> planned = new ArrayList<>();
            for (Switch s : remaining) {
                List<Snapshot> siblings = fleet.siblingsOf(s).stream().map(o -> snapshots.get(o.name())).toList();
                Verdict verdict = mlag.apply(check.check(snapshots.get(s.name()), siblings), reading.also().get("mlag"));
                if (verdict.passed()) {
                    planned.add(s);
                } else {
                    skipped.add(new Skip(s.name(), s.rack(), verdict.reasons()));
                }
            }
            // MLAG peers: the secondary before the primary of its rack, so that the roles stay
            Map<String, String> roles = role == Role.LEAF && !planned.isEmpty()
                    ? mlag.roles(planned.stream().map(Switch::name).toList()) : Map.of();
            waves.addAll(waves(role, planned, request.parallelRacks(), waves.size(), roles));
        }
        Schedule schedule = schedule(waves.size(), request.windows(), request.measuredPace() != null
                ? request.measuredPace() : SEED_PACE, context.clock().instant());
        return new CampaignPlan(request.datacenter(), request.fromVersion(), request.toVersion(),
                request.parallelRacks(), waves, skipped, request.measuredPace(), request.paceSource(),
                request.windows(), schedule, context.clock().instant());
    }

    private static boolean remains(Switch s, Request request) {
        if (request.exclude().contains(s.name())) {
            return false;
        }
        if (request.position() != null && s.role() == Role.LEAF && s.position() != request.position()) {
            return false;
        }
        if (request.fromVersion() != null && !request.fromVersion().isBlank()) {
            return request.fromVersion().equals(s.version());
        }
        return !request.toVersion().equals(s.version());
    }

    /**
     * Leaves: the first switches of up to N racks together, then their second switches, so that no wave holds both
     * switches of a rack; spines one per wave.
     */
    static List<Wave> waves(Role role, List<Switch> planned, int parallelRacks, int before) {
        return waves(role, planned, parallelRacks, before, Map.of());
    }

    /** As {@link #waves(Role, List, int, int)}, with a rack's MLAG secondary before its primary where roles are known. */
    static List<Wave> waves(Role role, List<Switch> planned, int parallelRacks, int before, Map<String, String> roles) {
        List<Wave> waves = new ArrayList<>();
        if (role == Role.SPINE) {
            for (Switch s : planned) {
                waves.add(new Wave(before + waves.size() + 1, role, List.of(s.name())));
            }
            return waves;
        }
        // rack -> its planned switches by position; a round of waves takes the next switch of each rack
        Map<String, List<Switch>> byRack = new TreeMap<>(CampaignPlan::naturalOrder);
        for (Switch s : planned) {
            byRack.computeIfAbsent(s.rack(), r -> new ArrayList<>()).add(s);
        }
        byRack.values().forEach(l -> l.sort(MlagOrder.secondaryFirst(roles)));
        for (int turn = 0; ; turn++) {
            List<String> names = new ArrayList<>();
            for (List<Switch> rack : byRack.values()) {
                if (rack.size() > turn) {
                    names.add(rack.get(turn).name());
                }
            }
            if (names.isEmpty()) {
                return waves;
            }
            for (int i = 0; i < names.size(); i += parallelRacks) {
                waves.add(new Wave(before + waves.size() + 1, role,
                        names.subList(i, Math.min(names.size(), i + parallelRacks))));
            }
        }
    }

    /** Racks named with numbers ({@code r2} before {@code r10}) in numeric order. */
    private static int naturalOrder(String a, String b) {
        String da = a.replaceAll("\\D", "");
        String db = b.replaceAll("\\D", "");
        if (!da.isEmpty() && !db.isEmpty() && !da.equals(db) && da.length() < 10 && db.length() < 10) {
            return Integer.compare(Integer.parseInt(da), Integer.parseInt(db));
        }
        return a.compareTo(b);
    }

    /**
     * Places the waves one after another from {@code from}, each only where its whole duration fits inside an open
     * window, and counts the windows used.
     */
    static Schedule schedule(int waves, MaintenanceWindows windows, Duration pace, Instant from) {
        Instant at = from;
        int used = 0;
        Instant usedClose = null;
        for (int wave = 0; wave < waves; wave++) {
            for (int attempt = 0; ; attempt++) {
                if (attempt > 1000) {
                    throw new IllegalArgumentException("a wave takes " + HtmlPage.duration(pace) + ", longer than "
                            + "any maintenance window (" + windows.describe() + "); the campaign never fits");
                }
                if (windows.isAlways()) {
                    break;
                }
                Optional<Instant> closes = windows.closesAt(at);
                if (closes.isPresent() && !at.plus(pace).isAfter(closes.get())) {
                    if (!closes.get().equals(usedClose)) {
                        used++;
                        usedClose = closes.get();
                    }
                    break;
                }
                at = windows.nextOpening(at).orElseThrow();
            }
            at = at.plus(pace);
        }
        return new Schedule(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), used, pace);
    }

    public int switchCount() {
        return waves.stream().mapToInt(w -> w.switches().size()).sum();
    }

    /** The campaign's working time: its waves one after another at {@code pace}. */
    public Duration durationAt(Duration pace) {
        return pace.multipliedBy(waves.size());
    }

    /** The seed's way for the same switches: one at a time, at the seed's pace. */
    public Duration seedWay() {
        return SEED_PACE.multipliedBy(switchCount() + skipped.size());
    }

    /** The plan as the JSON output and campaign.json carry it. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("datacenter", datacenter);
        map.put("fromVersion", fromVersion);
        map.put("toVersion", toVersion);
        map.put("plannedAt", plannedAt.toString());
        map.put("parallelRacks", parallelRacks);
        map.put("switches", switchCount());
        map.put("waves", waves.stream().map(w -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("wave", w.number());
            m.put("role", w.role().label());
            m.put("switches", w.switches());
            return m;
        }).toList());
        map.put("skipped", skipped.stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("rack", s.rack());
            m.put("reasons", s.reasons());
            return m;
        }).toList());
        Map<String, Object> duration = new LinkedHashMap<>();
        duration.put("measuredSecondsPerSwitch", measuredPace == null ? null : measuredPace.toMillis() / 1000.0);
        duration.put("paceSource", paceSource);
        duration.put("atMeasuredPaceSeconds", measuredPace == null ? null : durationAt(measuredPace).toSeconds());
        duration.put("seedSecondsPerSwitch", SEED_PACE.toSeconds());
        duration.put("atSeedPaceSeconds", durationAt(SEED_PACE).toSeconds());
        duration.put("seedWaySeconds", seedWay().toSeconds());
        map.put("duration", duration);
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("windows", windows.texts());
        window.put("windowsNeeded", schedule.windowsNeeded());
        window.put("finishesAt", schedule.finishesAt().toString());
        window.put("secondsPerWave", schedule.pace().toSeconds());
        map.put("schedule", window);
        Map<String, Object> seed = new LinkedHashMap<>();
        seed.put("switchesPerDatacenter", SEED_SWITCHES_PER_DATACENTER);
        seed.put("datacenters", SEED_DATACENTERS);
        seed.put("hoursPerDatacenter", SEED_PACE.multipliedBy(SEED_SWITCHES_PER_DATACENTER).toMinutes() / 60.0);
        seed.put("hoursInAll", SEED_PACE.multipliedBy((long) SEED_SWITCHES_PER_DATACENTER * SEED_DATACENTERS)
                .toMinutes() / 60.0);
        map.put("seed", seed);
        return map;
    }

    /** The lines the command line prints. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("Campaign for " + datacenter + ": " + switchCount() + " switch(es) in " + waves.size() + " wave(s), "
                + parallelRacks + " rack(s) at a time, spines one by one; " + skipped.size() + " skipped today");
        for (Wave w : waves) {
            lines.add("  wave " + w.number() + " (" + w.role().label() + "): " + String.join(" ", w.switches()));
        }
        for (Skip s : skipped) {
            lines.add("  skipped " + s.name() + ": " + String.join("; ", s.reasons()));
        }
        if (measuredPace != null) {
            lines.add("At the measured pace (" + HtmlPage.duration(measuredPace) + " per switch, " + paceSource + "): "
                    + HtmlPage.duration(durationAt(measuredPace)));
        } else {
            lines.add("No pace measured yet (" + paceSource + ")");
        }
        lines.add("At the seed's pace (" + HtmlPage.duration(SEED_PACE) + " per switch: 15 min re-provisioning plus "
                + "the validations): " + HtmlPage.duration(durationAt(SEED_PACE)) + "; the seed's way, one switch at "
                + "a time by hand: " + HtmlPage.duration(seedWay()));
        if (windows.isAlways()) {
            lines.add("No maintenance window: the waves run back to back, done " + schedule.finishesAt());
        } else {
            lines.add("Maintenance windows " + windows.describe() + ": " + schedule.windowsNeeded() + " window(s) at "
                    + HtmlPage.duration(schedule.pace()) + " per wave, done " + schedule.finishesAt());
        }
        return lines;
    }
}
