package dev.tier0.bot;

/** No conversation has this id. */
public final class ConversationNotFoundException extends RuntimeException {
  public ConversationNotFoundException(String conversationId) {
    super("No conversation with id " + conversationId + ".");
  }
}
