package dev.tier0.app.config;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.spi.ChannelRegistry;
import dev.tier0.bot.spi.ConversationStore;
import dev.tier0.bot.spi.ReplySink;
import dev.tier0.handoff.RelayListener;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers replies relayed from any instance (an agent's answer, "an agent joined", a CSAT
 * question) through this instance's reply sinks. Every instance hears every publication:
 *
 * <ul>
 *   <li>a sink whose users are connected to a particular instance (web chat streams) delivers on
 *       every instance, each to the streams it holds, so the user gets one copy wherever their
 *       stream is open;
 *   <li>a sink that calls a platform's API (Slack, Teams) delivers on one instance only: the first
 *       to claim the publication's relay id in the shared registry. Without that, each instance
 *       would post the same message once.
 * </ul>
 */
final class RelayDelivery implements RelayListener {
  private static final Logger log = LoggerFactory.getLogger(RelayDelivery.class);

  /** How long a relay id is remembered; publications arrive within milliseconds. */
  static final Duration ONCE = Duration.ofHours(1);

  private final Supplier<ConversationStore> store;
  private final Supplier<ChannelRegistry> registry;
  private final Supplier<Stream<ReplySink>> sinks;
  private final Predicate<ReplySink> holdsConnectionsHere;

  /**
   * @param holdsConnectionsHere true for a sink that pushes to connections held by this instance
   */
  RelayDelivery(
      Supplier<ConversationStore> store,
      Supplier<ChannelRegistry> registry,
      Supplier<Stream<ReplySink>> sinks,
      Predicate<ReplySink> holdsConnectionsHere) {
    this.store = store;
    this.registry = registry;
    this.sinks = sinks;
    this.holdsConnectionsHere = holdsConnectionsHere;
  }

  @Override
  public void onReplies(String conversationId, List<BotReply> replies) {
    onRelayed(conversationId, replies, null);
  }

  @Override
  public void onRelayed(String conversationId, List<BotReply> replies, String relayId) {
    Optional<Conversation> found = store.get().find(conversationId);
    if (found.isEmpty()) {
      return;
    }
    Conversation conversation = found.get();
    Boolean[] first = {null};
    sinks
        .get()
        .filter(sink -> sink.serves(conversation))
        .forEach(sink -> {
          if (holdsConnectionsHere.test(sink)) {
            deliver(sink, conversation, replies);
          } else {
            if (first[0] == null) {
              first[0] = claim(relayId);
            }
            if (first[0]) {
              deliver(sink, conversation, replies);
            }
          }
        });
  }

  /** True when this instance is the one to deliver the publication through platform APIs. */
  private boolean claim(String relayId) {
    if (relayId == null) {
      // a publisher of an older version: every instance delivers, as it did then
      return true;
    }
    try {
      return registry.get().firstDelivery("relay:" + relayId, ONCE);
    } catch (RuntimeException e) {
      // a second copy of an answer is better than none
      log.warn("Could not claim relayed replies {}, delivering: {}", relayId, e.toString());
      return true;
    }
  }

  private static void deliver(ReplySink sink, Conversation c, List<BotReply> replies) {
    try {
      sink.deliver(c, replies);
    } catch (RuntimeException e) {
      log.warn(
          "Could not deliver to {} on {}: {}",
          c.getId(),
          sink.getClass().getSimpleName(),
          e.toString());
    }
  }
}
