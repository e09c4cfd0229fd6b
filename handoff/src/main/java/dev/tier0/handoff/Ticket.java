package dev.tier0.handoff;

import dev.tier0.bot.ArticleShown;
import dev.tier0.bot.Entity;
import dev.tier0.bot.IntentScore;
import dev.tier0.bot.TicketRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A hand-off ticket as CONTRACT.md section 4 defines it; the JSON field names are the component
 * names. {@code ticket.schema.json} documents the shape. Immutable: changes make copies.
 *
 * @param id {@code INC-<year>-<6 digits>}
 * @param reason why the bot handed off, e.g. {@code low_confidence}
 * @param transcript the conversation, secrets redacted
 * @param group the team the ticket was transferred to, or null for the first-line desk
 * @param csat the user's rating 1..5, or null
 */
public record Ticket(
    String id,
    Instant createdAt,
    Requester requester,
    String channel,
    String conversationId,
    String subject,
    String category,
    Intent intent,
    List<Entity> entities,
    Priority priority,
    Level impact,
    Level urgency,
    Sla sla,
    String reason,
    List<Line> transcript,
    List<ArticleShown> articlesShown,
    List<String> stepsTried,
    TicketStatus status,
    String assignee,
    List<Note> notes,
    String resolution,
    String group,
    Integer csat,
    Instant claimedAt,
    Instant firstResponseAt,
    Instant resolvedAt) {

  public Ticket {
    entities = entities == null ? List.of() : List.copyOf(entities);
    transcript = transcript == null ? List.of() : List.copyOf(transcript);
    articlesShown = articlesShown == null ? List.of() : List.copyOf(articlesShown);
    stepsTried = stepsTried == null ? List.of() : List.copyOf(stepsTried);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** Who asked; {@code channel} is the wire name (web, slack, teams, api). */
  public record Requester(String userId, String displayName, String email, String channel) {}

  /** The classification behind the hand-off; {@code name} is null when there was none. */
  public record Intent(String name, double confidence, List<IntentScore> ranking) {
    public Intent {
      ranking = ranking == null ? List.of() : List.copyOf(ranking);
    }
  }

  /** When a person must first answer and when the problem must be fixed. */
  public record Sla(Instant firstResponseDue, Instant resolutionDue) {}

  /** A line of the transcript; {@code from} is user, bot or agent. */
  public record Line(Instant at, String from, String text) {}

  /** An internal note: agents only, never shown to the user. */
  public record Note(Instant at, String author, String text) {}

  /** The short view a bot turn reports. */
  /** The ticket as its requester may see it: without the agents' internal notes. */
  public Ticket withoutNotes() {
    return with(e -> e.notes.clear());
  }

  public TicketRef ref() {
    return new TicketRef(id, priority.name(), category);
  }

  /** A copy with the changes the editor makes. */
  Ticket with(Consumer<Editor> edits) {
    Editor e = new Editor(this);
    edits.accept(e);
    return e.build();
  }

  /** Mutable working copy of a ticket's changeable fields, for the services of this package. */
  static final class Editor {
    private final Ticket t;
    Priority priority;
    TicketStatus status;
    String assignee;
    String resolution;
    String group;
    Integer csat;
    Instant claimedAt;
    Instant firstResponseAt;
    Instant resolvedAt;
    final List<Line> transcript;
    final List<Note> notes;

    Editor(Ticket t) {
      this.t = t;
      priority = t.priority;
      status = t.status;
      assignee = t.assignee;
      resolution = t.resolution;
      group = t.group;
      csat = t.csat;
      claimedAt = t.claimedAt;
      firstResponseAt = t.firstResponseAt;
      resolvedAt = t.resolvedAt;
      transcript = new ArrayList<>(t.transcript);
      notes = new ArrayList<>(t.notes);
    }

    Ticket build() {
      return new Ticket(
          t.id,
          t.createdAt,
          t.requester,
          t.channel,
          t.conversationId,
          t.subject,
          t.category,
          t.intent,
          t.entities,
          priority,
          t.impact,
          t.urgency,
          t.sla,
          t.reason,
          transcript,
          t.articlesShown,
          t.stepsTried,
          status,
          assignee,
          notes,
          resolution,
          group,
          csat,
          claimedAt,
          firstResponseAt,
          resolvedAt);
    }
  }
}
