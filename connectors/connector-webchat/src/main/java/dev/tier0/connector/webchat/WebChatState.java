package dev.tier0.connector.webchat;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.spi.ConversationStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the web channel keeps in a conversation's attributes: the buttons last offered (so a
 * reloaded widget shows them again) and the identity token the hosting page passed. Both live in
 * the shared conversation store so that any instance can serve a reload.
 *
 * <p>The identity token is stored <em>unverified</em>: nothing trusts it yet.
 */
@Component
final class WebChatState {

  static final String PENDING_CHOICES = "webchat.pendingChoices";
  static final String IDENTITY_TOKEN = "webchat.identityToken";

  private static final Logger log = LoggerFactory.getLogger(WebChatState.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

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

  /** Remembers the last buttons among these replies, or forgets old ones when there are none. */
  void offered(String conversationId, List<BotReply> replies) {
    if (replies.isEmpty()) {
      return;
    }
    BotReply.Choices last = null;
    for (BotReply reply : replies) {
      if (reply instanceof BotReply.Choices choices) {
        last = choices;
      }
    }
    String encoded = last == null ? null : encode(last);
    update(
        conversationId,
        c -> {
          if (encoded == null) {
            c.getAttributes().remove(PENDING_CHOICES);
          } else {
            c.getAttributes().put(PENDING_CHOICES, encoded);
          }
        });
  }

  /** The buttons the conversation still waits on, or null. */
  static BotReply.Choices pendingChoices(Conversation c) {
    if (c.getPending() == Conversation.Pending.NONE) {
      return null;
    }
    String encoded = c.getAttributes().get(PENDING_CHOICES);
    return encoded == null ? null : decode(encoded);
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

  private static String encode(BotReply.Choices choices) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("text", choices.text());
    view.put("options", Views.options(choices.options()));
    return JSON.writeValueAsString(view);
  }

  private static BotReply.Choices decode(String encoded) {
    try {
      JsonNode node = JSON.readTree(encoded);
      List<BotReply.Choice> options = new ArrayList<>();
      for (JsonNode o : node.path("options")) {
        options.add(new BotReply.Choice(o.path("label").asString(), o.path("value").asString()));
      }
      return new BotReply.Choices(node.path("text").asString(), options);
    } catch (JacksonException | IllegalArgumentException e) {
      return null;
    }
  }
}
