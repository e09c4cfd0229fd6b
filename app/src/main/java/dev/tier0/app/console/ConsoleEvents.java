package dev.tier0.app.console;

import dev.tier0.handoff.ConversationRelay;
import dev.tier0.handoff.TicketEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The console's live view: every ticket event of every instance (through the relay) goes to every
 * open console as a server-sent event named {@code ticket}. A comment every 20 seconds keeps
 * proxies from closing idle streams and finds the consoles that went away.
 */
@Component
class ConsoleEvents implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ConsoleEvents.class);
  static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

  private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-heartbeat");
        t.setDaemon(true);
        return t;
      });

  /** What a console hears: the event and the ticket after it. */
  record ConsoleEvent(String type, String ticketId, String actor, String at, Object ticket) {}

  ConsoleEvents(ConversationRelay relay) {
    relay.onTicketEvent(this::broadcast);
    heartbeat.scheduleWithFixedDelay(this::ping, 20, 20, TimeUnit.SECONDS);
  }

  SseEmitter open() {
    // The browser's EventSource reconnects by itself when a stream ends.
    SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
    emitters.add(emitter);
    emitter.onCompletion(() -> emitters.remove(emitter));
    emitter.onTimeout(() -> emitters.remove(emitter));
    emitter.onError(e -> emitters.remove(emitter));
    try {
      emitter.send(SseEmitter.event().comment("open"));
    } catch (IOException e) {
      emitters.remove(emitter);
    }
    return emitter;
  }

  int openStreams() {
    return emitters.size();
  }

  void broadcast(TicketEvent event) {
    ConsoleEvent payload =
        new ConsoleEvent(
            event.type(),
            event.ticketId(),
            event.actor(),
            event.at() == null ? null : event.at().toString(),
            event.ticket());
    for (SseEmitter emitter : emitters) {
      try {
        emitter.send(SseEmitter.event().name("ticket").data(payload));
      } catch (IOException | RuntimeException e) {
        emitters.remove(emitter);
        log.debug("Console stream closed: {}", e.toString());
      }
    }
  }

  private void ping() {
    for (SseEmitter emitter : emitters) {
      try {
        emitter.send(SseEmitter.event().comment("ping"));
      } catch (IOException | RuntimeException e) {
        emitters.remove(emitter);
      }
    }
  }

  /**
   * Ends the open streams as soon as the app starts to stop: a graceful shutdown waits for active
   * requests, and a console's stream never ends by itself.
   */
  @EventListener(ContextClosedEvent.class)
  void closeStreams() {
    emitters.forEach(SseEmitter::complete);
    emitters.clear();
  }

  @Override
  public void destroy() {
    heartbeat.shutdownNow();
    emitters.forEach(SseEmitter::complete);
  }
}
