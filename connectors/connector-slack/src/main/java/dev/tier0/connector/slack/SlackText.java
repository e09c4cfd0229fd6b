package dev.tier0.connector.slack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text in and out of Slack's message format. Never throws, whatever the input. */
final class SlackText {
  /** Slack's limit for a section's text; longer text is split over several sections. */
  static final int SECTION_LIMIT = 3000;

  private static final Pattern ANGLE = Pattern.compile("<([^<>]*)>");

  private SlackText() {}

  /**
   * Escapes text for a {@code mrkdwn} field so that it shows as typed: {@code &}, {@code <} and
   * {@code >} are the only characters Slack's parser turns into links and mentions.
   */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        default -> {
          if (ch == '\n' || ch == '\t' || !Character.isISOControl(ch)) {
            sb.append(ch);
          }
        }
      }
    }
    return sb.toString();
  }

  /** Text for a {@code plain_text} field (button labels): control characters dropped, trimmed. */
  static String plain(String text, int max) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), max));
    for (int i = 0; i < text.length() && sb.length() < max; i++) {
      char ch = text.charAt(i);
      if (!Character.isISOControl(ch)) {
        sb.append(ch);
      }
    }
    String s = sb.toString().strip();
    return truncate(s.isEmpty() ? "…" : s, max);
  }

  /** Cuts a string to at most {@code max} characters without splitting a surrogate pair. */
  static String truncate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max - 1;
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "…";
  }

  /**
   * What the user wrote, as plain text for the engine: the bot's own mention removed, other
   * mentions and links shown as their label or target, Slack's entities decoded.
   */
  static String toPlain(String text, String botUserId) {
    if (text == null) {
      return "";
    }
    Matcher m = ANGLE.matcher(text);
    StringBuilder sb = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(inner(m.group(1), botUserId)));
    }
    m.appendTail(sb);
    return unescape(sb.toString()).strip();
  }

  private static String inner(String token, String botUserId) {
    int bar = token.indexOf('|');
    String target = bar >= 0 ? token.substring(0, bar) : token;
    String label = bar >= 0 ? token.substring(bar + 1) : null;
    if (target.startsWith("@")) {
      String id = target.substring(1);
      if (id.equals(botUserId)) {
        return "";
      }
      return "@" + (label != null && !label.isEmpty() ? label : id);
    }
    if (target.startsWith("#")) {
      return "#" + (label != null && !label.isEmpty() ? label : target.substring(1));
    }
    if (target.startsWith("!")) {
      return "@" + (label != null && !label.isEmpty() ? label : target.substring(1));
    }
    if (target.startsWith("mailto:")) {
      return label != null && !label.isEmpty() ? label : target.substring("mailto:".length());
    }
    return label != null && !label.isEmpty() && !label.equals(target)
        ? label + " (" + target + ")"
        : target;
  }

  private static String unescape(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  /** Splits text into pieces Slack accepts in one section. */
  static java.util.List<String> chunks(String text, int size) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int end = Math.min(text.length(), i + size);
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      // a cut inside an entity like "&amp;" would show its half: move the cut before it
      int amp = text.lastIndexOf('&', end - 1);
      if (end < text.length() && amp >= i && amp > end - 5 && text.indexOf(';', amp) >= end) {
        end = amp;
      }
      if (end <= i) {
        end = Math.min(text.length(), i + size);
      }
      out.add(text.substring(i, end));
      i = end;
    }
    if (out.isEmpty()) {
      out.add("");
    }
    return out;
  }
}
