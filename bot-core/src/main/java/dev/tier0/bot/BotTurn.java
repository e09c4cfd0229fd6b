package dev.tier0.bot;

import java.util.List;

/**
 * The result of handling one inbound message.
 *
 * @param replies what to show the user, in order (may be empty while agents own the conversation)
 * @param nlu the classification of the message, or null when none was made (e.g. a button value, or
 *     agents own the conversation)
 * @param outcome what the turn did
 * @param state who owns the conversation after the turn
 * @param ticket the conversation's ticket, or null
 */
public record BotTurn(
    List<BotReply> replies,
    NluResult nlu,
    Outcome outcome,
    ConversationState state,
    TicketRef ticket) {
  public BotTurn {
    replies = List.copyOf(replies);
  }
}
