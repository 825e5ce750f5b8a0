package io.jenkins.plugins.switchupgrade.campaign;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The slots: a freed slot is refilled while the others are still busy; two switches of a rack never overlap. */
class RollingSchedulerTest {
    private record Job(String name, String rack, CountDownLatch release) {
    }

    private static SwitchResult result(String name) {
        return new SwitchResult(name, "", List.of(), "5.9.1", "5.10.0", SwitchResult.Outcome.UPGRADED, "done", null,
                null, null, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void aFreedSlotIsRefilledAtOnceWhileTheOthersAreStillBusy() throws Exception {
        Map<String, CountDownLatch> started = new ConcurrentHashMap<>();
        List<Job> jobs = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            jobs.add(new Job(name, "rack-" + name, new CountDownLatch(1)));
            started.put(name, new CountDownLatch(1));
        }
        Deque<Job> queue = new ArrayDeque<>(jobs);
        List<Set<String>> alongsideSeen = Collections.synchronizedList(new ArrayList<>());
        try (RollingScheduler<Job> slots = new RollingScheduler<>(2, Job::rack, Job::name, (job, alongside) -> {
            alongsideSeen.add(Set.copyOf(alongside));
            started.get(job.name()).countDown();
            try {
                job.release().await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return result(job.name());
        })) {
            assertEquals(2, slots.fill(busy -> Optional.ofNullable(queue.poll()), 10));
            assertTrue(started.get("a").await(10, TimeUnit.SECONDS));
            assertTrue(started.get("b").await(10, TimeUnit.SECONDS));
            jobs.get(1).release().countDown(); // b finishes; a is still busy
            assertEquals("b", slots.next().name());
            assertEquals(1, slots.fill(busy -> Optional.ofNullable(queue.poll()), 10));
            assertTrue(started.get("c").await(10, TimeUnit.SECONDS), "c started while a was still in flight");
            assertEquals(1, jobs.get(0).release().getCount(), "a was still held when c started");
            jobs.forEach(j -> j.release().countDown());
            List<String> rest = new ArrayList<>();
            while (!slots.idle() || !queue.isEmpty()) {
                slots.fill(busy -> Optional.ofNullable(queue.poll()), 10);
                rest.add(slots.next().name());
            }
            assertEquals(Set.of("a", "c", "d"), Set.copyOf(rest));
        }
        assertTrue(alongsideSeen.stream().anyMatch(s -> s.size() == 2), "a switch knows the one beside it: "
                + alongsideSeen);
    }

    @Test
    void theElectorIsToldWhichRacksAreInFlight() {
        List<Set<String>> busySeen = new ArrayList<>();
        Deque<Job> queue = new ArrayDeque<>(List.of(new Job("a1", "rack-a", new CountDownLatch(0)),
                new Job("b1", "rack-b", new CountDownLatch(0))));
        CountDownLatch hold = new CountDownLatch(1);
        try (RollingScheduler<Job> slots = new RollingScheduler<>(3, Job::rack, Job::name, (job, alongside) -> {
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return result(job.name());
        })) {
            slots.fill(busy -> {
                busySeen.add(Set.copyOf(busy));
                return Optional.ofNullable(queue.poll());
            }, 10);
            hold.countDown();
            while (!slots.idle()) {
                slots.next();
            }
        }
        assertEquals(List.of(Set.of(), Set.of("rack-a"), Set.of("rack-a", "rack-b")), busySeen);
        assertFalse(busySeen.isEmpty());
    }
}
