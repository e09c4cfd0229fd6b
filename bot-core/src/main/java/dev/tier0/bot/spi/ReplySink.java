package dev.tier0.bot.spi;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.Conversation;
import java.util.List;

/**
 * Delivers replies to a user outside the request that caused them: an agent's answer, "an agent
 * joined", a CSAT question. Each channel connector implements one for its channel.
 *
 * <p>Implementations must not throw for a user who is gone (closed browser, uninstalled app): they
 * log and drop, since the transcript already holds the message.
 */
public interface ReplySink {

  /** True when this sink serves the conversation's channel. */
  boolean serves(Conversation conversation);

  /** Pushes replies to the conversation's user on their channel. */
  void deliver(Conversation conversation, List<dev.tier0.bot.BotReply> replies);

  /** Convenience for a single reply. */
  default void deliver(Conversation conversation, BotReply reply) {
    deliver(conversation, List.of(reply));
  }
}
