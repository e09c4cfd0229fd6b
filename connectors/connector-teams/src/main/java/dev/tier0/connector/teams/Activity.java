package dev.tier0.connector.teams;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The part of a Bot Framework Activity this connector reads and writes. Unknown fields are ignored
 * on the way in and absent fields are left out on the way out.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
record Activity(
    String type,
    String id,
    String timestamp,
    String serviceUrl,
    String channelId,
    ChannelAccount from,
    ConversationAccount conversation,
    ChannelAccount recipient,
    String textFormat,
    String text,
    String replyToId,
    String name,
    String locale,
    JsonNode value,
    JsonNode channelData,
    List<ChannelAccount> membersAdded,
    List<Attachment> attachments) {

  static final String MESSAGE = "message";
  static final String CONVERSATION_UPDATE = "conversationUpdate";
  static final String INVOKE = "invoke";

  /** A message from the bot, to be sent into a conversation. */
  static Activity outgoing(
      ChannelAccount bot,
      ConversationAccount conversation,
      String replyToId,
      String text,
      List<Attachment> attachments) {
    return new Activity(
        MESSAGE,
        null,
        null,
        null,
        null,
        bot,
        conversation,
        null,
        text == null ? null : "markdown",
        text,
        replyToId,
        null,
        null,
        null,
        null,
        null,
        attachments == null || attachments.isEmpty() ? null : attachments);
  }

  /** A user, a bot or a channel member. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ChannelAccount(String id, String name, String aadObjectId, String role) {}

  /** A conversation: a personal chat, a group chat or a channel thread. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ConversationAccount(
      String id, String name, String conversationType, String tenantId, Boolean isGroup) {}

  /** A card or file attached to a message. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Attachment(String contentType, Object content) {}
}
