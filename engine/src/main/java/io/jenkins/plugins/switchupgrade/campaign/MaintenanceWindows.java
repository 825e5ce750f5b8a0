package io.jenkins.plugins.switchupgrade.campaign;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The maintenance windows a round may work in (none: always). A switch may start only if its expected duration
 * ends before the window it starts in closes; windows that touch or overlap count as one.
 */
public record MaintenanceWindows(List<MaintenanceWindow> windows) {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("EEE HH:mm zzz", Locale.ENGLISH);

    public MaintenanceWindows {
        windows = windows == null ? List.of() : List.copyOf(windows);
    }

    /** No window: a round may start a switch at any time. */
    public static MaintenanceWindows always() {
        return new MaintenanceWindows(List.of());
    }

    /** Parses each text with {@link MaintenanceWindow#parse}. */
    public static MaintenanceWindows parse(List<String> texts) {
        return new MaintenanceWindows(texts == null ? List.of() : texts.stream().map(MaintenanceWindow::parse).toList());
    }

    /** One window per non-blank line, as the Jenkins configuration holds them; null or blank: always. */
    public static MaintenanceWindows parseLines(String text) {
        return parse(text == null ? List.of() : text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList());
    }

    public boolean isAlways() {
        return windows.isEmpty();
    }

    /** When the window open at {@code at} closes, following windows that open before it closes; empty: closed. */
    public Optional<Instant> closesAt(Instant at) {
        Optional<Instant> end = Optional.empty();
        Instant probe = at;
        for (int hop = 0; hop < 64; hop++) {
            Optional<Instant> next = Optional.empty();
            for (MaintenanceWindow window : windows) {
                Optional<MaintenanceWindow.Occurrence> open = window.openAt(probe);
                if (open.isPresent() && (next.isEmpty() || open.get().end().isAfter(next.get()))) {
                    next = Optional.of(open.get().end());
                }
            }
            if (next.isEmpty()) {
                return end;
            }
            end = next;
            probe = next.get();
        }
        return end;
    }

    /** When the next window opens after {@code at}; empty when there are no windows. */
    public Optional<Instant> nextOpening(Instant at) {
        return windows.stream().map(w -> w.nextOpeningAfter(at).start()).min(Instant::compareTo);
    }

    /**
     * Why a switch expected to take {@code expected} must not start at {@code at}, or empty when it may: the window
     * is closed, or it closes before the switch would be done.
     */
    public Optional<String> refusal(Instant at, Duration expected) {
        if (isAlways()) {
            return Optional.empty();
        }
        Optional<Instant> closes = closesAt(at);
        if (closes.isEmpty()) {
            return Optional.of("no maintenance window is open now (" + describe() + "); the next opens "
                    + format(nextOpening(at).orElseThrow()));
        }
        if (at.plus(expected).isAfter(closes.get())) {
            return Optional.of("the window closes " + format(closes.get()) + ", in "
                    + HtmlPage.duration(Duration.between(at, closes.get())) + ", and a switch takes about "
                    + HtmlPage.duration(expected));
        }
        return Optional.empty();
    }

    /** The windows as given, e.g. {@code Mon-Fri 22:00-05:00 Europe/Berlin; Sat,Sun 00:00-24:00 UTC}. */
    public String describe() {
        return isAlways() ? "always" : String.join("; ", windows.stream().map(MaintenanceWindow::text).toList());
    }

    /** The windows as report.json and the plan's JSON carry them. */
    public List<String> texts() {
        return windows.stream().map(MaintenanceWindow::text).toList();
    }

    private String format(Instant at) {
        ZoneId zone = windows.get(0).zone();
        return CLOCK.format(at.atZone(zone)) + " (" + at + ")";
    }
}
