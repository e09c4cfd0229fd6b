package dev.tier0.handoff;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Service-level targets per priority, counted in business hours except for priorities that are
 * served around the clock (P1 by default).
 *
 * <p>Default targets (first response / resolution): P1 15 min / 4 h (24x7), P2 30 min / 8 h, P3 4 h
 * / 3 business days (24 h), P4 8 h / 5 business days (40 h).
 *
 * @param targets per priority; every priority must be present
 * @param hours when the desk is staffed
 * @param aroundTheClock the priorities whose clocks run outside business hours too
 */
public record SlaPolicy(
    Map<Priority, Targets> targets, BusinessHours hours, Set<Priority> aroundTheClock) {

  /** How long until a first answer and until the fix. */
  public record Targets(Duration firstResponse, Duration resolution) {}

  public SlaPolicy {
    for (Priority p : Priority.values()) {
      if (targets.get(p) == null) {
        throw new IllegalArgumentException("SLA targets lack priority " + p);
      }
    }
    targets = Map.copyOf(new EnumMap<>(targets));
    aroundTheClock = Set.copyOf(aroundTheClock);
  }

  /** The defaults documented above with {@link BusinessHours#defaults()}. */
  public static SlaPolicy defaults() {
    return new SlaPolicy(
        Map.of(
            Priority.P1, new Targets(Duration.ofMinutes(15), Duration.ofHours(4)),
            Priority.P2, new Targets(Duration.ofMinutes(30), Duration.ofHours(8)),
            Priority.P3, new Targets(Duration.ofHours(4), Duration.ofHours(24)),
            Priority.P4, new Targets(Duration.ofHours(8), Duration.ofHours(40))),
        BusinessHours.defaults(),
        Set.of(Priority.P1));
  }

  /** The due times of a ticket of this priority opened at {@code createdAt}. */
  public Ticket.Sla due(Priority priority, Instant createdAt) {
    Targets t = targets.get(priority);
    if (aroundTheClock.contains(priority)) {
      return new Ticket.Sla(createdAt.plus(t.firstResponse()), createdAt.plus(t.resolution()));
    }
    return new Ticket.Sla(
        hours.addWorkingTime(createdAt, t.firstResponse()),
        hours.addWorkingTime(createdAt, t.resolution()));
  }

  /**
   * A sentence telling the user when to expect a person, e.g. "An IT agent usually answers within
   * 30 minutes." or, out of hours, "The IT desk is closed now; an agent will answer when it opens
   * on Monday at 08:00 (UTC)."
   */
  public String expectation(Priority priority, Instant now) {
    Targets t = targets.get(priority);
    if (aroundTheClock.contains(priority) || hours.isOpen(now)) {
      return "An IT agent usually answers within " + human(t.firstResponse()) + ".";
    }
    ZonedDateTime opens = hours.nextOpening(now);
    ZonedDateTime local = now.atZone(hours.zone());
    String day =
        opens.toLocalDate().equals(local.toLocalDate())
            ? "today"
            : opens.toLocalDate().equals(local.toLocalDate().plusDays(1))
                ? "tomorrow"
                : "on " + opens.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    return "The IT desk is closed now; an agent will answer when it opens "
        + day
        + " at "
        + opens.format(DateTimeFormatter.ofPattern("HH:mm"))
        + " ("
        + hours.zone().getId()
        + ").";
  }

  static String human(Duration d) {
    long minutes = d.toMinutes();
    if (minutes < 60) {
      return minutes + (minutes == 1 ? " minute" : " minutes");
    }
    if (minutes % 60 == 0) {
      long h = minutes / 60;
      return h + (h == 1 ? " hour" : " hours");
    }
    return (minutes / 60) + " h " + (minutes % 60) + " min";
  }
}
