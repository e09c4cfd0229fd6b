package dev.tier0.handoff;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.tier0.bot.BotReply;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of this module: ISO-8601 times, reply type names, lenient on new fields. */
final class HandoffJson {

  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .addMixIn(BotReply.class, BotReplyMixin.class)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private HandoffJson() {}

  static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  static <T> T read(String json, Class<T> type) {
    return MAPPER.readValue(json, type);
  }

  /** Replies carry their {@link BotReply#type()} name so the sealed hierarchy round-trips. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = BotReply.Text.class, name = "text"),
    @JsonSubTypes.Type(value = BotReply.Article.class, name = "article"),
    @JsonSubTypes.Type(value = BotReply.Choices.class, name = "choices"),
    @JsonSubTypes.Type(value = BotReply.HandoffNotice.class, name = "handoff")
  })
  interface BotReplyMixin {}
}
