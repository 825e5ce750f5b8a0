package io.jenkins.plugins.switchupgrade.validation;

import io.jenkins.plugins.switchupgrade.metrics.InstantQueries;
import io.jenkins.plugins.switchupgrade.metrics.MlagQueries;
import io.jenkins.plugins.switchupgrade.metrics.PromQl;
import io.jenkins.plugins.switchupgrade.metrics.Sample;
import io.jenkins.plugins.switchupgrade.ports.Console;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The MLAG (clagd) side of the sibling check, for leaf pairs that are MLAG peers: the peer link and the backup link
 * must be up, the candidate must carry no single-attached (orphan) port with traffic, and when the candidate is the
 * primary the round says that the roles will swap. A pair without MLAG metrics is not an MLAG pair and passes;
 * a candidate with MLAG metrics whose peer has none fails, because the pair cannot be judged.
 */
public final class MlagCheck {
    private static final String FACT = "mlag_fact";
    private final InstantQueries prometheus;
    private final MlagQueries queries;
    private final Console console;

    public MlagCheck(InstantQueries prometheus, MlagQueries queries, Console console) {
        this.prometheus = prometheus;
        this.queries = queries;
        this.console = console;
    }

    /**
     * The MLAG role ({@code primary}, {@code secondary}) of each of these switches that reports one, in one request;
     * switches without MLAG are absent.
     */
    public Map<String, String> roles(java.util.Collection<String> names) {
        Map<String, String> roles = new TreeMap<>();
        if (names.isEmpty()) {
            return roles;
        }
        for (Sample s : prometheus.query(PromQl.fill(queries.role(), Map.of("switches",
                PromQl.alternation(names))))) {
            String name = s.label(queries.switchLabel());
            String role = s.label(queries.roleLabel());
            if (!name.isEmpty() && !role.isEmpty()) {
                roles.put(name, role);
            }
        }
        return roles;
    }

    /** The verdict with the MLAG checks added; a failed MLAG check fails it with its reason. */
    public Verdict apply(Verdict verdict) {
        Set<String> names = new LinkedHashSet<>();
        names.add(verdict.candidate());
        names.addAll(verdict.siblings());
        return apply(verdict, prometheus.query(PromQl.fill(factsQuery(), Map.of("switches",
                PromQl.alternation(names)))));
    }

    /**
     * The verdict with the MLAG checks added, judged on {@code facts}: the answer of {@link #factsQuery()} for the
     * candidate and its siblings, read by the caller (in the snapshot's own request, say).
     */
    public Verdict apply(Verdict verdict, List<Sample> facts) {
        String candidate = verdict.candidate();
        Map<String, Double> alive = new TreeMap<>();
        Map<String, Double> backup = new TreeMap<>();
        Map<String, String> roles = new TreeMap<>();
        Set<String> orphans = new TreeSet<>();
        for (Sample s : facts) {
            String name = s.label(queries.switchLabel());
            switch (s.label(FACT)) {
                case "peer_alive" -> alive.put(name, s.value());
                case "backup_active" -> backup.put(name, s.value());
                case "role" -> roles.put(name, s.label(queries.roleLabel()));
                case "orphan" -> {
                    if (candidate.equals(name)) {
                        orphans.add(s.label(queries.portLabel()));
                    }
                }
                default -> {
                    // a series without the fact label is not one of ours
                }
            }
        }
        if (!alive.containsKey(candidate) && !backup.containsKey(candidate)) {
            return verdict;
        }
        List<MetricCheck> checks = new ArrayList<>(verdict.checks());
        List<String> reasons = new ArrayList<>(verdict.reasons());
        List<String> peers = verdict.siblings().stream().filter(p -> alive.containsKey(p) || backup.containsKey(p))
                .toList();
        String peerText = peers.isEmpty() ? "its peer" : String.join(" ", peers);
        add(checks, reasons, "clag_peer_alive", candidate, alive.get(candidate), 1.0,
                "the MLAG peer link of " + candidate + " is down (clagd sees no peer): " + peerText
                        + " could not carry the dual-attached hosts while " + candidate + " is down");
        add(checks, reasons, "clag_backup_active", candidate, backup.get(candidate), 1.0,
                "the MLAG backup link of " + candidate + " is not active: if the peer link fails while it is down, "
                        + "both peers would claim the hosts (split brain)");
        if (peers.isEmpty()) {
            String why = candidate + " reports MLAG state but its sibling(s) " + String.join(" ", verdict.siblings())
                    + " report none: the pair cannot be judged; check clagd and the exporter on the sibling";
            checks.add(new MetricCheck("clag_peer_alive", String.join(" ", verdict.siblings()), alive.get(candidate),
                    null, "mlag", false, why));
            reasons.add(why);
        }
        for (String peer : peers) {
            add(checks, reasons, "clag_peer_alive", peer, alive.get(peer), 1.0, "the MLAG peer link of " + peer
                    + " is down (clagd on the sibling sees no peer): it could not carry the hosts of " + candidate);
        }
        String orphanWhy = candidate + " has " + orphans.size() + " single-attached (orphan) port(s) carrying traffic: "
                + String.join(", ", orphans) + "; their hosts would be cut off while it is down";
        checks.add(new MetricCheck("clag_orphan_ports", candidate, (double) orphans.size(), null, "zero",
                orphans.isEmpty(), orphans.isEmpty() ? "no orphan port carries traffic" : orphanWhy));
        if (!orphans.isEmpty()) {
            reasons.add(orphanWhy);
        }
        String role = roles.get(candidate);
        if ("primary".equals(role)) {
            console.log("MLAG: " + candidate + " is the primary; while it is down " + peerText + " takes over and the "
                    + "roles swap (reboot the secondary first to keep them)");
        } else if (role != null) {
            console.log("MLAG: " + candidate + " is the " + role + "; " + peerText + " stays primary");
        }
        boolean passed = reasons.isEmpty();
        if (verdict.passed() && !passed) {
            console.log("Status: Pre upgrade validation failed: " + String.join("; ", reasons));
        }
        return new Verdict(candidate, verdict.siblings(), passed, checks, reasons, verdict.pre());
    }

    private static void add(List<MetricCheck> checks, List<String> reasons, String metric, String on, Double value,
                            double wanted, String whyNot) {
        boolean ok = value != null && value == wanted;
        String why = value == null ? metric + " is missing for " + on : whyNot;
        checks.add(new MetricCheck(metric, on, value, wanted, "mlag", ok, ok ? "up" : why));
        if (!ok) {
            reasons.add(why);
        }
    }

    /**
     * The four MLAG queries as one, each series tagged with the fact it tells, selecting the switches with
     * {@code ${switches}}: so that a validation asks them in the request that reads the snapshots, and costs the same
     * number of requests with or without MLAG.
     */
    public String factsQuery() {
        return tag(queries.peerAlive(), "peer_alive") + " or " + tag(queries.backupActive(), "backup_active") + " or "
                + tag(queries.role(), "role") + " or " + tag(queries.orphanPorts(), "orphan");
    }

    private static String tag(String query, String fact) {
        return "label_replace(" + query + ", \"" + FACT + "\", \"" + fact + "\", \"\", \"\")";
    }
}
