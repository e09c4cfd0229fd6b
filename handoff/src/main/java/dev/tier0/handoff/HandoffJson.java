package dev.tier0.handoff;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.tier0.bot.BotReply;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of this module: ISO-8601 times, reply type names, lenient on new fields. */
final class HandoffJson {

  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .addMixIn(BotReply.class, BotReplyMixin.class)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  /**
   * For state only this module reads back (conversations and their turns): times as numbers,
   * seconds with nanoseconds, so they round-trip exactly. Formatting and parsing ISO-8601 text was
   * a third of the JSON cost of a web chat turn, which reads and writes its conversation each time.
   * It reads ISO text as well, so conversations stored before read unchanged.
   */
  static final JsonMapper STATE =
      MAPPER.rebuild().enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();

  private HandoffJson() {}

  static String write(Object value) {
    return wellFormed(MAPPER.writeValueAsString(value));
  }

  static String writeState(Object value) {
    return wellFormed(STATE.writeValueAsString(value));
  }

  static <T> T readState(String json, Class<T> type) {
    return STATE.readValue(json, type);
  }

  /**
   * Replaces unpaired surrogates with U+FFFD. The Redis client's UTF-8 encoder turns some of them
   * into invalid bytes, which then never read back equal: a compare-and-set would never match.
   */
  static String wellFormed(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isSurrogate(c)) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      boolean paired =
          Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1));
      if (out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (paired) {
        out.append(c).append(s.charAt(++i));
      } else {
        out.append('\uFFFD');
      }
    }
    return out == null ? s : out.toString();
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
