package dev.tier0.handoff;

import dev.tier0.bot.BotReply;
import java.util.List;

/**
 * Receives replies relayed to a conversation from any app instance. The app's listener finds the
 * local {@link dev.tier0.bot.spi.ReplySink} for the conversation's channel; an instance that does
 * not hold the user's connection ignores the message. Called on one relay thread, in order.
 */
@FunctionalInterface
public interface RelayListener {

  void onReplies(String conversationId, List<BotReply> replies);
}
