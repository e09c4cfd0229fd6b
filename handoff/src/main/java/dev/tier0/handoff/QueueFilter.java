package dev.tier0.handoff;

import java.time.Duration;
import java.util.Set;

/**
 * Which waiting tickets an agent wants to see.
 *
 * @param priorities only these priorities; empty for all
 * @param category only this category, or null for all
 * @param maxAge only tickets younger than this, or null for all
 * @param limit at most this many tickets (1..1000)
 */
public record QueueFilter(Set<Priority> priorities, String category, Duration maxAge, int limit) {

  public QueueFilter {
    priorities = priorities == null ? Set.of() : Set.copyOf(priorities);
    limit = Math.max(1, Math.min(limit, 1000));
  }

  /** Every waiting ticket, up to 200. */
  public static QueueFilter all() {
    return new QueueFilter(Set.of(), null, null, 200);
  }

  boolean accepts(Ticket ticket, java.time.Instant now) {
    return ticket.status() == TicketStatus.NEW
        && (priorities.isEmpty() || priorities.contains(ticket.priority()))
        && (category == null || category.equals(ticket.category()))
        && (maxAge == null || !ticket.createdAt().isBefore(now.minus(maxAge)));
  }
}
