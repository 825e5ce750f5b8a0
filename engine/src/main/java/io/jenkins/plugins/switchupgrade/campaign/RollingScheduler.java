package io.jenkins.plugins.switchupgrade.campaign;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Keeps up to N upgrades in flight, one per rack: a slot that frees is refilled at once with the next validated
 * candidate of a rack not in flight, instead of waiting for a whole wave's slowest switch. Which candidate comes
 * next, and what an upgrade does, are the round's; this class only keeps the slots busy and the racks apart.
 */
final class RollingScheduler<T> implements AutoCloseable {
    /** Elects the next candidate of a rack not in {@code busyRacks}; empty when none is electable now. */
    interface Elector<T> {
        Optional<T> next(Set<String> busyRacks);
    }

    private final int slots;
    private final Function<T, String> rackOf;
    private final Function<T, String> nameOf;
    private final BiFunction<T, Set<String>, SwitchResult> upgrade;
    private final ExecutorService pool;
    private final CompletionService<SwitchResult> done;
    private final Map<Future<SwitchResult>, T> inFlight = new LinkedHashMap<>();
    private final Set<String> inFlightNames = ConcurrentHashMap.newKeySet();
    private final Set<String> alongsideView;
    private SwitchResult finishedInline;
    private boolean interrupted;

    /**
     * {@code upgrade} is given the candidate and a live view of the names of every switch in flight (itself
     * included): the ones whose being down and silenced belong to this round, whenever it looks.
     */
    RollingScheduler(int slots, Function<T, String> rackOf, Function<T, String> nameOf,
                     BiFunction<T, Set<String>, SwitchResult> upgrade) {
        this.slots = Math.max(1, slots);
        this.rackOf = rackOf;
        this.nameOf = nameOf;
        this.upgrade = upgrade;
        this.pool = Executors.newFixedThreadPool(this.slots, runnable -> {
            Thread thread = new Thread(runnable, "switch-upgrade-slot");
            thread.setDaemon(true);
            return thread;
        });
        this.done = new ExecutorCompletionService<>(pool);
        this.alongsideView = Collections.unmodifiableSet(inFlightNames);
    }

    /** How many upgrades are in flight (or, serially, finished and not yet collected). */
    int inFlight() {
        return inFlight.size() + (finishedInline == null ? 0 : 1);
    }

    boolean idle() {
        return inFlight.isEmpty() && finishedInline == null;
    }

    /**
     * Starts candidates from {@code elector} until every slot is busy, {@code atMost} more were started, or the
     * elector has none for the racks not in flight; answers how many were started.
     */
    int fill(Elector<T> elector, int atMost) {
        int started = 0;
        if (slots == 1) {
            // serial, the seed's way: the upgrade runs on the caller's thread, so that interrupting the caller (an
            // aborted build) reaches the wait in progress as it always did
            if (finishedInline == null && atMost > 0) {
                Optional<T> next = elector.next(Set.of());
                if (next.isPresent()) {
                    T candidate = next.get();
                    inFlightNames.add(nameOf.apply(candidate));
                    try {
                        finishedInline = upgrade.apply(candidate, alongsideView);
                    } finally {
                        inFlightNames.remove(nameOf.apply(candidate));
                    }
                    started = 1;
                }
            }
            return started;
        }
        while (inFlight.size() < slots && started < atMost) {
            Set<String> busy = new LinkedHashSet<>();
            inFlight.values().forEach(c -> busy.add(rackOf.apply(c)));
            Optional<T> next = elector.next(busy);
            if (next.isEmpty()) {
                break;
            }
            T candidate = next.get();
            inFlightNames.add(nameOf.apply(candidate));
            inFlight.put(done.submit(() -> {
                try {
                    return upgrade.apply(candidate, alongsideView);
                } finally {
                    inFlightNames.remove(nameOf.apply(candidate));
                }
            }), candidate);
            started++;
        }
        return started;
    }

    /**
     * Waits for the next upgrade in flight to finish and answers its result. Interrupted, it interrupts the
     * upgrades in flight (each then ends the way an interrupted wait ends) and answers their results as they come.
     */
    SwitchResult next() {
        if (finishedInline != null) {
            SwitchResult result = finishedInline;
            finishedInline = null;
            return result;
        }
        if (Thread.interrupted()) {
            interrupted = true;
            pool.shutdownNow();
        }
        try {
            while (true) {
                try {
                    Future<SwitchResult> finished = done.take();
                    inFlight.remove(finished);
                    return finished.get();
                } catch (InterruptedException e) {
                    // the upgrades in flight are told, then waited for: each ends the way an interrupted wait ends
                    interrupted = true;
                    pool.shutdownNow();
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("an upgrade thread failed unexpectedly: " + e.getCause(), e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
