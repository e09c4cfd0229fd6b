package dev.tier0.connector.webchat;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.BotTurn;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.NluResult;
import dev.tier0.bot.Requester;
import dev.tier0.bot.TicketRef;
import dev.tier0.bot.TranscriptEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire shapes of CONTRACT.md section 2. Built as ordered maps so that null members (no
 * classification, no ticket) are always written, whatever the host's JSON inclusion settings.
 */
final class Views {

  private Views() {}

  static Map<String, Object> turn(BotTurn turn) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("replies", replies(turn.replies()));
    view.put("nlu", nlu(turn.nlu()));
    view.put("outcome", turn.outcome().id());
    view.put("state", turn.state().id());
    view.put("ticket", ticket(turn.ticket()));
    return view;
  }

  static List<Map<String, Object>> replies(List<BotReply> replies) {
    List<Map<String, Object>> views = new ArrayList<>(replies.size());
    for (BotReply reply : replies) {
      views.add(reply(reply));
    }
    return views;
  }

  static Map<String, Object> reply(BotReply reply) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("type", reply.type());
    switch (reply) {
      case BotReply.Text t -> view.put("text", t.text());
      case BotReply.Article a -> {
        view.put("articleId", a.articleId());
        view.put("title", a.title());
        view.put("snippet", a.snippet());
        view.put("url", a.url());
      }
      case BotReply.Choices c -> {
        view.put("text", c.text());
        view.put("options", options(c.options()));
      }
      case BotReply.HandoffNotice h -> {
        view.put("text", h.text());
        view.put("ticketId", h.ticketId());
        view.put("priority", h.priority());
      }
    }
    return view;
  }

  static List<Map<String, Object>> options(List<BotReply.Choice> options) {
    List<Map<String, Object>> views = new ArrayList<>(options.size());
    for (BotReply.Choice o : options) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("label", o.label());
      view.put("value", o.value());
      views.add(view);
    }
    return views;
  }

  static Map<String, Object> nlu(NluResult nlu) {
    if (nlu == null) {
      return null;
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("intent", nlu.intent());
    view.put("category", nlu.category());
    view.put("confidence", nlu.confidence());
    return view;
  }

  static Map<String, Object> ticket(TicketRef ticket) {
    if (ticket == null) {
      return null;
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", ticket.id());
    view.put("priority", ticket.priority());
    view.put("category", ticket.category());
    return view;
  }

  /** A conversation as a reloaded widget needs it: state, redacted history, pending buttons. */
  static Map<String, Object> conversation(Conversation c, BotReply.Choices pendingChoices) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", c.getId());
    view.put("state", c.getState().id());
    view.put("channel", c.getRequester() == null ? null : c.getRequester().channel().id());
    view.put("requester", requester(c.getRequester()));
    view.put("createdAt", c.getCreatedAt() == null ? null : c.getCreatedAt().toString());
    view.put("updatedAt", c.getUpdatedAt() == null ? null : c.getUpdatedAt().toString());
    List<Map<String, Object>> transcript = new ArrayList<>(c.getTranscript().size());
    for (TranscriptEntry e : c.getTranscript()) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("at", e.at() == null ? null : e.at().toString());
      line.put("from", e.from() == null ? null : e.from().id());
      line.put("text", Unicode.wellFormed(e.text()));
      transcript.add(line);
    }
    view.put("transcript", transcript);
    view.put("ticketId", c.getTicket() == null ? null : c.getTicket().id());
    view.put("ticket", ticket(c.getTicket()));
    view.put("pendingChoices", pendingChoices == null ? null : reply(pendingChoices));
    return view;
  }

  private static Map<String, Object> requester(Requester r) {
    if (r == null) {
      return null;
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("userId", r.userId());
    view.put("displayName", r.displayName());
    view.put("email", r.email());
    view.put("channel", r.channel().id());
    return view;
  }
}
