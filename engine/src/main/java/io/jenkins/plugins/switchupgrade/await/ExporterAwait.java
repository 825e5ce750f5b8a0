package io.jenkins.plugins.switchupgrade.await;

import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.PromQl;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusException;
import io.jenkins.plugins.switchupgrade.metrics.Sample;
import io.jenkins.plugins.switchupgrade.ports.Console;
import io.jenkins.plugins.switchupgrade.ports.Sleeper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Waits for a rebooting switch to be really back: its exporter port (9100) closes and opens again, or its
 * {@code node_boot_time_seconds} changes; then Prometheus must hold an {@code up == 1} sample of it scraped after
 * it came back. A switch whose port never closed and whose boot time never changed did not reboot: a failure.
 */
public final class ExporterAwait {
    /** The one place of the wait's defaults: the exporter's port and the limits per phase, in seconds. */
    public static final int DEFAULT_PORT = 9100;
    public static final long DEFAULT_DOWN_SECONDS = 300;
    public static final long DEFAULT_UP_SECONDS = 1800;
    public static final long DEFAULT_FRESH_SECONDS = 120;

    private final PrometheusClient prometheus;
    private final MetricsProfile profile;
    private final Console console;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Settings settings;
    private static final String PART = "switch_upgrade_part";
    private volatile String lastPrometheusError;

    /** Limits per phase, the port and the poll interval (at most 1 s). */
    public record Settings(int port, Duration downWithin, Duration upWithin, Duration freshWithin, Duration poll,
                           Duration connectTimeout, Duration progressEvery) {
        public Settings {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be within 1..65535, was " + port);
            }
            positive("downWithin", downWithin);
            positive("upWithin", upWithin);
            positive("freshWithin", freshWithin);
            positive("poll", poll);
            if (poll.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("poll must be 1 s or less so that a return is seen quickly, was " + poll);
            }
        }

        private static void positive(String what, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be a positive duration, was " + value);
            }
        }

        /** Port 9100; 5 min to go down, 30 min to come back, 2 min for a fresh sample; polls every 100 ms. */
        public static Settings defaults() {
            return new Settings(DEFAULT_PORT, Duration.ofSeconds(DEFAULT_DOWN_SECONDS),
                    Duration.ofSeconds(DEFAULT_UP_SECONDS), Duration.ofSeconds(DEFAULT_FRESH_SECONDS),
                    Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(10));
        }

        public Settings withLimits(Duration down, Duration up, Duration fresh) {
            return new Settings(port, down, up, fresh, poll, connectTimeout, progressEvery);
        }

        public Settings withPort(int newPort) {
            return new Settings(newPort, downWithin, upWithin, freshWithin, poll, connectTimeout, progressEvery);
        }

        public Settings withPoll(Duration newPoll) {
            return new Settings(port, downWithin, upWithin, freshWithin, newPoll, connectTimeout, progressEvery);
        }
    }

    public ExporterAwait(PrometheusClient prometheus, MetricsProfile profile, Console console, Clock clock,
                         Sleeper sleeper, Settings settings) {
        this.prometheus = prometheus;
        this.profile = profile;
        this.console = console;
        this.clock = clock;
        this.sleeper = sleeper;
        this.settings = settings;
    }

    /** The state to start from, taken right before the disruptive command: deadlines and the current boot time. */
    public AwaitState begin(String switchName, String address) {
        Instant now = clock.instant();
        return new AwaitState(AwaitState.Phase.WAIT_DOWN, now, now.plus(settings.downWithin()),
                null, null, null, null, null, bootTime(switchName).orElse(null), null, null, address);
    }

    /** As {@link #begin(String, String)}, the address to be given to {@link #await} (tests that probe by hand). */
    public AwaitState begin(String switchName) {
        return begin(switchName, null);
    }

    /** Waits from {@code state} on, probing the address it carries. */
    public AwaitState await(String switchName, AwaitState state) {
        if (state.address() == null || state.address().isBlank()) {
            throw new IllegalArgumentException("the wait state of " + switchName + " has no address to probe");
        }
        return await(switchName, state.address(), state, null);
    }

    /** Waits from {@code state} on (a new one from {@link #begin}, or a persisted one after a restart). */
    public AwaitState await(String switchName, String address, AwaitState state) {
        return await(switchName, address, state, null);
    }

    /**
     * Waits from {@code state} on, but returns the state reached when {@code until} passes first, so that a host
     * can persist it and go on later (a phase not {@link AwaitState.Phase#BACK} then); {@code null} waits to the end.
     */
    public AwaitState await(String switchName, String address, AwaitState state, Instant until) {
        InetSocketAddress target = new InetSocketAddress(address, settings.port());
        Instant lastProgress = Instant.EPOCH;
        Instant lastBootQuery = Instant.EPOCH;
        Instant[] nextFreshQuery = {Instant.EPOCH};
        AwaitState current = state;
        while (current.phase() != AwaitState.Phase.BACK) {
            Instant now = clock.instant();
            if (until != null && now.isAfter(until)) {
                return current;
            }
            switch (current.phase()) {
                case WAIT_DOWN -> {
                    if (!isOpen(target)) {
                        current = current.down(now, "port " + settings.port() + " closed", now.plus(settings.upWithin()));
                        console.log("awaitExporter " + switchName + ": went down (port " + settings.port()
                                + " closed) after " + seconds(current.startedAt(), now));
                        continue;
                    }
                    // the port is probed every poll; Prometheus is asked for the boot time at most once a second
                    Optional<Double> boot = Optional.empty();
                    if (Duration.between(lastBootQuery, now).compareTo(Duration.ofSeconds(1)) >= 0) {
                        lastBootQuery = now;
                        boot = bootTime(switchName);
                    }
                    if (boot.isPresent() && current.bootTimeBefore() != null
                            && !boot.get().equals(current.bootTimeBefore())) {
                        current = current.down(now, "node_boot_time_seconds changed", now.plus(settings.upWithin()));
                        console.log("awaitExporter " + switchName + ": rebooted (node_boot_time_seconds changed) after "
                                + seconds(current.startedAt(), now));
                        continue;
                    }
                    if (now.isAfter(current.downDeadline())) {
                        throw new AwaitException(switchName + " did not reboot: port " + settings.port()
                                + " stayed open and node_boot_time_seconds did not change for "
                                + seconds(current.startedAt(), now) + " (limit " + settings.downWithin().toSeconds()
                                + " s); check whether the reboot command reached it", current);
                    }
                }
                case WAIT_UP -> {
                    if (isOpen(target)) {
                        current = current.up(now, now.plus(settings.freshWithin()));
                        console.log("awaitExporter " + switchName + ": port " + settings.port() + " open again after "
                                + seconds(current.downAt(), now) + " down; waiting for a fresh Prometheus sample");
                        continue;
                    }
                    if (now.isAfter(current.upDeadline())) {
                        throw new AwaitException(switchName + " did not come back: port " + settings.port()
                                + " still closed " + seconds(current.downAt(), now) + " after it went down (limit "
                                + settings.upWithin().toSeconds() + " s); check its console", current);
                    }
                }
                case WAIT_FRESH -> {
                    if (now.isBefore(nextFreshQuery[0])) {
                        break;
                    }
                    Optional<Instant> fresh = freshSample(switchName, current.upAt(), nextFreshQuery);
                    if (fresh.isPresent()) {
                        Double bootAfter = bootTime(switchName).orElse(null);
                        current = current.back(fresh.get(), bootAfter);
                        console.log("awaitExporter " + switchName + ": back; Prometheus scraped it at " + fresh.get()
                                + " (" + seconds(current.startedAt(), now) + " in all)");
                        continue;
                    }
                    if (now.isAfter(current.freshDeadline())) {
                        throw new AwaitException(lastPrometheusError != null
                                ? switchName + " answers on port " + settings.port() + " but Prometheus could not be "
                                + "asked whether it scraped it (limit " + settings.freshWithin().toSeconds() + " s): "
                                + lastPrometheusError
                                : switchName + " answers on port " + settings.port() + " but Prometheus "
                                + "has no up == 1 sample of it scraped after " + current.upAt() + " (limit "
                                + settings.freshWithin().toSeconds() + " s); check its scrape target in Prometheus",
                                current);
                    }
                }
                default -> throw new IllegalStateException("unexpected phase " + current.phase());
            }
            if (Duration.between(lastProgress, now).compareTo(settings.progressEvery()) >= 0) {
                lastProgress = now;
                console.log("awaitExporter " + switchName + ": " + describe(current, now));
            }
            try {
                sleeper.sleep(settings.poll());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwaitException("waiting for " + switchName + " was cancelled in phase " + current.phase(),
                        current, true);
            }
        }
        return current;
    }

    private String describe(AwaitState state, Instant now) {
        return switch (state.phase()) {
            case WAIT_DOWN -> "waiting for it to go down (port " + settings.port() + " still open, "
                    + seconds(state.startedAt(), now) + " of " + settings.downWithin().toSeconds() + " s)";
            case WAIT_UP -> "down for " + seconds(state.downAt(), now) + ", waiting for port " + settings.port()
                    + " (limit " + settings.upWithin().toSeconds() + " s)";
            case WAIT_FRESH -> "port open, waiting for Prometheus to scrape it (" + seconds(state.upAt(), now) + ")";
            case BACK -> "back";
        };
    }

    private static String seconds(Instant from, Instant to) {
        return String.format(java.util.Locale.ROOT, "%.1f s", Duration.between(from, to).toMillis() / 1000.0);
    }

    /** Whether the switch's exporter port accepts a connection now (one try, within the connect timeout). */
    public boolean isPortOpen(String address) {
        return isOpen(new InetSocketAddress(address, settings.port()));
    }

    private boolean isOpen(InetSocketAddress target) {
        try (Socket socket = new Socket()) {
            socket.connect(target, (int) settings.connectTimeout().toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Optional<Double> bootTime(String switchName) {
        try {
            List<Sample> samples = prometheus.query(PromQl.fill(profile.bootTimeQuery(),
                    Map.of("switches", PromQl.alternation(List.of(switchName)))));
            return samples.stream().filter(s -> s.label(profile.switchLabel()).equals(switchName))
                    .map(Sample::value).findFirst();
        } catch (PrometheusException e) {
            console.log("awaitExporter " + switchName + ": boot time not readable now (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /**
     * The time of an {@code up == 1} sample of the switch scraped after {@code after}, if Prometheus has one: one
     * query, answering the latest scrape's time and its {@code up}. When that scrape is older, the next query is
     * set for just after the next scrape (that one plus the scrape interval), so the wait costs about one request
     * per scrape instead of two per poll; a scrape not yet visible when due is asked again shortly after.
     */
    private Optional<Instant> freshSample(String switchName, Instant after, Instant[] nextFreshQuery) {
        String up = PromQl.fill(profile.exporterUpQuery(), Map.of("switches", PromQl.alternation(List.of(switchName))));
        Optional<Duration> interval = prometheus.scrapeInterval();
        Instant now = clock.instant();
        nextFreshQuery[0] = now.plus(interval.map(i -> i.dividedBy(2)).orElse(settings.poll()));
        try {
            // timestamp() of a plain selector is the scrape time of the latest sample, not the evaluation time
            List<Sample> samples = prometheus.query("label_replace(timestamp(" + up + "), \"" + PART + "\", \"at\", "
                    + "\"\", \"\") or label_replace(" + up + ", \"" + PART + "\", \"up\", \"\", \"\")");
            lastPrometheusError = null;
            Instant scrapedAt = null;
            boolean isUp = false;
            for (Sample sample : samples) {
                if (sample.label(profile.switchLabel()).equals(switchName)) {
                    if ("at".equals(sample.label(PART))) {
                        scrapedAt = Instant.ofEpochMilli((long) (sample.value() * 1000));
                    } else if ("up".equals(sample.label(PART))) {
                        isUp = sample.value() == 1.0;
                    }
                }
            }
            if (scrapedAt == null) {
                return Optional.empty();
            }
            if (isUp && scrapedAt.isAfter(after)) {
                return Optional.of(scrapedAt);
            }
            if (interval.isPresent()) {
                nextFreshQuery[0] = nextScrape(scrapedAt, interval.get(), now);
            }
        } catch (PrometheusException e) {
            lastPrometheusError = e.getMessage();
            console.log("awaitExporter " + switchName + ": Prometheus not answering now (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    /**
     * When to ask again for a sample newer than one scraped at {@code scrapedAt}: just after the next scrape; if
     * that is already past (the scrape is late, or not yet written), shortly after now.
     */
    public static Instant nextScrape(Instant scrapedAt, Duration interval, Instant now) {
        Instant due = scrapedAt.plus(interval).plus(margin(interval));
        Duration retry = interval.dividedBy(20).compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50)
                : interval.dividedBy(20);
        return due.isAfter(now) ? due : now.plus(retry);
    }

    /**
     * How long after a scrape starts its sample is usually queryable: a twentieth of the interval, within
     * 30 ms..1 s (a scrape of one switch's exporter takes milliseconds); a later one is asked again shortly after.
     */
    public static Duration margin(Duration scrapeInterval) {
        Duration part = scrapeInterval.dividedBy(20);
        return part.compareTo(Duration.ofMillis(30)) < 0 ? Duration.ofMillis(30)
                : part.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : part;
    }
}
