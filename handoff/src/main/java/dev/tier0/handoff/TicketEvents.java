package dev.tier0.handoff;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where ticket events go once a change is stored. Implementations must not block or throw: a failed
 * notification never undoes or delays the change.
 */
@FunctionalInterface
public interface TicketEvents {

  /** Announces an event. */
  void publish(TicketEvent event);

  /** Events go nowhere. */
  static TicketEvents none() {
    return event -> {};
  }

  /** Events go to each of these, in order; one failing does not stop the others. */
  static TicketEvents all(List<TicketEvents> targets) {
    List<TicketEvents> copy = List.copyOf(targets);
    Logger log = LoggerFactory.getLogger(TicketEvents.class);
    return event -> {
      for (TicketEvents target : copy) {
        try {
          target.publish(event);
        } catch (RuntimeException e) {
          log.warn("Could not announce {} of {}: {}", event.type(), event.ticketId(), e.toString());
        }
      }
    };
  }
}
