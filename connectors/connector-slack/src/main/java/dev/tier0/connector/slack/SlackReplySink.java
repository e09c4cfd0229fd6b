package dev.tier0.connector.slack;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.Channel;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.spi.ReplySink;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers replies made outside a Slack request (an agent's answer, a CSAT question) to the
 * conversation's DM or thread with {@code chat.postMessage}. Serves conversations of channel {@code
 * slack} that came in through this connector.
 */
public final class SlackReplySink implements ReplySink {
  private static final Logger log = LoggerFactory.getLogger(SlackReplySink.class);

  private final SlackDelivery delivery;

  SlackReplySink(SlackDelivery delivery) {
    this.delivery = delivery;
  }

  @Override
  public boolean serves(Conversation conversation) {
    return conversation != null
        && conversation.getRequester() != null
        && conversation.getRequester().channel() == Channel.SLACK
        && SlackDelivery.placeOf(conversation).isPresent();
  }

  @Override
  public void deliver(Conversation conversation, List<BotReply> replies) {
    if (conversation == null || replies == null || replies.isEmpty()) {
      return;
    }
    SlackDelivery.placeOf(conversation)
        .ifPresentOrElse(
            place -> {
              try {
                delivery.deliver(conversation.getId(), place, replies);
              } catch (RuntimeException e) {
                log.warn(
                    "Could not deliver to Slack conversation {}: {}",
                    conversation.getId(),
                    e.toString());
              }
            },
            () -> log.warn("Conversation {} has no Slack place", conversation.getId()));
  }
}
