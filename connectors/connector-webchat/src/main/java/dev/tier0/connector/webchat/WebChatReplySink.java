package dev.tier0.connector.webchat;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.Channel;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.Speaker;
import dev.tier0.bot.TranscriptEntry;
import dev.tier0.bot.spi.ReplySink;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes replies that arrive outside a request (an agent's answer, "an agent joined", a CSAT
 * question, typing) to the web widgets of a conversation over Server-Sent Events.
 *
 * <p>It holds the event streams open on <em>this</em> instance. With several instances the
 * application relays replies to every instance and calls each one's sink, so every stream gets one
 * copy wherever it is open; a call made on one instance only (like {@link #typing}) reaches that
 * instance's streams. The widget re-reads the history whenever its stream reconnects, so nothing is
 * lost, only late. Thread-safe; a gone browser is dropped silently, as {@link ReplySink} requires.
 */
@Component
public final class WebChatReplySink implements ReplySink, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(WebChatReplySink.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** How far back in the transcript an agent's line is looked for. */
  private static final int AGENT_LOOKBACK = 20;

  private final Map<String, Set<SseEmitter>> streams = new ConcurrentHashMap<>();
  private final WebChatState state;
  private final WebChatProperties properties;
  private final ScheduledExecutorService heartbeat;

  WebChatReplySink(WebChatState state, WebChatProperties properties) {
    this.state = state;
    this.properties = properties;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "webchat-heartbeat");
          t.setDaemon(true);
          return t;
        });
    long every = Math.max(1, properties.heartbeat().toMillis());
    heartbeat.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean serves(Conversation conversation) {
    return conversation != null
        && conversation.getRequester() != null
        && conversation.getRequester().channel() == Channel.WEB;
  }

  @Override
  public void deliver(Conversation conversation, List<BotReply> replies) {
    if (conversation == null || replies == null || replies.isEmpty()) {
      return;
    }
    state.offered(conversation.getId(), replies);
    Set<SseEmitter> open = streams.get(conversation.getId());
    if (open == null || open.isEmpty()) {
      log.debug("No open web chat stream for {} on this instance", conversation.getId());
      return;
    }
    for (BotReply reply : replies) {
      Map<String, Object> event = Views.reply(reply);
      event.put("from", speaker(conversation, reply));
      event.put("state", conversation.getState().id());
      event.put("at", Instant.now().toString());
      send(conversation.getId(), "reply", JSON.writeValueAsString(event));
    }
  }

  /**
   * Tells the conversation's widgets that an agent is (or stopped) typing. Not part of {@link
   * ReplySink}: only channels that can show it get the call.
   */
  public void typing(String conversationId, boolean typing) {
    send(conversationId, "typing", JSON.writeValueAsString(Map.of("typing", typing)));
  }

  /** How many event streams are open for the conversation on this instance. */
  public int openStreams(String conversationId) {
    Set<SseEmitter> open = streams.get(conversationId);
    return open == null ? 0 : open.size();
  }

  /**
   * Registers a new stream, or returns null when the conversation already has as many as allowed.
   */
  SseEmitter open(String conversationId) {
    SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
    boolean[] added = {false};
    streams.compute(
        conversationId,
        (k, open) -> {
          Set<SseEmitter> set = open == null ? new CopyOnWriteArraySet<>() : open;
          if (set.size() < properties.maxStreamsPerConversation()) {
            added[0] = set.add(emitter);
          }
          return set.isEmpty() ? null : set;
        });
    if (!added[0]) {
      return null;
    }
    Runnable remove = () -> remove(conversationId, emitter);
    emitter.onCompletion(remove);
    emitter.onTimeout(remove);
    emitter.onError(e -> remove.run());
    try {
      // Tells the browser how soon to reconnect and proves the stream works.
      emitter.send(SseEmitter.event().name("ready").data("{}").reconnectTime(3000));
    } catch (IOException | IllegalStateException e) {
      remove(conversationId, emitter);
    }
    return emitter;
  }

  @Override
  public void destroy() {
    heartbeat.shutdownNow();
    streams.values().forEach(set -> set.forEach(SseEmitter::complete));
    streams.clear();
  }

  /**
   * An out-of-band text is the agent's when the transcript holds it as the agent's line; anything
   * else (joins, CSAT questions) speaks for the desk.
   */
  private static String speaker(Conversation conversation, BotReply reply) {
    if (reply instanceof BotReply.Text text) {
      List<TranscriptEntry> t = conversation.getTranscript();
      for (int i = t.size() - 1; i >= Math.max(0, t.size() - AGENT_LOOKBACK); i--) {
        TranscriptEntry e = t.get(i);
        if (e.from() == Speaker.AGENT && text.text().equals(e.text())) {
          return Speaker.AGENT.id();
        }
      }
    }
    return Speaker.BOT.id();
  }

  private void send(String conversationId, String name, String json) {
    Set<SseEmitter> open = streams.get(conversationId);
    if (open == null) {
      return;
    }
    for (SseEmitter emitter : open) {
      try {
        emitter.send(SseEmitter.event().name(name).data(json));
      } catch (IOException | IllegalStateException e) {
        log.debug("Dropping a closed web chat stream of {}: {}", conversationId, e.toString());
        remove(conversationId, emitter);
      }
    }
  }

  private void beat() {
    streams.forEach((conversationId, open) -> {
      for (SseEmitter emitter : open) {
        try {
          emitter.send(SseEmitter.event().comment("heartbeat"));
        } catch (IOException | IllegalStateException e) {
          remove(conversationId, emitter);
        }
      }
    });
  }

  private void remove(String conversationId, SseEmitter emitter) {
    streams.computeIfPresent(
        conversationId,
        (k, open) -> {
          open.remove(emitter);
          return open.isEmpty() ? null : open;
        });
  }
}
