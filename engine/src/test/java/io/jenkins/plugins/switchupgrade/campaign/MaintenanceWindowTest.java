package io.jenkins.plugins.switchupgrade.campaign;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Maintenance windows: parsing, windows crossing midnight, daylight saving time, and whether a switch fits. */
class MaintenanceWindowTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final MaintenanceWindow WEEKNIGHTS = MaintenanceWindow.parse("Mon-Fri 22:00-05:00 Europe/Berlin");

    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    @Test
    void parsesDaysTimesAndZone() {
        assertEquals(Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY), WEEKNIGHTS.days());
        assertEquals(BERLIN, WEEKNIGHTS.zone());
        assertEquals("22:00", WEEKNIGHTS.opens().toString());
        assertEquals("05:00", WEEKNIGHTS.closes().toString());
        assertEquals(Set.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY),
                MaintenanceWindow.parse("Fri-Mon 01:00-04:00 UTC").days());
        assertEquals(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
                MaintenanceWindow.parse("sat,Sun 00:00-24:00 UTC").days());
        assertEquals(7, MaintenanceWindow.parse("daily 1:00-4:30 UTC").days().size());
    }

    @Test
    void badWindowsSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MaintenanceWindow.parse("Mon-Fri 22:00-05:00"))
                .getMessage().contains("is not DAYS HH:MM-HH:MM ZONE"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MaintenanceWindow.parse("Mon-Fry 22:00-05:00 UTC")).getMessage().contains("the day 'Fry'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MaintenanceWindow.parse("Mon 25:00-05:00 UTC")).getMessage().contains("the time '25:00'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MaintenanceWindow.parse("Mon 22:00-05:00 Mars/Olympus")).getMessage()
                .contains("time zone 'Mars/Olympus'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MaintenanceWindow.parse("Mon 22:00-22:00 UTC")).getMessage().contains("opens and closes at"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MaintenanceWindow.parse("Mon 22:00 UTC")).getMessage().contains("where HH:MM-HH:MM belongs"));
        assertThrows(IllegalArgumentException.class, () -> MaintenanceWindow.parse(" "));
    }

    @Test
    void aWindowCrossingMidnightBelongsToTheDayItOpens() {
        // Friday night's window runs into Saturday morning; Sunday night has none, so Monday 04:00 is closed
        assertEquals(berlin("2026-12-05T05:00"), WEEKNIGHTS.openAt(berlin("2026-12-05T03:00")).orElseThrow().end());
        assertTrue(WEEKNIGHTS.openAt(berlin("2026-12-05T23:00")).isEmpty());
        assertTrue(WEEKNIGHTS.openAt(berlin("2026-12-07T04:00")).isEmpty());
        assertTrue(WEEKNIGHTS.openAt(berlin("2026-12-08T04:59")).isPresent());
        assertTrue(WEEKNIGHTS.openAt(berlin("2026-12-08T05:00")).isEmpty(), "the closing minute is outside");
        assertTrue(WEEKNIGHTS.openAt(berlin("2026-12-08T21:59")).isEmpty());
        assertEquals(berlin("2026-12-07T22:00"), WEEKNIGHTS.nextOpeningAfter(berlin("2026-12-05T12:00")).start());
    }

    @Test
    void daylightSavingTimeShortensAndLengthensTheNight() {
        MaintenanceWindow nightly = MaintenanceWindow.parse("daily 22:00-05:00 Europe/Berlin");
        // 2026-03-29 02:00 CET becomes 03:00 CEST; 2026-10-25 03:00 CEST becomes 02:00 CET
        MaintenanceWindow.Occurrence spring = nightly.openAt(berlin("2026-03-29T01:30")).orElseThrow();
        assertEquals(Duration.ofHours(6), Duration.between(spring.start(), spring.end()));
        assertEquals(Instant.parse("2026-03-29T03:00:00Z"), spring.end());
        MaintenanceWindow.Occurrence autumn = nightly.openAt(berlin("2026-10-25T01:30")).orElseThrow();
        assertEquals(Duration.ofHours(8), Duration.between(autumn.start(), autumn.end()));
        assertEquals(Instant.parse("2026-10-25T04:00:00Z"), autumn.end());
        MaintenanceWindow.Occurrence ordinary = nightly.openAt(berlin("2026-12-02T01:30")).orElseThrow();
        assertEquals(Duration.ofHours(7), Duration.between(ordinary.start(), ordinary.end()));
    }

    @Test
    void aSwitchStartsOnlyIfItsExpectedDurationEndsInsideTheWindow() {
        MaintenanceWindows windows = new MaintenanceWindows(List.of(WEEKNIGHTS));
        Duration half = Duration.ofMinutes(30);
        assertEquals(Optional.empty(), windows.refusal(berlin("2026-12-08T04:00"), half));
        assertEquals(Optional.empty(), windows.refusal(berlin("2026-12-08T04:30"), half), "ends exactly at 05:00");
        String late = windows.refusal(berlin("2026-12-08T04:40"), half).orElseThrow();
        assertTrue(late.contains("the window closes Tue 05:00 CET") && late.contains("in 20 min 0 s")
                && late.contains("about 30 min 0 s"), late);
        String closed = windows.refusal(berlin("2026-12-08T12:00"), half).orElseThrow();
        assertTrue(closed.contains("no maintenance window is open now") && closed.contains("next opens Tue 22:00 CET"),
                closed);
        assertEquals(Optional.empty(), MaintenanceWindows.always().refusal(berlin("2026-12-08T12:00"), half));
    }

    @Test
    void windowsThatTouchCountAsOne() {
        MaintenanceWindows weekend = MaintenanceWindows.parse(List.of("Mon-Fri 22:00-05:00 Europe/Berlin",
                "Sat 05:00-24:00 Europe/Berlin"));
        assertEquals(berlin("2026-12-06T00:00"), weekend.closesAt(berlin("2026-12-05T04:00")).orElseThrow());
        assertFalse(weekend.refusal(berlin("2026-12-05T04:50"), Duration.ofMinutes(30)).isPresent());
    }

    @Test
    void theJenkinsConfigurationHoldsOneWindowPerLine() {
        assertEquals(List.of("Mon-Fri 22:00-05:00 Europe/Berlin", "Sat 05:00-24:00 UTC"), MaintenanceWindows
                .parseLines("  Mon-Fri 22:00-05:00 Europe/Berlin\n\n Sat  05:00-24:00 UTC \n").texts());
        assertTrue(MaintenanceWindows.parseLines(null).isAlways());
        assertTrue(MaintenanceWindows.parseLines(" \n ").isAlways());
    }

    @Test
    void openHoursPerWeekFollowTheDays() {
        assertEquals(Duration.ofHours(35), WEEKNIGHTS.openPerWeek(berlin("2026-12-07T12:00")));
        assertEquals(Duration.ofHours(35), WEEKNIGHTS.openPerWeek(berlin("2026-12-08T03:00")));
    }
}
