package dev.tier0.bot.spi;

import dev.tier0.bot.BotTurn;
import dev.tier0.bot.Conversation;
import java.util.Optional;

/**
 * Keeps conversations between turns, durably (a restart of the app must not lose them).
 *
 * <p>Thread-safe. Failures of the underlying store surface as {@link StoreUnavailableException} so
 * callers can tell the user to retry instead of losing the message silently.
 */
public interface ConversationStore {

  /** Saves a conversation, replacing any earlier version with the same id. */
  void save(Conversation conversation);

  /**
   * Applies a change to the stored conversation atomically with respect to other updates of the
   * same conversation (from this or another app instance): the change may run more than once when
   * it races, so it must be free of side effects. Returns the saved result, or empty when there is
   * no such conversation.
   *
   * <p>The default is not atomic; stores shared by several instances must override it.
   */
  default Optional<Conversation> update(
      String conversationId, java.util.function.UnaryOperator<Conversation> change) {
    Optional<Conversation> found = find(conversationId);
    found.ifPresent(c -> save(change.apply(c)));
    return found.map(c -> find(conversationId).orElse(c));
  }

  /** The conversation with this id, or empty when there is none. */
  Optional<Conversation> find(String conversationId);

  /** The turn already produced for this client message id, for idempotent retries. */
  Optional<BotTurn> findTurn(String conversationId, String clientMessageId);

  /** Remembers the turn produced for a client message id (kept at least a day). */
  void saveTurn(String conversationId, String clientMessageId, BotTurn turn);

  /**
   * What a turn starts from, read together where the store can (one round trip instead of two): the
   * turn already produced for this client message id, which makes the message a retry, or else the
   * conversation. A null or blank client message id only reads the conversation.
   */
  default TurnStart startTurn(String conversationId, String clientMessageId) {
    if (clientMessageId != null && !clientMessageId.isBlank()) {
      Optional<BotTurn> earlier = findTurn(conversationId, clientMessageId);
      if (earlier.isPresent()) {
        return new TurnStart(earlier, Optional.empty());
      }
    }
    return new TurnStart(Optional.empty(), find(conversationId));
  }

  /**
   * Saves the conversation after a turn and, when a client message id is given, the turn for
   * idempotent retries, together where the store can. This is the turn's last change: the caller
   * does not change the object afterwards, so a store may keep it for the conversation's next turn
   * as long as it still matches what the store holds.
   */
  default void finishTurn(Conversation conversation, String clientMessageId, BotTurn turn) {
    save(conversation);
    if (clientMessageId != null && !clientMessageId.isBlank()) {
      saveTurn(conversation.getId(), clientMessageId, turn);
    }
  }

  /**
   * The start of a turn: an earlier turn for the same client message id (then the conversation is
   * not read), or the conversation (empty when it does not exist).
   */
  record TurnStart(Optional<BotTurn> earlierTurn, Optional<Conversation> conversation) {}

  /** The store cannot be reached; nothing was written. */
  final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
