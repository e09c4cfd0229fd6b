package dev.tier0.app.analytics;

import dev.tier0.bot.BotTurn;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.spi.TurnListener;
import dev.tier0.handoff.RedisAnalytics;
import dev.tier0.handoff.TicketEvent;
import dev.tier0.handoff.TicketEvents;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every completed turn and every ticket change of this instance: as facts in Redis for the
 * dashboard and as Micrometer figures. Ticket events come straight from the queue of the instance
 * that made the change (not through the relay), so each is counted exactly once however many
 * instances run.
 */
final class AnalyticsRecorder implements TurnListener, TicketEvents {

  private static final Logger log = LoggerFactory.getLogger(AnalyticsRecorder.class);

  private final RedisAnalytics analytics;
  private final HelpdeskMetrics metrics;
  private final Clock clock;

  AnalyticsRecorder(RedisAnalytics analytics, HelpdeskMetrics metrics, Clock clock) {
    this.analytics = analytics;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void onTurn(Conversation conversation, String userText, BotTurn turn, Duration took) {
    try {
      metrics.turn(conversation, turn, took);
    } catch (RuntimeException e) {
      log.debug("Turn metrics skipped: {}", e.toString());
    }
    try {
      analytics.recordTurnSoon(
          new RedisAnalytics.TurnFact(
              conversation.getId(),
              conversation.getCreatedAt(),
              conversation.getRequester() == null || conversation.getRequester().channel() == null
                  ? null
                  : conversation.getRequester().channel().id(),
              clock.instant(),
              turn.outcome() == null ? null : turn.outcome().id(),
              turn.nlu() == null ? null : turn.nlu().intent(),
              turn.nlu() == null ? null : turn.nlu().confidence(),
              turn.ticket() != null,
              conversation.getCsat()));
    } catch (RuntimeException e) {
      log.warn("Turn of {} not recorded for analytics: {}", conversation.getId(), e.toString());
    }
  }

  @Override
  public void publish(TicketEvent event) {
    try {
      metrics.ticket(event);
    } catch (RuntimeException e) {
      log.debug("Ticket metrics skipped: {}", e.toString());
    }
    try {
      analytics.recordTicketEvent(event);
    } catch (RuntimeException e) {
      log.warn(
          "{} of {} not recorded for analytics: {}", event.type(), event.ticketId(), e.toString());
    }
  }
}
