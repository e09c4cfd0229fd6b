package dev.tier0.connector.slack;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.spi.ChannelRegistry;
import dev.tier0.bot.spi.ConversationStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a conversation lives in Slack and how replies get there. The place is kept in the
 * conversation's attributes so that any instance (and the agents' replies) can reach the user.
 */
final class SlackDelivery {
  private static final Logger log = LoggerFactory.getLogger(SlackDelivery.class);

  static final String TEAM = "slack.team";
  static final String CHANNEL = "slack.channel";
  static final String THREAD = "slack.thread";

  private final SlackWebApi api;
  private final BlockKitRenderer renderer;
  private final ChannelRegistry registry;
  private final ConversationStore store;

  SlackDelivery(
      SlackWebApi api,
      BlockKitRenderer renderer,
      ChannelRegistry registry,
      ConversationStore store) {
    this.api = api;
    this.renderer = renderer;
    this.registry = registry;
    this.store = store;
  }

  /**
   * A place in Slack: a direct-message channel, or a thread of a channel.
   *
   * @param thread the thread to answer in; null for a DM's top level, or for a channel conversation
   *     whose thread starts with the bot's first reply
   */
  record Place(String team, String channel, String thread) {
    Place {
      team = team == null || team.isBlank() ? "-" : team;
    }

    boolean direct() {
      return channel.startsWith("D");
    }

    /** The channel key of {@link ChannelRegistry}: per DM channel, or per thread elsewhere. */
    String key() {
      return direct() ? dmKey(team, channel) : threadKey(team, channel, thread);
    }
  }

  static String dmKey(String team, String channel) {
    return "slack:" + team + ":" + channel;
  }

  static String threadKey(String team, String channel, String thread) {
    return "slack:" + team + ":" + channel + ":" + thread;
  }

  /** Remembers where the conversation's user is, for replies that come later. */
  void remember(String conversationId, Place place) {
    store.update(
        conversationId,
        c -> {
          Map<String, String> a = c.getAttributes();
          a.put(TEAM, place.team());
          a.put(CHANNEL, place.channel());
          if (place.thread() == null) {
            a.remove(THREAD);
          } else {
            a.put(THREAD, place.thread());
          }
          return c;
        });
  }

  /** The place remembered for a conversation, or empty when it never was on Slack. */
  static Optional<Place> placeOf(Conversation c) {
    Map<String, String> a = c.getAttributes();
    String channel = a == null ? null : a.get(CHANNEL);
    if (channel == null) {
      return Optional.empty();
    }
    return Optional.of(new Place(a.get(TEAM), channel, a.get(THREAD)));
  }

  /** Posts replies as one message. */
  void deliver(String conversationId, Place place, List<BotReply> replies) {
    if (replies.isEmpty()) {
      return;
    }
    post(conversationId, place, renderer.render(replies));
  }

  /** Posts a rendered message. */
  void post(String conversationId, Place place, BlockKitRenderer.Message message) {
    Optional<String> ts =
        api.post(place.channel(), place.thread(), message.text(), message.blocks());
    if (ts.isPresent() && place.thread() == null && !place.direct()) {
      // started outside a thread (a slash command in a channel): the conversation continues in
      // the thread under the bot's first reply
      Place threaded = new Place(place.team(), place.channel(), ts.get());
      registry.bind(threaded.key(), conversationId);
      remember(conversationId, threaded);
      log.debug("Conversation {} continues in thread {}", conversationId, ts.get());
    }
  }
}
