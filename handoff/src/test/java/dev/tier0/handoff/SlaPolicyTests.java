package dev.tier0.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlaPolicyTests {

  final SlaPolicy sla = SlaPolicy.defaults();
  // 2026-11-20 is a Friday.
  final Instant fridayNoon = Instant.parse("2026-11-20T12:00:00Z");
  final Instant fridayEvening = Instant.parse("2026-11-20T17:30:00Z");
  final Instant saturday = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void countsBusinessHoursOnlyAndSkipsTheWeekend() {
    Ticket.Sla due = sla.due(Priority.P2, fridayEvening);
    assertThat(due.firstResponseDue()).isEqualTo(Instant.parse("2026-11-20T18:00:00Z"));
    assertThat(due.resolutionDue()).isEqualTo(Instant.parse("2026-11-23T15:30:00Z"));
    assertThat(sla.due(Priority.P3, saturday).firstResponseDue())
        .isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
  }

  @Test
  void runsP1AroundTheClock() {
    Ticket.Sla due = sla.due(Priority.P1, saturday);
    assertThat(due.firstResponseDue()).isEqualTo(saturday.plus(Duration.ofMinutes(15)));
    assertThat(due.resolutionDue()).isEqualTo(saturday.plus(Duration.ofHours(4)));
  }

  @Test
  void tellsTheUserWhenToExpectAPerson() {
    assertThat(sla.expectation(Priority.P2, fridayNoon))
        .isEqualTo("An IT agent usually answers within 30 minutes.");
    assertThat(sla.expectation(Priority.P4, saturday))
        .isEqualTo(
            "The IT desk is closed now; an agent will answer when it opens on Monday at 08:00 (UTC).");
    assertThat(sla.expectation(Priority.P3, Instant.parse("2026-11-23T06:00:00Z")))
        .contains("opens today at 08:00");
    assertThat(sla.expectation(Priority.P3, Instant.parse("2026-11-23T19:00:00Z")))
        .contains("opens tomorrow at 08:00");
    assertThat(sla.expectation(Priority.P1, saturday)).contains("15 minutes");
  }

  @Test
  void followsAConfiguredCalendar() {
    BusinessHours berlin =
        new BusinessHours(
            ZoneId.of("Europe/Berlin"),
            EnumSet.of(DayOfWeek.SATURDAY),
            LocalTime.of(9, 0),
            LocalTime.of(12, 0));
    SlaPolicy custom =
        new SlaPolicy(
            Map.of(
                Priority.P1, new SlaPolicy.Targets(Duration.ofHours(1), Duration.ofHours(2)),
                Priority.P2, new SlaPolicy.Targets(Duration.ofHours(1), Duration.ofHours(4)),
                Priority.P3, new SlaPolicy.Targets(Duration.ofHours(1), Duration.ofHours(4)),
                Priority.P4, new SlaPolicy.Targets(Duration.ofHours(1), Duration.ofHours(4))),
            berlin,
            Set.of());
    // Friday noon UTC: the next opening is Saturday 09:00 Berlin = 08:00 UTC.
    assertThat(custom.due(Priority.P1, fridayNoon).firstResponseDue())
        .isEqualTo(Instant.parse("2026-11-21T09:00:00Z"));
    assertThat(custom.due(Priority.P2, fridayNoon).resolutionDue())
        .isEqualTo(Instant.parse("2026-11-28T09:00:00Z"));
  }

  @Test
  void refusesAnIncompleteConfiguration() {
    assertThatThrownBy(() -> new SlaPolicy(Map.of(), BusinessHours.defaults(), Set.of()))
        .hasMessageContaining("lack priority");
    assertThatThrownBy(() ->
            new BusinessHours(
                ZoneId.of("UTC"), Set.of(DayOfWeek.MONDAY), LocalTime.NOON, LocalTime.NOON))
        .hasMessageContaining("open before");
  }
}
