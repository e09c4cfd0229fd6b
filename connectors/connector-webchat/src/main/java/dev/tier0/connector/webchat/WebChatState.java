package dev.tier0.connector.webchat;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.spi.ConversationStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What the web channel keeps in a conversation's attributes: the buttons last offered (so a
 * reloaded widget shows them again) and the identity token the hosting page passed. Both live in
 * the shared conversation store so that any instance can serve a reload.
 *
 * <p>When this instance verifies identity tokens, a verified conversation is created marked with
 * {@link dev.tier0.bot.Conversation#IDENTITY_VERIFIED} and the token itself is not kept; when
 * verification is off, the token is stored <em>unverified</em> and nothing trusts it.
 */
@Component
final class WebChatState {

  static final String IDENTITY_TOKEN = "webchat.identityToken";

  private static final Logger log = LoggerFactory.getLogger(WebChatState.class);

  private final ObjectProvider<ConversationStore> store;

  WebChatState(ObjectProvider<ConversationStore> store) {
    this.store = store;
  }

  /** Keeps the unverified identity token of a new conversation. */
  void identityToken(String conversationId, String token) {
    if (token == null || token.isBlank()) {
      return;
    }
    update(conversationId, c -> c.getAttributes().put(IDENTITY_TOKEN, token));
  }

  /**
   * Remembers buttons pushed to the user outside a turn (an agent's CSAT question), so a reload
   * shows them; the engine already remembers the buttons of its own turns.
   */
  void offered(String conversationId, List<BotReply> replies) {
    BotReply.Choices last = null;
    for (BotReply reply : replies) {
      if (reply instanceof BotReply.Choices choices) {
        last = choices;
      }
    }
    if (last == null) {
      return;
    }
    BotReply.Choices offered = last;
    update(conversationId, c -> c.setLastChoices(offered));
  }

  /** The buttons the conversation still waits on, or null. */
  static BotReply.Choices pendingChoices(Conversation c) {
    return c.getPending() == Conversation.Pending.NONE ? null : c.getLastChoices();
  }

  private void update(String conversationId, java.util.function.Consumer<Conversation> change) {
    ConversationStore s = store.getIfUnique();
    if (s == null) {
      return;
    }
    try {
      s.update(
          conversationId,
          c -> {
            change.accept(c);
            return c;
          });
    } catch (RuntimeException e) {
      // The turn itself is saved; losing the reload hint only costs the buttons on reload.
      log.warn("Could not update web chat state of {}: {}", conversationId, e.toString());
    }
  }
}
