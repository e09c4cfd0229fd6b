package dev.tier0.connector.teams;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.BotTurn;
import dev.tier0.bot.Channel;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.ConversationEngine;
import dev.tier0.bot.InboundMessage;
import dev.tier0.bot.InvalidMessageException;
import dev.tier0.bot.Requester;
import dev.tier0.bot.spi.ChannelRegistry;
import dev.tier0.bot.spi.ConversationStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Turns verified activities into engine turns and sends the replies back: a message (or a card
 * submit) is the user's next message; the bot being added to a conversation is a welcome.
 */
final class TeamsActivityProcessor {

  private static final Logger log = LoggerFactory.getLogger(TeamsActivityProcessor.class);
  private static final Pattern MENTION = Pattern.compile("(?is)<at\\b[^>]*>.*?</at>");
  static final String WELCOME =
      "Hi, I'm the IT help desk bot. Tell me in a sentence what's wrong, for example \"my VPN"
          + " won't connect\", and I'll find the fix or get you to a person.";

  private final ConversationEngine engine;
  private final ChannelRegistry registry;
  private final ConversationStore store;
  private final TeamsRenderer renderer;
  private final ConnectorClient connector;

  TeamsActivityProcessor(
      ConversationEngine engine,
      ChannelRegistry registry,
      ConversationStore store,
      TeamsRenderer renderer,
      ConnectorClient connector) {
    this.engine = engine;
    this.registry = registry;
    this.store = store;
    this.renderer = renderer;
    this.connector = connector;
  }

  /** Handles one verified activity. Never throws: failures are logged and apologised for. */
  void process(Activity activity) {
    Optional<ConversationReference> ref = ConversationReference.of(activity);
    if (ref.isEmpty()) {
      return;
    }
    try {
      switch (activity.type()) {
        case Activity.MESSAGE, Activity.INVOKE -> onMessage(activity, ref.get());
        case Activity.CONVERSATION_UPDATE -> onConversationUpdate(activity, ref.get());
        default -> {}
      }
    } catch (ConversationStore.StoreUnavailableException e) {
      log.warn("Store unavailable while handling a Teams activity: {}", e.getMessage());
      send(
          ref.get(),
          activity.id(),
          List.of(
              new BotReply.Text(
                  "Sorry, I can't reach my records right now. Please try again in a minute.")));
    } catch (RuntimeException e) {
      log.warn("Handling a Teams activity failed", e);
      send(
          ref.get(),
          activity.id(),
          List.of(new BotReply.Text("Sorry, something went wrong on my side. Please try again.")));
    }
  }

  private void onMessage(Activity activity, ConversationReference ref) {
    String text = inboundText(activity);
    if (text.isBlank()) {
      return;
    }
    String conversationId = conversationFor(activity, ref);
    BotTurn turn;
    try {
      String key = activity.id() == null ? null : "teams:" + activity.id();
      turn = engine.handle(new InboundMessage(conversationId, text, key));
    } catch (InvalidMessageException e) {
      send(ref, activity.id(), List.of(new BotReply.Text(e.getMessage())));
      return;
    }
    send(ref, activity.id(), turn.replies());
  }

  private void onConversationUpdate(Activity activity, ConversationReference ref) {
    List<Activity.ChannelAccount> added = activity.membersAdded();
    Activity.ChannelAccount bot = activity.recipient();
    if (added == null || bot == null || bot.id() == null) {
      return;
    }
    boolean botAdded = added.stream().anyMatch(m -> m != null && bot.id().equals(m.id()));
    if (botAdded) {
      conversationFor(activity, ref);
      send(ref, null, List.of(new BotReply.Text(WELCOME)));
    }
  }

  /** The conversation bound to the activity's Teams conversation, started when there is none. */
  private String conversationFor(Activity activity, ConversationReference ref) {
    String channelKey = "teams:" + ref.conversationId();
    Optional<Conversation> existing = registry.conversationFor(channelKey).flatMap(engine::find);
    Conversation conversation;
    if (existing.isPresent()) {
      conversation = existing.get();
    } else {
      // The activity came with a validated Bot Connector token: the AAD user is who it says.
      conversation =
          engine.start(requester(activity), Map.of(Conversation.IDENTITY_VERIFIED, "true"));
      registry.bind(channelKey, conversation.getId());
    }
    if (!ref.storedIn(conversation)) {
      // the service URL can move between regions: keep the latest verified one
      store.update(conversation.getId(), ref::writeTo);
    }
    return conversation.getId();
  }

  private static Requester requester(Activity activity) {
    Activity.ChannelAccount from = activity.from();
    if (from == null) {
      return new Requester(null, null, null, Channel.TEAMS);
    }
    String userId = from.aadObjectId() != null ? from.aadObjectId() : from.id();
    return new Requester(userId, from.name(), null, Channel.TEAMS);
  }

  /**
   * What the user said: a card button's value when the activity carries one, else the text without
   * the bot's @mention (channel messages start with it).
   */
  static String inboundText(Activity activity) {
    JsonNode value = activity.value();
    if (value != null && value.isObject()) {
      JsonNode choice = value.get(TeamsRenderer.CHOICE_KEY);
      if (choice == null) {
        // Universal Actions (adaptiveCard/action invokes) nest the data under action
        choice = value.path("action").path("data").get(TeamsRenderer.CHOICE_KEY);
      }
      if (choice != null && choice.isString()) {
        return choice.asString();
      }
    }
    if (!Activity.MESSAGE.equals(activity.type()) || activity.text() == null) {
      return "";
    }
    return MENTION.matcher(activity.text()).replaceAll(" ").strip();
  }

  /** Sends replies in order; a reply the connector did not take is logged by the client. */
  void send(ConversationReference ref, String replyToId, List<BotReply> replies) {
    for (TeamsRenderer.Rendered r : renderer.render(replies)) {
      Activity out =
          Activity.outgoing(ref.bot(), ref.conversation(), replyToId, r.text(), r.attachments());
      connector.send(ref.serviceUrl(), ref.conversationId(), replyToId, out);
    }
  }
}
