package dev.tier0.connector.teams;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.Channel;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.spi.ReplySink;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers replies to Teams users outside a request of theirs (agents' answers, notices) as
 * proactive messages, using the conversation reference stored when the user last wrote. Delivery is
 * queued behind the conversation's other outgoing messages and never throws: a user who removed the
 * bot is logged and skipped.
 */
public final class TeamsReplySink implements ReplySink {

  private static final Logger log = LoggerFactory.getLogger(TeamsReplySink.class);

  private final boolean enabled;
  private final TeamsActivityProcessor processor;
  private final TeamsWorkers workers;

  TeamsReplySink(boolean enabled, TeamsActivityProcessor processor, TeamsWorkers workers) {
    this.enabled = enabled;
    this.processor = processor;
    this.workers = workers;
  }

  @Override
  public boolean serves(Conversation conversation) {
    return enabled
        && conversation != null
        && conversation.getRequester() != null
        && conversation.getRequester().channel() == Channel.TEAMS
        && ConversationReference.from(conversation).isPresent();
  }

  @Override
  public void deliver(Conversation conversation, List<BotReply> replies) {
    Optional<ConversationReference> ref =
        conversation == null || !enabled
            ? Optional.empty()
            : ConversationReference.from(conversation);
    if (ref.isEmpty() || replies == null || replies.isEmpty()) {
      log.debug(
          "No Teams conversation to deliver {} replies to", replies == null ? 0 : replies.size());
      return;
    }
    List<BotReply> copy = List.copyOf(replies);
    boolean queued =
        workers.submit(ref.get().conversationId(), () -> processor.send(ref.get(), null, copy));
    if (!queued) {
      log.warn("Dropped {} Teams replies: the channel is shutting down", copy.size());
    }
  }
}
