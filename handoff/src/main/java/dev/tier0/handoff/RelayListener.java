package dev.tier0.handoff;

import dev.tier0.bot.BotReply;
import java.util.List;

/**
 * Receives replies relayed to a conversation from any app instance. The app's listener finds the
 * local {@link dev.tier0.bot.spi.ReplySink} for the conversation's channel; an instance that does
 * not hold the user's connection ignores the message. Called on one relay thread, in order.
 *
 * <p>Every instance hears every publication. A sink that pushes to connections held by this
 * instance (web chat streams) delivers on each; a sink that calls a platform's API must deliver on
 * one instance only, see {@link #onRelayed}.
 */
@FunctionalInterface
public interface RelayListener {

  void onReplies(String conversationId, List<BotReply> replies);

  /**
   * The same, with the publication's id: every instance hears a publication with the same id, so a
   * delivery that must happen once in the whole deployment (a message posted through a chat
   * platform's API) can be claimed with it, e.g. with {@code ChannelRegistry.firstDelivery}. The
   * relay calls this method; by default it forwards to {@link #onReplies}.
   *
   * @param relayId the publication's id, or null when the publisher did not give one
   */
  default void onRelayed(String conversationId, List<BotReply> replies, String relayId) {
    onReplies(conversationId, replies);
  }
}
