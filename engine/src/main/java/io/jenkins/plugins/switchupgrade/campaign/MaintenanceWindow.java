package io.jenkins.plugins.switchupgrade.campaign;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A recurring maintenance window such as {@code Mon-Fri 22:00-05:00 Europe/Berlin}: the days it opens on, its local
 * opening and closing time (a closing time at or before the opening time means the next day), and its time zone, so
 * that daylight saving time shortens or lengthens the night as the wall clock does.
 */
public record MaintenanceWindow(Set<DayOfWeek> days, LocalTime opens, LocalTime closes, ZoneId zone, String text) {
    private static final String EXAMPLE = "e.g. \"Mon-Fri 22:00-05:00 Europe/Berlin\" or \"daily 01:00-04:00 UTC\"";

    /** One opening of the window: from {@code start} (inclusive) to {@code end} (exclusive). */
    public record Occurrence(Instant start, Instant end) {
        public boolean contains(Instant at) {
            return !at.isBefore(start) && at.isBefore(end);
        }
    }

    public MaintenanceWindow {
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("a maintenance window needs at least one day");
        }
        days = Set.copyOf(days);
        if (opens.equals(closes) && !(text != null && text.contains("-24:00"))) {
            throw new IllegalArgumentException("the window '" + text + "' opens and closes at " + opens
                    + "; give a closing time that differs from the opening time, " + EXAMPLE);
        }
    }

    /**
     * Parses {@code DAYS HH:MM-HH:MM ZONE}; DAYS is {@code daily} or a comma list of days and day ranges (a range may
     * wrap, {@code Fri-Mon}); times may carry seconds, {@code 24:00} is the end of the day.
     */
    public static MaintenanceWindow parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a maintenance window is empty; " + EXAMPLE);
        }
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 3) {
            throw new IllegalArgumentException("the window '" + text + "' is not DAYS HH:MM-HH:MM ZONE; " + EXAMPLE);
        }
        Set<DayOfWeek> days = days(parts[0], text);
        String[] times = parts[1].split("-");
        if (times.length != 2) {
            throw new IllegalArgumentException("the window '" + text + "' has '" + parts[1]
                    + "' where HH:MM-HH:MM belongs; " + EXAMPLE);
        }
        LocalTime opens = time(times[0], text);
        LocalTime closes = time(times[1], text);
        ZoneId zone;
        try {
            zone = ZoneId.of(parts[2]);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("the window '" + text + "' names the time zone '" + parts[2]
                    + "', which is not known; use a region such as Europe/Berlin or UTC", e);
        }
        return new MaintenanceWindow(days, opens, closes, zone, String.join(" ", parts));
    }

    /** The opening that contains {@code at}, if the window is open then. */
    public Optional<Occurrence> openAt(Instant at) {
        LocalDate today = at.atZone(zone).toLocalDate();
        for (LocalDate day = today.minusDays(1); !day.isAfter(today); day = day.plusDays(1)) {
            Optional<Occurrence> occurrence = occurrenceOpeningOn(day);
            if (occurrence.isPresent() && occurrence.get().contains(at)) {
                return occurrence;
            }
        }
        return Optional.empty();
    }

    /** The first opening that starts after {@code at}. */
    public Occurrence nextOpeningAfter(Instant at) {
        LocalDate day = at.atZone(zone).toLocalDate().minusDays(1);
        for (int i = 0; i < 9; i++, day = day.plusDays(1)) {
            Optional<Occurrence> occurrence = occurrenceOpeningOn(day);
            if (occurrence.isPresent() && occurrence.get().start().isAfter(at)) {
                return occurrence.get();
            }
        }
        throw new IllegalStateException("the window " + text + " never opens");
    }

    /** How long the window is open per week, summed over its openings (a DST night counts as the clock runs). */
    public java.time.Duration openPerWeek(Instant from) {
        java.time.Duration total = java.time.Duration.ZERO;
        Instant end = from.plus(java.time.Duration.ofDays(7));
        Instant at = from;
        Optional<Occurrence> open = openAt(from);
        if (open.isPresent()) {
            total = total.plus(java.time.Duration.between(from, min(open.get().end(), end)));
            at = open.get().end();
        }
        while (true) {
            Occurrence next = nextOpeningAfter(at);
            if (!next.start().isBefore(end)) {
                return total;
            }
            total = total.plus(java.time.Duration.between(next.start(), min(next.end(), end)));
            at = next.start();
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private Optional<Occurrence> occurrenceOpeningOn(LocalDate day) {
        if (!days.contains(day.getDayOfWeek())) {
            return Optional.empty();
        }
        // ZonedDateTime.of moves a time inside a spring-forward gap to after it, so a window still opens that night
        ZonedDateTime start = ZonedDateTime.of(day, opens, zone);
        ZonedDateTime end = ZonedDateTime.of(closes.isAfter(opens) ? day : day.plusDays(1), closes, zone);
        return Optional.of(new Occurrence(start.toInstant(), end.toInstant()));
    }

    private static Set<DayOfWeek> days(String spec, String text) {
        if (spec.equalsIgnoreCase("daily")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : spec.split(",")) {
            String[] range = item.split("-");
            if (range.length == 1) {
                days.add(day(range[0], text));
            } else if (range.length == 2) {
                DayOfWeek from = day(range[0], text);
                DayOfWeek to = day(range[1], text);
                // a range may wrap over the week's end, e.g. Fri-Mon
                for (DayOfWeek d = from; ; d = d.plus(1)) {
                    days.add(d);
                    if (d == to) {
                        break;
                    }
                }
            } else {
                throw new IllegalArgumentException("the window '" + text + "' has the day range '" + item
                        + "'; write e.g. Mon-Fri");
            }
        }
        return days;
    }

    private static DayOfWeek day(String name, String text) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(name)
                    || d.name().equalsIgnoreCase(name)) {
                return d;
            }
        }
        List<String> known = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            known.add(d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        }
        throw new IllegalArgumentException("the window '" + text + "' names the day '" + name
                + "', which is not one of " + String.join(", ", known) + " (or daily)");
    }

    private static LocalTime time(String hhmm, String text) {
        if (hhmm.equals("24:00")) {
            return LocalTime.MIDNIGHT;
        }
        try {
            if (!hhmm.matches("\\d{1,2}:\\d{2}(:\\d{2})?")) {
                throw new DateTimeParseException("not HH:MM", hhmm, 0);
            }
            return LocalTime.parse(hhmm.length() == 4 ? "0" + hhmm : hhmm);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the window '" + text + "' has the time '" + hhmm
                    + "', which is not HH:MM or HH:MM:SS (00:00 to 24:00)", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
