package dev.tier0.handoff;

import dev.tier0.bot.NluResult;
import dev.tier0.bot.Redactor;
import dev.tier0.bot.Requester;
import dev.tier0.bot.TranscriptEntry;
import dev.tier0.bot.spi.HandoffRequest;
import java.time.Instant;
import java.util.List;

/** Turns a hand-off request into a new ticket. */
final class TicketFactory {

  private static final int SUBJECT_MAX = 200;

  private TicketFactory() {}

  static Ticket draft(
      String id,
      HandoffRequest request,
      Triage.Assessment assessment,
      Ticket.Sla sla,
      Instant now) {
    Requester r = request.requester();
    NluResult nlu = request.nlu();
    Ticket.Intent intent =
        nlu == null
            ? new Ticket.Intent(null, 0, List.of())
            : new Ticket.Intent(nlu.intent(), nlu.confidence(), nlu.ranking());
    List<Ticket.Line> transcript =
        request.transcript().stream()
            .map((TranscriptEntry e) ->
                new Ticket.Line(
                    e.at(),
                    e.from() == null ? "user" : e.from().id(),
                    // The engine redacts already; redacting again is idempotent and cheap.
                    Redactor.redact(e.text())))
            .toList();
    return new Ticket(
        id,
        now,
        r == null
            ? null
            : new Ticket.Requester(r.userId(), r.displayName(), r.email(), r.channel().id()),
        r == null ? null : r.channel().id(),
        request.conversationId(),
        subject(request.subject()),
        request.category(),
        intent,
        request.entities(),
        assessment.priority(),
        assessment.impact(),
        assessment.urgency(),
        sla,
        request.reason() == null ? null : request.reason().id(),
        transcript,
        request.articlesShown(),
        request.stepsTried(),
        TicketStatus.NEW,
        null,
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  static Ticket withId(Ticket t, String id) {
    return new Ticket(
        id,
        t.createdAt(),
        t.requester(),
        t.channel(),
        t.conversationId(),
        t.subject(),
        t.category(),
        t.intent(),
        t.entities(),
        t.priority(),
        t.impact(),
        t.urgency(),
        t.sla(),
        t.reason(),
        t.transcript(),
        t.articlesShown(),
        t.stepsTried(),
        t.status(),
        t.assignee(),
        t.notes(),
        t.resolution(),
        t.group(),
        t.csat(),
        t.claimedAt(),
        t.firstResponseAt(),
        t.resolvedAt());
  }

  private static String subject(String subject) {
    if (subject == null || subject.isBlank()) {
      return "Help requested";
    }
    String oneLine = Redactor.redact(subject).replaceAll("\\s+", " ").strip();
    return oneLine.length() <= SUBJECT_MAX ? oneLine : oneLine.substring(0, SUBJECT_MAX - 1) + "…";
  }
}
