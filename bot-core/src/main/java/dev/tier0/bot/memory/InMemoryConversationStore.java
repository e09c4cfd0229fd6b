package dev.tier0.bot.memory;

import dev.tier0.bot.BotTurn;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.spi.ConversationStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A {@link ConversationStore} in this process's memory, for tests and embedding. It keeps the
 * object it was given (no copy), so it is not a model of a shared store's isolation.
 */
public final class InMemoryConversationStore implements ConversationStore {
  private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();
  private final Map<String, BotTurn> turns = new ConcurrentHashMap<>();

  @Override
  public void save(Conversation conversation) {
    conversations.put(conversation.getId(), conversation);
  }

  @Override
  public Optional<Conversation> find(String conversationId) {
    return Optional.ofNullable(conversations.get(conversationId));
  }

  @Override
  public Optional<Conversation> update(String conversationId, UnaryOperator<Conversation> change) {
    return Optional.ofNullable(
        conversations.computeIfPresent(conversationId, (k, c) -> change.apply(c)));
  }

  @Override
  public Optional<BotTurn> findTurn(String conversationId, String clientMessageId) {
    return Optional.ofNullable(turns.get(conversationId + "\u0000" + clientMessageId));
  }

  @Override
  public void saveTurn(String conversationId, String clientMessageId, BotTurn turn) {
    turns.put(conversationId + "\u0000" + clientMessageId, turn);
  }
}
