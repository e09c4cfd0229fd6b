package dev.tier0.bot.spi;

import dev.tier0.bot.ArticleShown;
import dev.tier0.bot.Entity;
import dev.tier0.bot.HandoffReason;
import dev.tier0.bot.NluResult;
import dev.tier0.bot.Requester;
import dev.tier0.bot.TranscriptEntry;
import java.time.Instant;
import java.util.List;

/**
 * Everything the bot knows when it hands a conversation to a person: the raw material of a ticket.
 *
 * @param idempotencyKey the same key submitted twice yields one ticket (conversation id + hand-off
 *     number)
 * @param subject a one-line summary of the problem
 * @param category the category from CONTRACT.md section 1 (the best guess)
 * @param nlu the classification that best describes the problem, or null
 * @param transcript the conversation so far, already redacted
 * @param stepsTried what the bot and the user already tried, in order
 */
public record HandoffRequest(
    String idempotencyKey,
    String conversationId,
    Requester requester,
    String subject,
    String category,
    NluResult nlu,
    List<Entity> entities,
    HandoffReason reason,
    List<TranscriptEntry> transcript,
    List<ArticleShown> articlesShown,
    List<String> stepsTried,
    Instant at) {
  public HandoffRequest {
    entities = List.copyOf(entities);
    transcript = List.copyOf(transcript);
    articlesShown = List.copyOf(articlesShown);
    stepsTried = List.copyOf(stepsTried);
  }
}
