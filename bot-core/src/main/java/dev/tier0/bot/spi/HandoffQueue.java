package dev.tier0.bot.spi;

import dev.tier0.bot.TicketRef;
import dev.tier0.bot.TranscriptEntry;

/**
 * Where hand-offs become tickets in the agents' queue.
 *
 * <p>Thread-safe and idempotent: submitting the same {@link HandoffRequest#idempotencyKey()} twice,
 * even concurrently or from two app instances, returns the same ticket. When the queue cannot be
 * reached, {@link #submit} throws {@link ConversationStore.StoreUnavailableException} and nothing
 * is half-written; the engine tells the user to retry.
 */
public interface HandoffQueue {

  /** Opens a ticket (or returns the one already opened for this key) and queues it for agents. */
  TicketRef submit(HandoffRequest request);

  /**
   * Adds a user's message to an open ticket's transcript and relays it to the agent who owns it.
   *
   * @param entry the message, already redacted
   */
  void userMessage(String ticketId, TranscriptEntry entry);

  /** Records a user's satisfaction rating (1..5) for a resolved ticket. The default ignores it. */
  default void rate(String ticketId, int csat) {}

  /**
   * A human sentence telling the user when to expect a person, e.g. "An agent usually answers
   * within 30 minutes" or, out of hours, "The desk opens Monday at 08:00".
   */
  default String expectation(String priority) {
    return "An IT agent will reply here as soon as possible.";
  }
}
