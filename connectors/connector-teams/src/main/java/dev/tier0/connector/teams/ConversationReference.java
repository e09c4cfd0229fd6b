package dev.tier0.connector.teams;

import dev.tier0.bot.Conversation;
import java.util.Map;
import java.util.Optional;

/**
 * Where a Teams conversation lives, kept in {@link Conversation#getAttributes()} so that agents'
 * answers can be sent later without an activity to reply to (a proactive message).
 *
 * @param serviceUrl the Bot Connector endpoint of the conversation's region, as the last verified
 *     activity named it
 * @param conversationId the Teams conversation id
 * @param botId the bot's channel account id in that conversation
 * @param botName the bot's display name there, or null
 * @param tenantId the Microsoft Entra tenant of the conversation, or null
 */
record ConversationReference(
    String serviceUrl, String conversationId, String botId, String botName, String tenantId) {

  static final String PREFIX = "teams.";
  private static final String SERVICE_URL = PREFIX + "serviceUrl";
  private static final String CONVERSATION_ID = PREFIX + "conversationId";
  private static final String BOT_ID = PREFIX + "botId";
  private static final String BOT_NAME = PREFIX + "botName";
  private static final String TENANT_ID = PREFIX + "tenantId";

  /** The reference of a verified activity's conversation, or empty when it names none. */
  static Optional<ConversationReference> of(Activity activity) {
    if (activity.serviceUrl() == null || activity.conversation() == null) {
      return Optional.empty();
    }
    String conversationId = activity.conversation().id();
    if (conversationId == null || conversationId.isBlank()) {
      return Optional.empty();
    }
    Activity.ChannelAccount bot = activity.recipient();
    String tenant = activity.conversation().tenantId();
    if (tenant == null && activity.channelData() != null) {
      tenant = activity.channelData().path("tenant").path("id").asString(null);
    }
    return Optional.of(
        new ConversationReference(
            activity.serviceUrl(),
            conversationId,
            bot == null ? null : bot.id(),
            bot == null ? null : bot.name(),
            tenant));
  }

  /** The reference stored in a conversation, or empty when it was never on Teams. */
  static Optional<ConversationReference> from(Conversation conversation) {
    Map<String, String> a = conversation.getAttributes();
    if (a == null || a.get(SERVICE_URL) == null || a.get(CONVERSATION_ID) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ConversationReference(
            a.get(SERVICE_URL),
            a.get(CONVERSATION_ID),
            a.get(BOT_ID),
            a.get(BOT_NAME),
            a.get(TENANT_ID)));
  }

  /** True when the conversation already holds exactly this reference. */
  boolean storedIn(Conversation conversation) {
    return from(conversation).filter(this::equals).isPresent();
  }

  /** Writes this reference into a conversation's attributes. */
  Conversation writeTo(Conversation conversation) {
    Map<String, String> a = conversation.getAttributes();
    put(a, SERVICE_URL, serviceUrl);
    put(a, CONVERSATION_ID, conversationId);
    put(a, BOT_ID, botId);
    put(a, BOT_NAME, botName);
    put(a, TENANT_ID, tenantId);
    return conversation;
  }

  private static void put(Map<String, String> attributes, String key, String value) {
    if (value == null) {
      attributes.remove(key);
    } else {
      attributes.put(key, value);
    }
  }

  /** The bot as the sender of a message. */
  Activity.ChannelAccount bot() {
    return botId == null ? null : new Activity.ChannelAccount(botId, botName, null, null);
  }

  /** The conversation as the target of a message. */
  Activity.ConversationAccount conversation() {
    return new Activity.ConversationAccount(conversationId, null, null, tenantId, null);
  }
}
