package dev.tier0.handoff;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * When the desk is staffed: the same opening hours on each working day, in one time zone.
 *
 * @param zone the desk's time zone
 * @param days the working days
 * @param opens opening time (inclusive)
 * @param closes closing time (exclusive), after {@code opens}
 */
public record BusinessHours(ZoneId zone, Set<DayOfWeek> days, LocalTime opens, LocalTime closes) {

  public BusinessHours {
    if (days == null || days.isEmpty()) {
      throw new IllegalArgumentException("business hours need at least one working day");
    }
    if (!opens.isBefore(closes)) {
      throw new IllegalArgumentException(
          "business hours must open before they close (got " + opens + "–" + closes + ")");
    }
    days = Set.copyOf(EnumSet.copyOf(days));
  }

  /** Monday to Friday, 08:00–18:00 UTC. */
  public static BusinessHours defaults() {
    return new BusinessHours(
        ZoneId.of("UTC"),
        EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
        LocalTime.of(8, 0),
        LocalTime.of(18, 0));
  }

  /** True when the desk is staffed at this instant. */
  public boolean isOpen(Instant at) {
    ZonedDateTime t = at.atZone(zone);
    LocalTime time = t.toLocalTime();
    return days.contains(t.getDayOfWeek()) && !time.isBefore(opens) && time.isBefore(closes);
  }

  /** The instant the desk next opens at or after {@code at} ({@code at} itself when open). */
  public ZonedDateTime nextOpening(Instant at) {
    if (isOpen(at)) {
      return at.atZone(zone);
    }
    ZonedDateTime t = at.atZone(zone);
    ZonedDateTime candidate = t.with(opens);
    if (!candidate.isAfter(t)) {
      candidate = candidate.plusDays(1);
    }
    while (!days.contains(candidate.getDayOfWeek())) {
      candidate = candidate.plusDays(1);
    }
    return candidate;
  }

  /** The instant when {@code work} of staffed time has passed, counting from {@code start}. */
  public Instant addWorkingTime(Instant start, Duration work) {
    Duration left = work;
    ZonedDateTime t = nextOpening(start);
    while (true) {
      ZonedDateTime closing = t.with(closes);
      Duration today = Duration.between(t, closing);
      if (left.compareTo(today) <= 0) {
        return t.plus(left).toInstant();
      }
      left = left.minus(today);
      t = nextOpening(closing.toInstant());
    }
  }
}
