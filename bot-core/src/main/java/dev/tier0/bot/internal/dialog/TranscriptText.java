package dev.tier0.bot.internal.dialog;

import dev.tier0.bot.BotReply;
import java.util.stream.Collectors;

/** How a reply reads in a plain-text transcript (tickets, history, agents' view). */
public final class TranscriptText {
  private TranscriptText() {}

  public static String of(BotReply reply) {
    return switch (reply) {
      case BotReply.Text t -> t.text();
      case BotReply.Article a -> "[Article " + a.articleId() + "] " + a.title();
      case BotReply.Choices ch ->
          ch.text()
              + " "
              + ch.options().stream()
                  .map(o -> "[" + o.label() + "]")
                  .collect(Collectors.joining(" "));
      case BotReply.HandoffNotice h -> h.text();
    };
  }
}
