package dev.tier0.app.analytics;

import dev.tier0.bot.BotTurn;
import dev.tier0.bot.Conversation;
import dev.tier0.handoff.AgentService;
import dev.tier0.handoff.Priority;
import dev.tier0.handoff.QueueFilter;
import dev.tier0.handoff.Ticket;
import dev.tier0.handoff.TicketEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The help desk's Prometheus figures: {@code helpdesk.turn} (latency histogram by outcome and
 * channel), {@code helpdesk.intents}, {@code helpdesk.handoffs} by reason, {@code
 * helpdesk.queue.depth} per priority, {@code helpdesk.sla.breaches}, {@code helpdesk.kb.no_answer}.
 */
final class HelpdeskMetrics {

  /** The queue is read from Redis at most this often, however often Prometheus scrapes. */
  static final Duration QUEUE_CACHE = Duration.ofSeconds(5);

  private final MeterRegistry registry;
  private final Supplier<AgentService> agents;
  private final Clock clock;
  private final Counter noAnswer;
  private final AtomicReference<Depths> depths = new AtomicReference<>();
  // Meters are looked up once per name and tags: the registry's lookup hashes every tag per call.
  // Both maps stay small: outcomes x channels, and the model's intents.
  private final Map<String, Timer> turnTimers = new ConcurrentHashMap<>();
  private final Map<String, Counter> intentCounters = new ConcurrentHashMap<>();

  private record Depths(Instant at, Map<Priority, Integer> counts) {}

  HelpdeskMetrics(MeterRegistry registry, Supplier<AgentService> agents, Clock clock) {
    this.registry = registry;
    this.agents = agents;
    this.clock = clock;
    this.noAnswer =
        Counter.builder("helpdesk.kb.no_answer")
            .description("Searches the knowledge base had no good answer for")
            .register(registry);
    for (Priority p : Priority.values()) {
      Gauge.builder("helpdesk.queue.depth", () -> depth(p))
          .description("Tickets waiting for an agent")
          .tag("priority", p.name())
          .register(registry);
    }
  }

  void turn(Conversation conversation, BotTurn turn, Duration took) {
    String channel =
        conversation.getRequester() == null || conversation.getRequester().channel() == null
            ? "unknown"
            : conversation.getRequester().channel().id();
    String outcome = turn.outcome() == null ? "unknown" : turn.outcome().id();
    turnTimers
        .computeIfAbsent(
            outcome + "|" + channel,
            k ->
                Timer.builder("helpdesk.turn")
                    .description("Time to handle one user message")
                    .tag("outcome", outcome)
                    .tag("channel", channel)
                    .register(registry))
        .record(took == null ? Duration.ZERO : took);
    if (turn.nlu() != null && turn.nlu().intent() != null) {
      intentCounters
          .computeIfAbsent(
              turn.nlu().intent(), i -> registry.counter("helpdesk.intents", "intent", i))
          .increment();
    }
  }

  void noAnswer() {
    noAnswer.increment();
  }

  void ticket(TicketEvent event) {
    Ticket t = event.ticket();
    if (t == null) {
      return;
    }
    switch (event.type()) {
      case TicketEvent.CREATED ->
          registry
              .counter("helpdesk.handoffs", "reason", t.reason() == null ? "unknown" : t.reason())
              .increment();
      case TicketEvent.AGENT_MESSAGE -> {
        // Only the answer that set the first response time can breach it.
        if (t.firstResponseAt() != null
            && t.firstResponseAt().equals(event.at())
            && t.sla() != null
            && t.sla().firstResponseDue() != null
            && t.firstResponseAt().isAfter(t.sla().firstResponseDue())) {
          breach("first_response", t);
        }
      }
      case TicketEvent.RESOLVED -> {
        if (t.resolvedAt() != null
            && t.sla() != null
            && t.sla().resolutionDue() != null
            && t.resolvedAt().isAfter(t.sla().resolutionDue())) {
          breach("resolution", t);
        }
      }
      default -> {
        // no metric
      }
    }
  }

  private void breach(String kind, Ticket t) {
    registry
        .counter(
            "helpdesk.sla.breaches",
            "kind",
            kind,
            "priority",
            t.priority() == null ? "unknown" : t.priority().name())
        .increment();
  }

  private double depth(Priority p) {
    Depths d = depths.get();
    Instant now = clock.instant();
    if (d == null || d.at().plus(QUEUE_CACHE).isBefore(now)) {
      try {
        Map<Priority, Integer> counts = new EnumMap<>(Priority.class);
        for (Priority q : Priority.values()) {
          counts.put(q, 0);
        }
        List<Ticket> waiting = agents.get().queue(new QueueFilter(null, null, null, 1000));
        waiting.forEach(t -> counts.merge(t.priority(), 1, Integer::sum));
        d = new Depths(now, counts);
        depths.set(d);
      } catch (RuntimeException e) {
        return d == null ? Double.NaN : d.counts().getOrDefault(p, 0);
      }
    }
    return d.counts().getOrDefault(p, 0);
  }
}
