package dev.tier0.connector.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import dev.tier0.bot.BotReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the desk's replies as Block Kit. Every piece of text is escaped and marked verbatim, so
 * what a user typed (echoed in a subject or a snippet) never becomes a link, a mention or an
 * {@code @here}.
 */
final class BlockKitRenderer {
  /** Action ids of choice buttons start with this; the button's value is the text sent back. */
  static final String CHOICE_ACTION = "hd_choice";

  /** The action id of an agent's Claim button; its value is the ticket id. */
  static final String CLAIM_ACTION = "hd_claim";

  // Slack's limits: 50 blocks a message, 25 buttons an actions block, 75 characters a label,
  // 2000 a button value, 255 an action id.
  private static final int MAX_BLOCKS = 50;
  private static final int MAX_BUTTONS = 25;
  private static final int MAX_LABEL = 75;
  private static final int MAX_VALUE = 2000;
  private static final int FALLBACK_LIMIT = 3000;

  /** A rendered message: the blocks and the plain text shown in notifications. */
  record Message(String text, List<LayoutBlock> blocks) {}

  Message render(List<BotReply> replies) {
    List<LayoutBlock> blocks = new ArrayList<>();
    StringBuilder fallback = new StringBuilder();
    for (BotReply reply : replies) {
      if (reply == null) {
        continue;
      }
      switch (reply) {
        case BotReply.Text t -> {
          sections(blocks, SlackText.escape(t.text()));
          line(fallback, t.text());
        }
        case BotReply.Article a -> {
          article(blocks, a);
          line(fallback, a.title());
        }
        case BotReply.Choices c -> {
          choices(blocks, c);
          line(fallback, c.text());
        }
        case BotReply.HandoffNotice h -> {
          handoff(blocks, h);
          line(fallback, h.text());
        }
      }
    }
    if (blocks.size() > MAX_BLOCKS) {
      blocks = new ArrayList<>(blocks.subList(0, MAX_BLOCKS));
    }
    return new Message(
        SlackText.truncate(SlackText.escape(fallback.toString().strip()), FALLBACK_LIMIT), blocks);
  }

  /** Plain text as one or more sections. */
  Message text(String text) {
    List<LayoutBlock> blocks = new ArrayList<>();
    sections(blocks, SlackText.escape(text));
    return new Message(SlackText.truncate(SlackText.escape(text), FALLBACK_LIMIT), blocks);
  }

  /**
   * The original message without its buttons, followed by a line saying what was picked.
   *
   * @param original the message's blocks as Slack sent them back, or null
   */
  Message picked(List<LayoutBlock> original, String label, String who) {
    List<LayoutBlock> blocks = new ArrayList<>();
    if (original != null) {
      for (LayoutBlock block : original) {
        if (!(block instanceof ActionsBlock)) {
          blocks.add(block);
        }
      }
    }
    String line = (who == null ? "Picked" : who) + ": *" + SlackText.escape(label) + "*";
    blocks.add(context(line));
    if (blocks.size() > MAX_BLOCKS) {
      blocks = new ArrayList<>(blocks.subList(blocks.size() - MAX_BLOCKS, blocks.size()));
    }
    return new Message("Picked: " + SlackText.escape(SlackText.plain(label, MAX_LABEL)), blocks);
  }

  /** A ticket summary as posted, its Claim button replaced by who claimed it. */
  Message claimed(List<LayoutBlock> original, String agentUserId) {
    List<LayoutBlock> blocks = new ArrayList<>();
    if (original != null) {
      for (LayoutBlock block : original) {
        if (!(block instanceof ActionsBlock)) {
          blocks.add(block);
        }
      }
    }
    // a mention we build from Slack's own user id, never from user text
    blocks.add(context("Claimed by <@" + safeId(agentUserId) + ">"));
    return new Message("Ticket claimed", blocks);
  }

  /** The hand-off summary agents see, with a Claim button unless it is already claimed. */
  Message ticket(TicketSummary t, String claimedByUserId) {
    List<LayoutBlock> blocks = new ArrayList<>();
    String head =
        ":ticket: *New ticket "
            + SlackText.escape(t.ticketId())
            + "* · priority *"
            + SlackText.escape(t.priority())
            + "*";
    blocks.add(section(head));
    StringBuilder body = new StringBuilder();
    body.append("*Subject:* ").append(SlackText.escape(t.subject())).append('\n');
    body.append("*Requester:* ").append(SlackText.escape(requester(t))).append('\n');
    body.append("*Reason:* ").append(SlackText.escape(reason(t.reason())));
    if (t.category() != null) {
      body.append('\n').append("*Category:* ").append(SlackText.escape(t.category()));
    }
    sections(blocks, SlackText.truncate(body.toString(), 2 * SlackText.SECTION_LIMIT));
    if (claimedByUserId == null) {
      blocks.add(
          ActionsBlock.builder()
              .elements(
                  List.of(
                      ButtonElement.builder()
                          .actionId(CLAIM_ACTION)
                          .value(SlackText.truncate(t.ticketId(), MAX_VALUE))
                          .style("primary")
                          .text(plainText("Claim"))
                          .build()))
              .build());
    } else {
      // a mention we build from Slack's own user id, never from user text
      blocks.add(context("Claimed by <@" + safeId(claimedByUserId) + ">"));
    }
    String text =
        "New ticket "
            + SlackText.escape(t.ticketId())
            + " ("
            + SlackText.escape(t.priority())
            + "): "
            + SlackText.escape(t.subject());
    return new Message(SlackText.truncate(text, FALLBACK_LIMIT), blocks);
  }

  /** A line from one side of a hand-off, labelled with who said it. */
  Message relayed(String who, String text) {
    String body = "*" + SlackText.escape(who) + ":* " + SlackText.escape(text);
    List<LayoutBlock> blocks = new ArrayList<>();
    sections(blocks, body);
    return new Message(
        SlackText.truncate(SlackText.escape(who + ": " + text), FALLBACK_LIMIT), blocks);
  }

  private static String requester(TicketSummary t) {
    String name = t.requesterName() == null ? "unknown" : t.requesterName();
    return t.requesterEmail() == null ? name : name + " (" + t.requesterEmail() + ")";
  }

  private static String reason(String reason) {
    return reason == null ? "unknown" : reason.replace('_', ' ').toLowerCase(Locale.ROOT);
  }

  private static String safeId(String id) {
    return id.replaceAll("[^A-Za-z0-9]", "");
  }

  private static void sections(List<LayoutBlock> blocks, String escaped) {
    String text = escaped.isBlank() ? " " : escaped;
    for (String chunk : SlackText.chunks(text, SlackText.SECTION_LIMIT)) {
      blocks.add(section(chunk));
    }
  }

  private static void article(List<LayoutBlock> blocks, BotReply.Article a) {
    String title = SlackText.escape(a.title() == null ? a.articleId() : a.title());
    String url = safeUrl(a.url());
    String head = url == null ? "*" + title + "*" : "*<" + url + "|" + title + ">*";
    String snippet = a.snippet() == null ? "" : SlackText.escape(a.snippet());
    String body = SlackText.truncate(head + (snippet.isEmpty() ? "" : "\n" + snippet), 2900);
    blocks.add(
        SectionBlock.builder().text(MarkdownTextObject.builder().text(body).build()).build());
    if (a.articleId() != null) {
      blocks.add(context(":bookmark: " + SlackText.escape(a.articleId())));
    }
  }

  private static void choices(List<LayoutBlock> blocks, BotReply.Choices c) {
    if (c.text() != null && !c.text().isBlank()) {
      sections(blocks, SlackText.escape(c.text()));
    }
    List<BlockElement> buttons = new ArrayList<>();
    int i = 0;
    for (BotReply.Choice choice : c.options()) {
      if (choice == null || i >= MAX_BUTTONS) {
        break;
      }
      String value = choice.value() == null ? "" : choice.value();
      String label = choice.label() == null ? value : choice.label();
      buttons.add(
          ButtonElement.builder()
              .actionId(SlackText.truncate(CHOICE_ACTION + ":" + i + ":" + idPart(value), 255))
              .value(SlackText.truncate(value, MAX_VALUE))
              .text(plainText(SlackText.plain(label, MAX_LABEL)))
              .build());
      i++;
    }
    if (!buttons.isEmpty()) {
      blocks.add(ActionsBlock.builder().elements(buttons).build());
    }
  }

  private static void handoff(List<LayoutBlock> blocks, BotReply.HandoffNotice h) {
    sections(blocks, ":raising_hand: " + SlackText.escape(h.text()));
    if (h.ticketId() != null) {
      String line = "Ticket *" + SlackText.escape(h.ticketId()) + "*";
      if (h.priority() != null) {
        line += " · priority *" + SlackText.escape(h.priority()) + "*";
      }
      blocks.add(context(line));
    }
  }

  /** The value, reduced to characters that read well in an action id. */
  private static String idPart(String value) {
    String s = value.replaceAll("[^A-Za-z0-9 _.:#-]", "");
    return s.length() > 200 ? s.substring(0, 200) : s;
  }

  /** Only plain web links become a title link; anything else is shown without one. */
  private static String safeUrl(String url) {
    if (url == null) {
      return null;
    }
    String u = url.strip();
    String lower = u.toLowerCase(Locale.ROOT);
    if (!(lower.startsWith("https://") || lower.startsWith("http://"))) {
      return null;
    }
    for (int i = 0; i < u.length(); i++) {
      char ch = u.charAt(i);
      if (ch == '|' || ch == '<' || ch == '>' || ch <= ' ' || Character.isISOControl(ch)) {
        return null;
      }
    }
    return u.replace("&", "&amp;");
  }

  private static SectionBlock section(String mrkdwn) {
    return SectionBlock.builder()
        .text(MarkdownTextObject.builder().text(mrkdwn).verbatim(true).build())
        .build();
  }

  private static ContextBlock context(String mrkdwn) {
    List<ContextBlockElement> elements =
        List.of(MarkdownTextObject.builder().text(mrkdwn).verbatim(true).build());
    return ContextBlock.builder().elements(elements).build();
  }

  private static PlainTextObject plainText(String text) {
    return PlainTextObject.builder().text(text).emoji(true).build();
  }

  private static void line(StringBuilder sb, String text) {
    if (text != null && !text.isBlank()) {
      if (!sb.isEmpty()) {
        sb.append('\n');
      }
      sb.append(text.strip());
    }
  }
}
