package io.jenkins.plugins.switchupgrade.gates;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.alerts.AlertmanagerException;
import io.jenkins.plugins.switchupgrade.alerts.FiringAlert;
import io.jenkins.plugins.switchupgrade.alerts.ListedSilence;
import io.jenkins.plugins.switchupgrade.alerts.Silence;
import io.jenkins.plugins.switchupgrade.fleet.Fleet;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.fleet.SwitchNames;
import io.jenkins.plugins.switchupgrade.metrics.FleetReader;
import io.jenkins.plugins.switchupgrade.metrics.GateSettings;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.metrics.PromQl;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusException;
import io.jenkins.plugins.switchupgrade.metrics.Sample;
import io.jenkins.plugins.switchupgrade.metrics.QueryBatch;
import io.jenkins.plugins.switchupgrade.ports.Console;
import io.jenkins.plugins.switchupgrade.text.ProblemText;
import io.jenkins.plugins.switchupgrade.validation.RackValidation;
import io.jenkins.plugins.switchupgrade.validation.Verdict;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the live gates from Prometheus and Alertmanager at the moment they are asked: at round start, and right
 * before each disruptive command, where the candidate and its sibling are also read and judged again. Anything that
 * cannot be read closes the gates (fail closed): nothing may be sent on a verdict that is not fresh.
 */
public final class LiveGates {
    private static final Pattern DATACENTER = Pattern.compile("\\$\\{datacenter}");
    private static final String FLEET = "fleet";
    private static final String DOWN = "down";
    private static final String UNHEALTHY = "unhealthy";
    private static final String INVENTORY = "inventory";

    private final PrometheusClient prometheus;
    private final MetricsProfile profile;
    private final GateSettings settings;
    private final AlertSilencer silencer;
    private final Console console;
    private final Clock clock;

    /** Gates read through {@code prometheus} and {@code silencer} ({@code null}: no Alertmanager is configured). */
    public LiveGates(PrometheusClient prometheus, MetricsProfile profile, AlertSilencer silencer, Console console,
                     Clock clock) {
        this.prometheus = prometheus;
        this.profile = profile;
        this.settings = profile.gates();
        this.silencer = silencer;
        this.console = console;
        this.clock = clock;
    }

    /** The gates of a data center before a round elects anything: every switch and every silence of this tool counts. */
    public GateVerdict atRoundStart(String datacenter) {
        return read(datacenter, null, null, Set.of());
    }

    /**
     * The gates right before {@code target}'s disruptive command: its own silence ({@code ownSilence}, may be a
     * disabled one) and the switches this round has in flight besides it ({@code alongside}, parallel racks) do not
     * count against it; the candidate and its sibling are read and judged again.
     */
    public GateVerdict beforeCommand(Switch target, Silence ownSilence, Set<String> alongside) {
        return read(target.datacenter(), target, ownSilence, alongside);
    }

    private GateVerdict read(String datacenter, Switch target, Silence ownSilence, Set<String> alongside) {
        List<Gate> checked = new ArrayList<>();
        List<GateRefusal> refusals = new ArrayList<>();
        String name = target == null ? "" : target.name();
        Set<String> ignored = new LinkedHashSet<>(alongside);
        ignored.remove(name);
        if (datacenter == null || datacenter.isBlank()) {
            refusals.add(new GateRefusal(Gate.READABLE, List.of(name), "the data center of " + name + " is not known, "
                    + "so its gates cannot be read; nothing is sent without them: check the inventory's "
                    + profile.datacenterLabel() + " label"));
            return verdict(datacenter, name, checked, refusals);
        }
        try {
            // one request for the fleet, its down and unhealthy switches and the target's inventory: batched, each
            // part still read live at this moment, none skipped
            boolean needFleet = settings.fleetHealth() || settings.foreignSilences();
            QueryBatch batch = new QueryBatch();
            if (needFleet) {
                batch.add(FLEET, fill(settings.fleetQuery(), datacenter));
            }
            if (settings.fleetHealth()) {
                batch.add(DOWN, fill(settings.downQuery(), datacenter));
                batch.add(UNHEALTHY, fill(settings.unhealthyQuery(), datacenter));
            }
            if (target != null) {
                batch.add(INVENTORY, new FleetReader(prometheus, profile).inventoryQuery(target.datacenter(), target.role()));
            }
            Map<String, List<Sample>> answers = batch.run(prometheus);
            // read once per verdict: the silence gate below needs the same list
            List<String> fleet = needFleet
                    ? switchesOf(datacenter, settings.fleetQuery(), answers.get(FLEET), Set.of()) : List.of();
            if (needFleet && fleet.isEmpty()) {
                // gate queries that match nothing would read as "all healthy": that is not an answer, it is a blind spot
                refusals.add(new GateRefusal(Gate.READABLE, List.of(), "the gates' fleet query finds no switch of "
                        + datacenter + " (" + PromQl.fill(settings.fleetQuery(), Map.of("datacenter", datacenter))
                        + "), so the other gate queries cannot be trusted either: set gates.fleetQuery, downQuery and "
                        + "unhealthyQuery in the metrics profile to this site's labels"));
                return verdict(datacenter, name, checked, refusals);
            }
            if (settings.fleetHealth()) {
                checked.add(Gate.FLEET_DOWN);
                List<String> down = switchesOf(datacenter, settings.downQuery(), answers.get(DOWN), ignored);
                if (!down.isEmpty()) {
                    refusals.add(new GateRefusal(Gate.FLEET_DOWN, down, plural(down, "switch") + " of " + datacenter
                            + " " + (down.size() == 1 ? "is" : "are") + " down (up == 0): " + String.join(", ", down)
                            + "; nothing is disrupted while any switch of the data center is down: bring "
                            + (down.size() == 1 ? "it" : "them") + " back (or take " + (down.size() == 1 ? "it" : "them")
                            + " out of Prometheus' targets) and run again"));
                }
                checked.add(Gate.FLEET_UNHEALTHY);
                List<String> unhealthy = switchesOf(datacenter, settings.unhealthyQuery(), answers.get(UNHEALTHY),
                        ignored);
                if (!unhealthy.isEmpty()) {
                    refusals.add(new GateRefusal(Gate.FLEET_UNHEALTHY, unhealthy, plural(unhealthy, "switch") + " of "
                            + datacenter + " report" + (unhealthy.size() == 1 ? "s" : "") + " unhealthy: "
                            + String.join(", ", unhealthy) + "; nothing is disrupted while any switch of the data "
                            + "center is unhealthy: repair " + (unhealthy.size() == 1 ? "it" : "them") + " and run again"));
                }
            }
            AlertSilencer silencer = this.silencer;
            if (silencer != null && silencer.isEnabled()) {
                if (settings.foreignSilences()) {
                    checked.add(Gate.FOREIGN_SILENCE);
                    foreignSilence(datacenter, silencer, ownSilence, ignored, fleet).ifPresent(refusals::add);
                }
                if (settings.alerts()) {
                    checked.add(Gate.FIRING_ALERTS);
                    firingAlerts(datacenter, silencer, ownSilence, ignored).ifPresent(refusals::add);
                }
            }
            if (target != null) {
                checked.add(Gate.FRESH_VALIDATION);
                freshValidation(target, answers.get(INVENTORY)).ifPresent(refusals::add);
            }
        } catch (PrometheusException | AlertmanagerException | IllegalStateException e) {
            refusals.add(new GateRefusal(Gate.READABLE, name.isEmpty() ? List.of() : List.of(name), "the gates could not "
                    + "be read at this moment (" + e.getMessage() + "); nothing is sent on a verdict that is not fresh: "
                    + "bring the server back (or fix the query it names) and run again"));
        }
        return verdict(datacenter, name, checked, refusals);
    }

    private GateVerdict verdict(String datacenter, String name, List<Gate> checked, List<GateRefusal> refusals) {
        GateVerdict verdict = new GateVerdict(datacenter == null ? "" : datacenter, name, clock.instant(),
                checked, refusals);
        console.log("Live gates" + (name.isEmpty() ? " of " + verdict.datacenter() : " right before the "
                + "command to " + name) + ": " + (verdict.open() ? "open (" + checked.stream().map(Gate::wireName)
                .toList() + ")" : "closed: " + verdict.sentence()));
        return verdict;
    }

    private static String fill(String template, String datacenter) {
        return PromQl.fill(template, Map.of("datacenter", datacenter));
    }

    /** The switches a gate query returned for the data center, refusing rows of another data center. */
    private List<String> switchesOf(String datacenter, String template, List<Sample> rows, Set<String> ignored) {
        String query = fill(template, datacenter);
        TreeSet<String> names = new TreeSet<>();
        for (Sample sample : rows) {
            requireDatacenter(sample, datacenter, query);
            String switchName = sample.label(profile.switchLabel());
            SwitchNames.problem(switchName).filter(p -> !switchName.isEmpty()).ifPresent(problem -> {
                throw new IllegalStateException("the gate query '" + query + "' returned a switch that cannot be "
                        + "used: " + problem);
            });
            String shown = switchName.isEmpty() ? ProblemText.oneLine(sample.labels().toString(), 200) : switchName;
            if (!ignored.contains(switchName)) {
                names.add(shown);
            }
        }
        return List.copyOf(names);
    }

    private void requireDatacenter(Sample sample, String datacenter, String query) {
        String rowDatacenter = sample.label(profile.datacenterLabel());
        if (!rowDatacenter.isEmpty() && !rowDatacenter.equals(datacenter)) {
            throw new IllegalStateException("the gate query '" + query + "' returned a row of data center "
                    + rowDatacenter + "; it must select " + datacenter + " only (" + profile.datacenterLabel()
                    + "=\"${datacenter}\")");
        }
    }

    private Optional<GateRefusal> foreignSilence(String datacenter, AlertSilencer silencer,
                                                           Silence ownSilence, Set<String> ignored, List<String> fleet) {
        Set<String> ofDatacenter = new LinkedHashSet<>(fleet);
        Set<String> own = ownIds(ownSilence);
        List<String> subjects = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (ListedSilence silence : silencer.activeSilences()) {
            if (!silence.madeByThisTool() || own.contains(silence.id())) {
                continue;
            }
            String mutes = ofDatacenter.stream().filter(s -> silence.mutes(silencer.label(), s)).findFirst()
                    .orElse("");
            boolean ofThisDatacenter = !mutes.isEmpty() || silence.comment().contains("datacenter " + datacenter + ",");
            // a switch this round has in flight may be down, so missing from the fleet query: ask the silence itself
            boolean alongsideOne = ignored.stream().anyMatch(s -> silence.mutes(silencer.label(), s));
            if (!ofThisDatacenter || alongsideOne || ignored.contains(mutes)) {
                continue;
            }
            subjects.add(mutes.isEmpty() ? silence.id() : mutes);
            described.add((mutes.isEmpty() ? "silence" : mutes + " (silence") + " "
                    + ProblemText.oneLine(silence.id(), 80) + ", by " + ProblemText.oneLine(silence.createdBy(), 120)
                    + (silence.endsAt() == null ? "" : ", until " + silence.endsAt())
                    + (mutes.isEmpty() ? "" : ")"));
        }
        if (subjects.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GateRefusal(Gate.FOREIGN_SILENCE, subjects, "an active silence of this tool "
                + "for " + String.join(", ", described) + " shows a switch of " + datacenter + " in flight (another "
                + "round, or one that crashed); nothing is disrupted until it is over: check that switch, finish or "
                + "acknowledge its round, and expire the silence (amtool silence expire ID) when it is back"));
    }

    private Optional<GateRefusal> firingAlerts(String datacenter, AlertSilencer silencer,
                                                         Silence ownSilence, Set<String> ignored) {
        List<String> filter = new ArrayList<>();
        for (String matcher : settings.alertFilter()) {
            filter.add(DATACENTER.matcher(matcher.trim()).replaceAll(Matcher.quoteReplacement(PromQl.quote(datacenter))));
        }
        Set<String> own = ownIds(ownSilence);
        List<String> firing = new ArrayList<>();
        for (FiringAlert alert : silencer.firingAlerts(filter)) {
            // the switch's own alerts, muted by the silences just made for it, are what the silences are for
            if (alert.silencedBy().stream().anyMatch(own::contains)) {
                continue;
            }
            if (ignored.contains(alert.labels().getOrDefault(silencer.label(), ""))) {
                continue;
            }
            firing.add(alert.describe());
        }
        if (firing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GateRefusal(Gate.FIRING_ALERTS, firing, plural(firing, "alert")
                + " matching " + filter + " " + (firing.size() == 1 ? "fires" : "fire") + ": "
                + String.join(", ", firing.subList(0, Math.min(5, firing.size())))
                + (firing.size() > 5 ? " and " + (firing.size() - 5) + " more" : "") + "; nothing is disrupted while "
                + "they fire: resolve them (or silence them in Alertmanager if they are known and harmless) and run "
                + "again"));
    }

    /**
     * The candidate and its sibling read again and judged by the sibling rule and the MLAG check, right before the
     * command: {@code rows} is the target's inventory read in the gates' request, the snapshots are one more.
     */
    private Optional<GateRefusal> freshValidation(Switch target, List<Sample> rows) {
        String name = target.name();
        Fleet fleet = new FleetReader(prometheus, profile).fleetOf(target.datacenter(), target.role(), rows);
        Switch now = fleet.switches().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        if (now == null) {
            return Optional.of(new GateRefusal(Gate.FRESH_VALIDATION, List.of(name), name + " is no longer "
                    + "in the inventory of " + target.datacenter() + "; nothing is sent to a switch Prometheus does not "
                    + "list: check its exporter"));
        }
        if (!now.address().equals(target.address())) {
            return Optional.of(new GateRefusal(Gate.FRESH_VALIDATION, List.of(name), "the address of " + name
                    + " changed from " + target.address() + " to " + now.address() + " since it was chosen; nothing "
                    + "is sent to an address that moved: check the inventory and run again"));
        }
        List<String> siblings = fleet.siblingsOf(now).stream().map(Switch::name).toList();
        List<String> names = new ArrayList<>();
        names.add(name);
        names.addAll(siblings);
        List<String> said = new ArrayList<>();
        Verdict verdict = new RackValidation(prometheus, profile, clock, said::add)
                .validate(name, siblings);
        if (verdict.passed()) {
            return Optional.empty();
        }
        said.forEach(console::log);
        List<String> subjects = new ArrayList<>(names);
        return Optional.of(new GateRefusal(Gate.FRESH_VALIDATION, subjects, name + " no longer passes the "
                + "sibling check read right before the command: " + String.join("; ", verdict.reasons())
                + "; nothing is sent on a stale verdict: run again when the rack is healthy"));
    }

    // one switch may have several silences, named by one comma-separated ID
    private static Set<String> ownIds(Silence silence) {
        return silence == null || silence.isDisabled() ? Set.of() : Set.of(silence.id().split(","));
    }

    private static String plural(List<?> items, String word) {
        return items.size() + " " + word + (items.size() == 1 ? "" : word.endsWith("h") ? "es" : "s");
    }
}
