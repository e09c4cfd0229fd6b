package dev.tier0.connector.teams;

import dev.tier0.bot.BotReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the channel-neutral replies for Teams: text as escaped Markdown, articles and choices as
 * Adaptive Cards. A choice button is an {@code Action.Submit} whose data carries the choice's value
 * under {@link #CHOICE_KEY}; Teams sends it back as a message activity with that {@code value}.
 */
final class TeamsRenderer {

  static final String CHOICE_KEY = "helpdeskChoice";
  static final String ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive";
  private static final String CARD_VERSION = "1.5";

  /** One message body per reply: its text, its attachments, or both. */
  record Rendered(String text, List<Activity.Attachment> attachments) {}

  List<Rendered> render(List<BotReply> replies) {
    List<Rendered> out = new ArrayList<>(replies.size());
    for (BotReply reply : replies) {
      out.add(render(reply));
    }
    return out;
  }

  Rendered render(BotReply reply) {
    return switch (reply) {
      case BotReply.Text t -> new Rendered(escape(t.text()), List.of());
      case BotReply.HandoffNotice h -> new Rendered(escape(handoffText(h)), List.of());
      case BotReply.Article a -> new Rendered(null, List.of(card(articleCard(a))));
      case BotReply.Choices c -> new Rendered(null, List.of(card(choicesCard(c))));
    };
  }

  private static String handoffText(BotReply.HandoffNotice h) {
    String text = h.text() == null ? "" : h.text();
    if (h.ticketId() != null && !text.contains(h.ticketId())) {
      text += (text.isEmpty() ? "" : " ") + "Ticket: " + h.ticketId();
    }
    return text;
  }

  private static Map<String, Object> articleCard(BotReply.Article a) {
    List<Object> body = new ArrayList<>();
    body.add(
        Map.of(
            "type", "TextBlock",
            "text", escapeForCard(nonNull(a.title())),
            "weight", "Bolder",
            "size", "Medium",
            "wrap", true));
    if (a.snippet() != null && !a.snippet().isBlank()) {
      body.add(Map.of("type", "TextBlock", "text", escapeForCard(a.snippet()), "wrap", true));
    }
    if (a.articleId() != null) {
      body.add(
          Map.of(
              "type",
              "TextBlock",
              "text",
              escapeForCard(a.articleId()),
              "isSubtle",
              true,
              "size",
              "Small",
              "wrap",
              true));
    }
    List<Object> actions = new ArrayList<>();
    if (isWebLink(a.url())) {
      actions.add(Map.of("type", "Action.OpenUrl", "title", "Read the article", "url", a.url()));
    }
    return adaptiveCard(body, actions);
  }

  private static Map<String, Object> choicesCard(BotReply.Choices c) {
    List<Object> body = new ArrayList<>();
    if (c.text() != null && !c.text().isBlank()) {
      body.add(Map.of("type", "TextBlock", "text", escapeForCard(c.text()), "wrap", true));
    }
    List<Object> actions = new ArrayList<>();
    for (BotReply.Choice choice : c.options()) {
      // action titles are not Markdown: plain text is shown as it is
      actions.add(
          Map.of(
              "type",
              "Action.Submit",
              "title",
              nonNull(choice.label()),
              "data",
              Map.of(CHOICE_KEY, nonNull(choice.value()))));
    }
    return adaptiveCard(body, actions);
  }

  private static Map<String, Object> adaptiveCard(List<Object> body, List<Object> actions) {
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", CARD_VERSION);
    card.put("body", body);
    if (!actions.isEmpty()) {
      card.put("actions", actions);
    }
    return card;
  }

  private static Activity.Attachment card(Map<String, Object> content) {
    return new Activity.Attachment(ADAPTIVE_CARD, content);
  }

  static boolean isWebLink(String url) {
    if (url == null) {
      return false;
    }
    String u = url.strip().toLowerCase(Locale.ROOT);
    return u.startsWith("https://") || u.startsWith("http://");
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  /**
   * Escapes text so that Teams shows it as typed: HTML is turned into entities and every character
   * with a meaning in Markdown is backslash-escaped, so neither a user's words echoed back nor an
   * article's text can become a link, a mention or formatting.
   */
  static String escape(String text) {
    return escape(text, true);
  }

  /**
   * Escapes text for an Adaptive Card's TextBlock: Markdown as for messages, but no HTML entities,
   * since cards never render HTML and would show an entity as typed.
   */
  static String escapeForCard(String text) {
    return escape(text, false);
  }

  private static String escape(String text, boolean html) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '&' -> sb.append(html ? "&amp;" : "&");
        case '<' -> sb.append(html ? "&lt;" : "<");
        case '>' -> sb.append(html ? "&gt;" : ">");
        case '\\', '`', '*', '_', '~', '[', ']', '(', ')', '#', '|', '{', '}' ->
            sb.append('\\').append(ch);
        case '-', '+', '.' -> {
          // list markers and numbered lists only mean something at the start of a line
          if (atLineStart(sb) || (ch == '.' && afterLeadingDigits(sb))) {
            sb.append('\\');
          }
          sb.append(ch);
        }
        default -> {
          if (ch == '\n' || ch == '\t' || !Character.isISOControl(ch)) {
            sb.append(ch);
          }
        }
      }
    }
    return sb.toString();
  }

  private static boolean atLineStart(StringBuilder sb) {
    for (int i = sb.length() - 1; i >= 0; i--) {
      char c = sb.charAt(i);
      if (c == '\n') {
        return true;
      }
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  private static boolean afterLeadingDigits(StringBuilder sb) {
    int i = sb.length() - 1;
    int digits = 0;
    while (i >= 0 && Character.isDigit(sb.charAt(i))) {
      i--;
      digits++;
    }
    if (digits == 0) {
      return false;
    }
    while (i >= 0 && (sb.charAt(i) == ' ' || sb.charAt(i) == '\t')) {
      i--;
    }
    return i < 0 || sb.charAt(i) == '\n';
  }
}
