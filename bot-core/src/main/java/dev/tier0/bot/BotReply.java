package dev.tier0.bot;

import java.util.List;
import java.util.Objects;

/**
 * One thing the desk says. The model is channel-neutral: each connector renders it natively and
 * degrades what its channel lacks (buttons become numbered text, cards become links). A choice is
 * answered by sending its {@code value} back as the next message's text.
 */
public sealed interface BotReply {

  /** The wire name of this reply's type ({@code text}, {@code article}, {@code choices}, ...). */
  String type();

  /** Plain text. Never HTML: renderers must show it as text. */
  record Text(String text) implements BotReply {
    public Text {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String type() {
      return "text";
    }
  }

  /** A knowledge-base article with the passage that answers. */
  record Article(String articleId, String title, String snippet, String url) implements BotReply {
    @Override
    public String type() {
      return "article";
    }
  }

  /** A question with buttons. */
  record Choices(String text, List<Choice> options) implements BotReply {
    public Choices {
      options = List.copyOf(options);
    }

    @Override
    public String type() {
      return "choices";
    }
  }

  /** One button: what it says and the text it sends back. */
  record Choice(String label, String value) {}

  /** The conversation went to a person: the ticket and when to expect an answer. */
  record HandoffNotice(String text, String ticketId, String priority) implements BotReply {
    @Override
    public String type() {
      return "handoff";
    }
  }
}
