package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.core.SafeDisruption;
import io.jenkins.plugins.switchupgrade.core.SafetyException;
import io.jenkins.plugins.switchupgrade.core.SwitchMemory;
import io.jenkins.plugins.switchupgrade.core.RoundDrain;

import io.jenkins.plugins.switchupgrade.alerts.AlertmanagerException;
import io.jenkins.plugins.switchupgrade.audit.AuditException;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.await.AwaitException;
import io.jenkins.plugins.switchupgrade.diff.DiffReport;
import io.jenkins.plugins.switchupgrade.drivers.DriverException;
import io.jenkins.plugins.switchupgrade.drivers.Touch;
import io.jenkins.plugins.switchupgrade.fleet.Fleet;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.gates.GateVerdict;
import io.jenkins.plugins.switchupgrade.gates.LiveGates;
import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.ledger.LedgerState;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusException;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import io.jenkins.plugins.switchupgrade.selection.CandidatePicker;
import io.jenkins.plugins.switchupgrade.selection.CandidatePool;
import io.jenkins.plugins.switchupgrade.selection.Pick;
import io.jenkins.plugins.switchupgrade.selection.PickRequest;
import io.jenkins.plugins.switchupgrade.lifecycle.Candidate;
import io.jenkins.plugins.switchupgrade.lifecycle.Disrupted;
import io.jenkins.plugins.switchupgrade.lifecycle.Validated;
import io.jenkins.plugins.switchupgrade.core.PostValidation;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import io.jenkins.plugins.switchupgrade.steps.ValidateSibling;
import io.jenkins.plugins.switchupgrade.text.Redaction;
import io.jenkins.plugins.switchupgrade.validation.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Story A's periodic job: pick a switch, validate it against its sibling (skip and re-elect on failure, never the
 * same switch twice), silence, record, disrupt, wait until it is back, diff, expire the silence, next. The first
 * failure stops the round; nothing after it is touched. Runs only while the fleet lock is held.
 */
public final class UpgradeRound {
    /** How the reason of a round stopped by its skip bound (max-skips) begins. */
    public static final String SKIP_BOUND_REACHED = "the round skipped ";

    private final StepContext context;
    private final AuditTrail audit;
    private RoundDrain drain;
    private RoundConfig config;
    private boolean resume;
    private final RoundInterruption interruption;

    private boolean spinesAlongsideLeaves;
    private volatile PrometheusClient.Usage selectionUsage = new PrometheusClient.Usage(0, 0);

    private final RoundFabric fabric;

    public UpgradeRound(StepContext context) {
        this(context, null);
    }

    /** A round whose reads and disruptions go through {@code fabric} ({@code null}: the live fabric of the context). */
    UpgradeRound(StepContext context, RoundFabric fabric) {
        this.context = context;
        this.audit = context.audit().orElseThrow(() -> new IllegalArgumentException("an upgrade round needs an audit trail"));
        this.interruption = new RoundInterruption(context, audit);
        this.fabric = fabric != null ? fabric : new LiveFabric();
    }

    /** The fabric as the step context reaches it: Prometheus, the live gates, the safe disruption. */
    private final class LiveFabric implements RoundFabric {
        @Override
        public Fleet inventory(String datacenter, Role role) {
            return context.fleetReader().read(datacenter, role);
        }

        @Override
        public Pick order(Pick drawn, PickRequest request) {
            return new MlagOrder(context.prometheus(), context.profile().mlag(), context.console())
                    .preferSecondary(drawn, request);
        }

        @Override
        public Verdict validate(Switch candidate, List<String> siblings) {
            return new ValidateSibling(context).validate(new ValidateSibling.Request().candidate(candidate.name())
                    .siblings(siblings));
        }

        @Override
        public GateVerdict gatesAtStart(String datacenter) {
            return context.liveGates().atRoundStart(datacenter);
        }

        @Override
        public SwitchResult upgrade(Validated candidate, RoundOptions options, Set<String> alongside,
                                    java.util.function.Consumer<String> phase) {
            return upgradeOne(candidate, options, phase, alongside);
        }
    }

    /** Completes the switches an earlier round left in flight before going on, instead of refusing to start. */
    public UpgradeRound resumeInFlight(boolean resumeInFlight) {
        this.resume = resumeInFlight;
        return this;
    }

    /**
     * Stops the round from another thread (a signal handler, an aborted build): records {@code interrupted} in the
     * audit trail and the ledger for every switch this process has in flight, writes the report, and says on the
     * console what state each switch is in and what became of its silence. The switches stay in flight.
     */
    public void interrupt(String why) {
        interruption.interrupt(why);
    }

    /**
     * In a round of leaves, also upgrades the data center's spines, one spine at a time in a slot of its own
     * beside the leaves' (a leaf pair stays redundant while one spine of several is down). Off by default: then a
     * round is of one role, spines go one at a time in their own round, and no leaf is touched while a spine is.
     */
    public UpgradeRound spinesAlongsideLeaves(boolean alongside) {
        this.spinesAlongsideLeaves = alongside;
        return this;
    }

    /** What selecting candidates cost the last {@link #run}: Prometheus requests and answer bytes. */
    public PrometheusClient.Usage selectionUsage() {
        return selectionUsage;
    }

    private boolean withSpines(RoundOptions options) {
        return spinesAlongsideLeaves && options.role() == Role.LEAF;
    }

    private Fleet readFleet(RoundOptions options) {
        Fleet fleet = fabric.inventory(options.datacenter(), options.role());
        if (!withSpines(options)) {
            return fleet;
        }
        List<Switch> both = new ArrayList<>(fleet.switches());
        both.addAll(fabric.inventory(options.datacenter(), Role.SPINE).switches());
        return new Fleet(both);
    }

    private String roleText(RoundOptions options) {
        return withSpines(options) ? "leaf(s) and spine(s)" : options.role().label() + "(s)";
    }

    public RoundReport run(RoundOptions options) {
        Instant startedAt = context.clock().instant();
        long requestsBefore = context.prometheus().requestCount();
        List<SwitchResult> results = Collections.synchronizedList(new ArrayList<>());
        if (!context.lock().isHeld()) {
            throw SafetyException.nothingSent("the round did not start: the fleet lock " + context.lock().name()
                    + " is not held");
        }
        // the fleet's memory first: a failed or forgotten switch stops the round before anything is recorded
        List<LedgerState.SwitchState> inFlight = context.ledger().map(l -> l.requireClear(resume).inFlight())
                .orElse(List.of());
        interruption.begin(options, startedAt, results);
        try {
            audit.record(AuditKind.ROUND_STARTED, "", "upgrade " + options.role().plural() + " of " + options.datacenter()
                    + " from " + options.fromVersion() + " to " + options.toVersion(), Map.of(
                    "maxSwitches", options.maxSwitches(), "parallelRacks", options.effectiveParallelism()));
        } catch (AuditException e) {
            throw SafetyException.nothingSent("the round did not start: " + e.getMessage(), e);
        }
        drain = new RoundDrain(context, options.drain(), audit);
        config = new RoundConfig(context, options.configCheck());
        // the inventory is read once; the round re-elects from it and reads live only the racks it validates
        PrometheusClient.Usage selectionBefore = context.prometheus().threadUsage();
        Fleet fleet = readFleet(options);
        CandidatePool pool = new CandidatePool(request(options, List.of()), fleet);
        selectionUsage = context.prometheus().threadUsage().minus(selectionBefore);
        int eligible = pool.eligible();
        int planned = options.maxSwitches() == 0 ? eligible : Math.min(eligible, options.maxSwitches());
        context.console().log("Round: " + eligible + " " + roleText(options) + " of " + options.datacenter()
                + " run " + options.fromVersion() + "; upgrading " + (planned == eligible ? "all of them" : planned)
                + " to " + options.toVersion() + ", " + options.effectiveParallelism() + " rack(s) at a time");
        if (!options.windows().isAlways()) {
            context.console().log("Maintenance windows: " + options.windows().describe() + "; a switch starts only if "
                    + "it is expected to be done before its window closes (" + HtmlPage.duration(
                    options.expectedPerSwitch()) + " until one is measured)");
        }
        Set<String> processed = Collections.synchronizedSet(new LinkedHashSet<>());
        String abortReason = null;
        if (!inFlight.isEmpty()) {
            // a switch left in flight is completed first: until then it is down or silenced, which closes the gates
            InFlightResume.Outcome resumed = new InFlightResume(context, audit).complete(inFlight, options);
            resumed.results().forEach(r -> processed.add(r.name()));
            results.addAll(resumed.results());
            abortReason = resumed.abortReason();
        }
        // nothing to do is said as such, whatever the gates; a round with work reads them before it elects anything
        if (abortReason == null && eligible > 0) {
            abortReason = roundStartGates(options.datacenter());
        }
        String windowClosed = null;
        int upgraded = 0;
        Progress progress = new Progress(planned, options.effectiveParallelism(), startedAt);
        try (RollingScheduler<Validated> slots = new RollingScheduler<>(options.effectiveParallelism(),
                c -> CandidatePool.rackOf(c.candidate().target()), c -> c.candidate().name(),
                (c, alongside) -> fabric.upgrade(c, options, alongside, phase -> progress.log(c.candidate().name(),
                        phase)))) {
            while (true) {
                int room = options.maxSwitches() == 0 ? Integer.MAX_VALUE
                        : options.maxSwitches() - upgraded - slots.inFlight();
                // an interrupted thread (an aborted build) starts nothing more; the switches in flight finish
                if (Thread.currentThread().isInterrupted()) {
                    room = 0;
                }
                if (abortReason == null && windowClosed == null && !interruption.interrupted() && room > 0) {
                    windowClosed = WindowPace.refusal(options, results, context.clock().instant()).orElse(null);
                    if (windowClosed != null) {
                        context.console().log("Not starting another switch: " + windowClosed);
                    }
                }
                if (abortReason == null && windowClosed == null && !interruption.interrupted() && room > 0) {
                    PrometheusClient.Usage before = context.prometheus().threadUsage();
                    try {
                        slots.fill(busy -> electOne(options, pool, processed, results, busy), room);
                    } catch (PrometheusException | IllegalStateException e) {
                        abortReason = "Prometheus could not be used to elect the next switch: " + e.getMessage();
                    } catch (AuditException e) {
                        abortReason = "the audit trail refused an event while electing the next switch: "
                                + e.getMessage();
                    } catch (TooManySkips e) {
                        abortReason = e.getMessage();
                    } finally {
                        selectionUsage = selectionUsage.plus(context.prometheus().threadUsage().minus(before));
                    }
                }
                if (slots.idle()) {
                    break;
                }
                SwitchResult result = slots.next();
                results.add(result);
                processed.add(result.name());
                if (result.outcome() == SwitchResult.Outcome.FAILED) {
                    FailurePaging.page(context, options.datacenter(), result);
                }
                if (result.outcome() == SwitchResult.Outcome.UPGRADED) {
                    upgraded++;
                    progress.done(result.name());
                } else if (result.outcome() == SwitchResult.Outcome.FAILED && abortReason == null) {
                    abortReason = result.name() + " failed: " + result.reason();
                }
            }
        }
        int remain = 0;
        if (abortReason != null) {
            addNotReached(options, pool, processed, results, abortReason);
        } else if (windowClosed != null) {
            remain = addNotReached(options, pool, processed, results, "window closed: " + windowClosed);
            windowClosed = remain == 0 ? null : "window closed, " + remain + " remain (" + upgraded + " upgraded): "
                    + windowClosed;
        }
        RoundReport.Status status = abortReason != null ? RoundReport.Status.ABORTED
                : windowClosed != null ? RoundReport.Status.WINDOW_CLOSED
                : results.isEmpty() ? RoundReport.Status.NOTHING_TO_DO : RoundReport.Status.COMPLETED;
        String reason = abortReason != null ? abortReason : windowClosed != null ? windowClosed
                : status == RoundReport.Status.NOTHING_TO_DO ? "no " + options.role().label() + " of " + options.datacenter() + " runs " + options.fromVersion()
                : upgraded + " upgraded, " + results.stream().filter(r -> r.outcome() == SwitchResult.Outcome.SKIPPED)
                .count() + " skipped";
        RoundReport report = new RoundReport(status, options.datacenter(), options.role().label(),
                options.fromVersion(), options.toVersion(), startedAt, context.clock().instant(), results, reason,
                context.prometheus().requestCount() - requestsBefore);
        if (interruption.interrupted()) {
            // the interruption recorded the round's end and wrote the report of what was known when it was stopped
            return interruption.report() == null ? report : interruption.report();
        }
        try {
            audit.record(AuditKind.ROUND_FINISHED, "", status.wireName() + ": " + reason);
        } catch (AuditException e) {
            context.console().log("WARNING: the end of the round could not be recorded: " + e.getMessage());
        }
        context.artifacts().save("report.json", Redaction.redact(Json.pretty(report.toMap())));
        context.artifacts().save("report.html", Redaction.redact(ReportPage.render(report, audit.events(),
                ReportLinks.of(context))));
        context.console().log("Round " + status.wireName() + ": " + reason + " (" + seconds(startedAt,
                context.clock().instant()) + ")");
        return report;
    }

    /** The round skipped as many candidates as it may. */
    private static final class TooManySkips extends RuntimeException {
        TooManySkips(String message) {
            super(message);
        }
    }

    /** Null when the data center's live gates are open at round start; else why the round does not start. */
    private String roundStartGates(String datacenter) {
        GateVerdict gates = fabric.gatesAtStart(datacenter);
        if (gates.open()) {
            return null;
        }
        try {
            audit.record(AuditKind.GATE_REFUSED, "", "the round did not start: " + gates.sentence(), gates.toMap());
        } catch (AuditException e) {
            context.console().log("WARNING: the refusal could not be recorded: " + e.getMessage());
        }
        return "the round did not start: " + gates.sentence();
    }

    private static PickRequest request(RoundOptions options, List<String> exclude) {
        List<String> all = new ArrayList<>(options.exclude());
        all.addAll(exclude);
        return new PickRequest(options.datacenter(), options.role(), options.fromVersion(), options.position(),
                all, options.seed());
    }

    /**
     * Elects the next validated candidate of a rack not in {@code busyRacks}: candidates that fail validation go to
     * the results as skipped (never the same switch twice), one found on another version now is left out.
     */
    private Optional<Validated> electOne(RoundOptions options, CandidatePool pool, Set<String> processed,
                                         List<SwitchResult> results, Set<String> busyRacks) {
        while (true) {
            Optional<Switch> next = pool.take(busyRacks);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            // MLAG: a rack's secondary goes before its primary, so that the roles stay
            Switch drawn = next.get();
            List<String> exclude = new ArrayList<>(options.exclude());
            pool.siblingsOf(drawn).stream().map(Switch::name).filter(processed::contains).forEach(exclude::add);
            Pick ordered = fabric.order(new Pick(next, pool.siblingsOf(drawn), pool.pending() + 1,
                    pool.fleet().size(), "drawn"), request(options, exclude));
            if (!ordered.candidate().orElseThrow().name().equals(drawn.name())
                    && pool.swap(drawn, ordered.candidate().get())) {
                next = ordered.candidate();
            }
            Switch candidate = next.get();
            List<String> siblings = pool.siblingsOf(candidate).stream().map(Switch::name).toList();
            Instant at = context.clock().instant();
            audit.record(AuditKind.CANDIDATE_SELECTED, candidate.name(), "picked at random among " + (pool.pending() + 1)
                    + " " + candidate.role().label() + "(s) on " + options.fromVersion() + ", from the racks with the "
                    + "most switches left", Map.of("siblings", siblings, "remaining", pool.pending() + 1));
            Verdict verdict = fabric.validate(candidate, siblings);
            String liveVersion = verdict.pre().containsKey(candidate.name())
                    ? verdict.pre().get(candidate.name()).version() : null;
            if (liveVersion != null && !liveVersion.equals(options.fromVersion())) {
                // the inventory was read at round start; the live read says someone else upgraded it since
                processed.add(candidate.name());
                context.console().log(candidate.name() + " runs " + liveVersion + " now, not " + options.fromVersion()
                        + "; not a candidate any more");
                continue;
            }
            if (!verdict.passed()) {
                audit.record(AuditKind.VALIDATION_FAILED, candidate.name(), String.join("; ", verdict.reasons()));
                results.add(new SwitchResult(candidate.name(), candidate.rack(), siblings, candidate.version(),
                        options.toVersion(), SwitchResult.Outcome.SKIPPED, "pre-upgrade validation failed: "
                        + String.join("; ", verdict.reasons()), preOf(verdict, candidate.name()), null, null, at,
                        context.clock().instant()));
                processed.add(candidate.name());
                long skipped = results.stream().filter(r -> r.outcome() == SwitchResult.Outcome.SKIPPED).count();
                if (skipped >= options.maxSkips()) {
                    throw new TooManySkips(SKIP_BOUND_REACHED + skipped + " candidates, its bound (max-skips "
                            + options.maxSkips() + "): so many racks failing validation points at the fabric or the "
                            + "metrics, not at single switches; look at the skipped ones in the report, then run "
                            + "again (or raise --max-skips)");
                }
                context.console().log("Skipping " + candidate.name() + " and electing another candidate");
                continue;
            }
            audit.record(AuditKind.VALIDATION_PASSED, candidate.name(), "candidate carries no more than its sibling "
                    + "and both are healthy");
            return Optional.of(new Validated(new Candidate(candidate, siblings), verdict));
        }
    }

    private SwitchResult upgradeOne(Validated candidate, RoundOptions options, java.util.function.Consumer<String> phase,
                                    Set<String> alongside) {
        Switch target = candidate.candidate().target();
        String name = target.name();
        Instant at = context.clock().instant();
        Snapshot pre = candidate.pre();
        SafeDisruption safe = new SafeDisruption(context, options.silenceFor(), alongside).plan(new SwitchMemory.Plan(
                candidate.verdict().pre().get(name), options.toVersion(), options.effectiveParallelism(), "",
                interruption::interrupted));
        Disrupted started = null;
        boolean remembered = false;
        try {
            if (options.drain().enabled()) {
                phase.accept("draining and waiting for its traffic to move");
                Optional<String> notMoved = drain.drainAndProve(target, candidate.verdict().siblings());
                if (notMoved.isPresent()) {
                    String why = "not touched: " + notMoved.get();
                    context.console().log("FAILED: " + name + ": " + notMoved.get());
                    audit.record(AuditKind.OUTCOME, name, "failed: " + why);
                    return new SwitchResult(name, target.rack(), candidate.verdict().siblings(), target.version(),
                            options.toVersion(), SwitchResult.Outcome.FAILED, why, Touch.NOT_TOUCHED, pre, null, null,
                            at, context.clock().instant());
                }
            }
            Optional<String> unsaved = config.before(target);
            if (unsaved.isPresent()) {
                String why = "not touched: " + unsaved.get();
                drain.undrainQuietly(target, "its configuration could not be saved");
                context.console().log("FAILED: " + name + ": " + unsaved.get());
                audit.record(AuditKind.OUTCOME, name, "failed: " + why);
                return new SwitchResult(name, target.rack(), candidate.verdict().siblings(), target.version(),
                        options.toVersion(), SwitchResult.Outcome.FAILED, why, Touch.NOT_TOUCHED, pre, null, null, at,
                        context.clock().instant());
            }
            phase.accept("silencing, recording and sending the upgrade");
            started = safe.start(target, candidate.verdict().passed(), "upgrade from " + target.version() + " to "
                    + options.toVersion());
            phase.accept("waiting for it to go down and come back");
            safe.awaitBack(started);
            phase.accept("back; post-validation against its pre snapshot");
            DiffReport diff = new PostValidation(context).settle(name, candidate.pre(), options.toVersion(),
                    options.settleWithin());
            // a configuration that did not come back fails the switch like a metric regression
            Optional<String> notRestored = diff.passed() ? config.after(target) : Optional.empty();
            PostValidation post = new PostValidation(context);
            String silenceId = started.ticket().silenceId();
            if (diff.passed() && notRestored.isEmpty()) {
                String passedWhy = "post equals pre; runs " + diff.postVersion();
                remembered = true;
                try {
                    post.conclude(name, true, passedWhy, passedWhy, silenceId);
                } catch (AlertmanagerException e) {
                    drain.afterReturn(target);
                    String why = "upgraded to " + diff.postVersion() + ", but " + e.getMessage();
                    context.console().log("FAILED: " + why);
                    recordQuietly(name, "failed: " + why);
                    return new SwitchResult(name, target.rack(), candidate.verdict().siblings(), target.version(),
                            options.toVersion(), SwitchResult.Outcome.FAILED, why, pre, diff.post(),
                            diff, at, context.clock().instant());
                }
                // a re-provisioned switch is undrained only once its diff passed
                drain.afterReturn(target);
                audit.record(AuditKind.OUTCOME, name, "upgraded to " + diff.postVersion());
                return new SwitchResult(name, target.rack(), candidate.verdict().siblings(), target.version(),
                        options.toVersion(), SwitchResult.Outcome.UPGRADED, passedWhy, pre, diff.post(),
                        diff, at, context.clock().instant());
            }
            String why = notRestored.isPresent() ? "configuration not restored: " + notRestored.get()
                    : "post-upgrade validation failed: " + String.join("; ", diff.reasons());
            remembered = true;
            post.conclude(name, false, why, why, silenceId);
            drain.undrainQuietly(target, why);
            audit.record(AuditKind.OUTCOME, name, "failed: " + why);
            return new SwitchResult(name, target.rack(), candidate.verdict().siblings(), target.version(),
                    options.toVersion(), SwitchResult.Outcome.FAILED, why, pre, diff.post(), diff, at,
                    context.clock().instant());
        } catch (RuntimeException e) {
            if (started != null && RoundInterruption.stoppedFromOutside(e)) {
                // stopped from outside (an aborted build) while the switch is in flight: it stays in flight
                interruption.interrupt("the round's thread was interrupted (the build was aborted)");
                return new SwitchResult(name, target.rack(), candidate.verdict().siblings(), target.version(),
                        options.toVersion(), SwitchResult.Outcome.INTERRUPTED, "interrupted while in flight: "
                        + e.getMessage(), pre, null, null, at, context.clock().instant());
            }
            // whatever failed (a service, the switch, this host), the round ends with a report, never a stack trace
            if (started != null && !(e instanceof AwaitException) && !(e instanceof AlertmanagerException)) {
                expireQuietly(safe, started, name, e.getMessage());
            }
            if (drain.isDrained(name)) {
                drain.undrainQuietly(target, "the round stopped: " + e.getMessage());
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            context.console().log("FAILED: " + why);
            recordQuietly(name, "failed: " + why);
            // NOT_TOUCHED (and "not touched:" for people) marks a round stopped by a service (Alertmanager, audit
            // webhook, lock) before anything was sent; a switch that cannot be reached or refuses its pre-check is a failed switch, not a service outage
            boolean serviceRefused = started == null && e instanceof SafetyException s && s.nothingSent()
                    && !(s.getCause() instanceof DriverException);
            if (!serviceRefused && !remembered && !interruption.interrupted()) {
                SwitchMemory.failed(context, name, why);
            }
            return new SwitchResult(name, target.rack(), candidate.verdict().siblings(), target.version(),
                    options.toVersion(), SwitchResult.Outcome.FAILED, (serviceRefused ? "not touched: " : "") + why,
                    serviceRefused ? Touch.NOT_TOUCHED : Touch.TOUCHED, pre, null, null, at, context.clock().instant());
        }
    }

    private void recordQuietly(String name, String outcome) {
        try {
            audit.record(AuditKind.OUTCOME, name, outcome);
        } catch (AuditException ignored) {
            // the failure itself is in the report; the audit trail already said why it cannot record
        }
    }

    private void expireQuietly(SafeDisruption safe, Disrupted started, String name, String why) {
        try {
            safe.expire(started.silence(), name, why);
        } catch (RuntimeException e) {
            context.console().log("WARNING: could not expire the silence of " + name + ": " + e.getMessage());
        }
    }

    private int addNotReached(RoundOptions options, CandidatePool pool, Set<String> processed,
                              List<SwitchResult> results, String why) {
        int added = 0;
        Fleet fleet = pool.fleet();
        for (Switch left : CandidatePicker.eligible(request(options, List.of()), fleet)) {
            if (!processed.contains(left.name()) && !options.exclude().contains(left.name())) {
                results.add(new SwitchResult(left.name(), left.rack(), pool.siblingsOf(left).stream()
                        .map(Switch::name).toList(), left.version(), options.toVersion(),
                        SwitchResult.Outcome.NOT_REACHED, "the round stopped: " + why, null, null, null, null, null));
                added++;
            }
        }
        return added;
    }

    private static Snapshot preOf(Verdict verdict, String name) {
        return verdict.pre().get(name);
    }

    private static String seconds(Instant from, Instant to) {
        return String.format(Locale.ROOT, "%.1f s", Duration.between(from, to).toMillis() / 1000.0);
    }

    /**
     * Prints "[i/n] switch: phase (elapsed, ETA)" lines. The ETA is the mean duration of the switches done times
     * the switches not started, per rack at a time, plus what the ones in flight still need; it moves only when a
     * switch is done, not with every line.
     */
    private final class Progress {
        private final int planned;
        private final int parallelism;
        private final Instant startedAt;
        private final Map<String, Integer> index = new java.util.HashMap<>();
        private final Map<String, Instant> inFlight = new java.util.HashMap<>();
        private Duration doneTotal = Duration.ZERO;
        private int done;

        Progress(int planned, int parallelism, Instant startedAt) {
            this.planned = planned;
            this.parallelism = Math.max(1, parallelism);
            this.startedAt = startedAt;
        }

        synchronized void done(String name) {
            Instant began = inFlight.remove(name);
            if (began != null) {
                doneTotal = doneTotal.plus(Duration.between(began, context.clock().instant()));
            }
            done++;
        }

        synchronized void log(String name, String phase) {
            Integer i = index.get(name);
            Instant now = context.clock().instant();
            if (i == null) {
                i = index.size() + 1;
                index.put(name, i);
                inFlight.put(name, now);
            }
            Duration elapsed = Duration.between(startedAt, now);
            context.console().log("[" + i + "/" + planned + "] " + name + ": " + phase + " (elapsed "
                    + format(elapsed) + ", " + eta(now) + ")");
        }

        private String eta(Instant now) {
            if (done == 0) {
                return "ETA after the first switch";
            }
            Duration perSwitch = doneTotal.dividedBy(done);
            int notStarted = Math.max(0, planned - done - inFlight.size());
            Duration left = perSwitch.multipliedBy(notStarted).dividedBy(parallelism);
            Duration flying = Duration.ZERO;
            for (Instant began : inFlight.values()) {
                Duration rest = perSwitch.minus(Duration.between(began, now));
                flying = rest.compareTo(flying) > 0 ? rest : flying;
            }
            return "ETA " + format(left.plus(flying));
        }

        private String format(Duration d) {
            long s = Math.max(0, d.toSeconds());
            return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                    : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
    }
}
