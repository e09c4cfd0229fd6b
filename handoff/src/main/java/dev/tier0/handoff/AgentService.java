package dev.tier0.handoff;

import dev.tier0.bot.BotReply;
import dev.tier0.bot.Conversation;
import dev.tier0.bot.ConversationState;
import dev.tier0.bot.Redactor;
import dev.tier0.bot.Speaker;
import dev.tier0.bot.TranscriptEntry;
import dev.tier0.bot.spi.ConversationStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What agents do with tickets: look at the queue, claim, answer the user, keep internal notes,
 * transfer, resolve, hand back to the bot. Replies reach the user through the {@link
 * ConversationRelay}, whichever app instance holds their connection.
 *
 * <p>Thread-safe; several instances may serve agents on the same Redis. Every refusal is a {@link
 * TicketException} (its {@code status()} is the HTTP status) and leaves everything unchanged.
 */
public final class AgentService {

  static final int MAX_TEXT = 10_000;
  static final int MAX_NAME = 100;

  static final String BACK_WITH_BOT =
      "You're back with the help desk bot. Ask me anything else, or ask for a person again at any"
          + " time.";
  static final String CSAT_QUESTION =
      "How did we do? Rate the help you got from 1 (poor) to 5 (excellent).";

  private final RedisTicketQueue tickets;
  private final ConversationStore conversations;
  private final ConversationRelay relay;

  public AgentService(
      RedisTicketQueue tickets, ConversationStore conversations, ConversationRelay relay) {
    this.tickets = tickets;
    this.conversations = conversations;
    this.relay = relay;
  }

  /** Waiting tickets matching the filter: highest priority first, then the oldest. */
  public List<Ticket> queue(QueueFilter filter) {
    return tickets.waiting(filter == null ? QueueFilter.all() : filter);
  }

  /** The ticket with this id. */
  public Ticket ticket(String ticketId) {
    return tickets.find(ticketId).orElseThrow(() -> RedisTicketQueue.notFound(ticketId));
  }

  /**
   * Gives a ticket to an agent; the user hears that a person joined.
   *
   * @throws TicketException NOT_FOUND, ALREADY_CLAIMED, ALREADY_FINISHED, INVALID_INPUT
   */
  public Ticket claim(String ticketId, String agent) {
    String name = name(agent);
    Ticket before = ticket(ticketId);
    Ticket claimed = tickets.claim(ticketId, name);
    if (name.equals(before.assignee()) && before.status() == TicketStatus.CLAIMED) {
      return claimed; // a repeated claim: the user was told already
    }
    joined(claimed, name);
    return claimed;
  }

  /** Claims the most urgent, oldest waiting ticket, or empty when the queue is empty. */
  public Optional<Ticket> claimNext(String agent) {
    String name = name(agent);
    Optional<Ticket> next = tickets.claimNext(name);
    next.ifPresent(t -> joined(t, name));
    return next;
  }

  private void joined(Ticket ticket, String agent) {
    String text = agent + " from the IT desk has joined the conversation.";
    Instant now = tickets.clock().instant();
    updateConversation(
        ticket,
        c -> {
          c.setState(ConversationState.WITH_AGENT);
          c.append(new TranscriptEntry(now, Speaker.BOT, text));
          return c;
        });
    relay(ticket, List.of(new BotReply.Text(text)));
  }

  /**
   * Sends the owner's answer to the user: into both transcripts (redacted) and to the user's
   * channel. The first answer acknowledges the claim.
   *
   * @throws TicketException NOT_FOUND, NOT_CLAIMED, NOT_OWNER, ALREADY_FINISHED, INVALID_INPUT
   */
  public Ticket reply(String ticketId, String agent, String text) {
    String name = name(agent);
    String clean = text(text, "reply");
    String redacted = Redactor.redact(clean);
    Instant now = tickets.clock().instant();
    return toUser(
        ticketId,
        name,
        now,
        e -> {
          e.transcript.add(new Ticket.Line(now, "agent", redacted));
          if (e.firstResponseAt == null) {
            e.firstResponseAt = now;
          }
        },
        c -> {
          c.setState(ConversationState.WITH_AGENT);
          c.append(new TranscriptEntry(now, Speaker.AGENT, redacted));
          return c;
        },
        List.of(new BotReply.Text(clean)),
        TicketEvent.AGENT_MESSAGE);
  }

  /**
   * Adds an internal note, never shown to the user. Any agent may note any open or finished ticket.
   *
   * @throws TicketException NOT_FOUND, INVALID_INPUT
   */
  public Ticket note(String ticketId, String agent, String text) {
    String name = name(agent);
    String redacted = Redactor.redact(text(text, "note"));
    Instant now = tickets.clock().instant();
    Ticket updated =
        tickets
            .updateTicket(
                ticketId, t -> t.with(e -> e.notes.add(new Ticket.Note(now, name, redacted))))
            .orElseThrow(() -> RedisTicketQueue.notFound(ticketId));
    if (updated.status() == TicketStatus.CLAIMED && name.equals(updated.assignee())) {
      tickets.touch(ticketId, name);
    }
    return updated;
  }

  /**
   * Sends a ticket to another team's queue; it waits again, unassigned, with a note.
   *
   * @throws TicketException NOT_FOUND, NOT_CLAIMED, NOT_OWNER, ALREADY_FINISHED, INVALID_INPUT
   */
  public Ticket transfer(String ticketId, String agent, String group) {
    String name = name(agent);
    String team = text(group, "group");
    if (team.length() > MAX_NAME) {
      throw invalid("A group name has at most " + MAX_NAME + " characters.");
    }
    Instant now = tickets.clock().instant();
    Ticket updated =
        ownerChange(
            ticketId,
            name,
            e -> {
              e.group = team;
              e.status = TicketStatus.NEW;
              e.assignee = null;
              e.claimedAt = null;
              e.notes.add(new Ticket.Note(now, name, "Transferred to " + team + "."));
            });
    tickets.requeue(updated);
    updateConversation(
        updated,
        c -> {
          c.setState(ConversationState.AWAITING_AGENT);
          return c;
        });
    tickets.announce(TicketEvent.of(TicketEvent.TRANSFERRED, updated, now, name));
    return updated;
  }

  /**
   * Resolves a ticket: the user gets the resolution and a rating question (1..5).
   *
   * @throws TicketException NOT_FOUND, NOT_CLAIMED, NOT_OWNER, ALREADY_FINISHED, INVALID_INPUT
   */
  public Ticket resolve(String ticketId, String agent, String resolution) {
    String name = name(agent);
    String clean = text(resolution, "resolution");
    String redacted = Redactor.redact(clean);
    Instant now = tickets.clock().instant();
    String message = name + " marked your request " + ticketId + " as resolved: " + clean;
    return toUser(
        ticketId,
        name,
        now,
        e -> {
          e.status = TicketStatus.RESOLVED;
          e.resolution = redacted;
          e.resolvedAt = now;
        },
        c -> {
          c.setState(ConversationState.RESOLVED);
          c.setPending(Conversation.Pending.CSAT);
          c.append(new TranscriptEntry(now, Speaker.AGENT, Redactor.redact(message)));
          c.append(new TranscriptEntry(now, Speaker.BOT, CSAT_QUESTION));
          return c;
        },
        List.of(new BotReply.Text(message), csatQuestion()),
        TicketEvent.RESOLVED);
  }

  /**
   * What the owner sends the user: the ticket changes (only by its owner, which also acknowledges
   * the claim), then the conversation, then the user's channel gets the replies and listeners the
   * event — in that order, so nothing reaches the user for a change that was refused.
   */
  private Ticket toUser(
      String ticketId,
      String owner,
      Instant now,
      java.util.function.Consumer<Ticket.Editor> ticketChange,
      UnaryOperator<Conversation> conversationChange,
      List<BotReply> replies,
      String eventType) {
    Ticket updated = ownerChange(ticketId, owner, ticketChange);
    tickets.acknowledge(ticketId);
    updateConversation(updated, conversationChange);
    relay(updated, replies);
    tickets.announce(TicketEvent.of(eventType, updated, now, owner));
    return updated;
  }

  /**
   * Returns the conversation to the bot and closes the ticket.
   *
   * @throws TicketException NOT_FOUND, NOT_CLAIMED, NOT_OWNER, ALREADY_FINISHED, INVALID_INPUT
   */
  public Ticket handback(String ticketId, String agent) {
    String name = name(agent);
    Instant now = tickets.clock().instant();
    Ticket updated =
        ownerChange(
            ticketId,
            name,
            e -> {
              e.status = TicketStatus.CLOSED;
              e.notes.add(new Ticket.Note(now, name, "Handed back to the help desk bot."));
            });
    tickets.acknowledge(ticketId);
    updateConversation(
        updated,
        c -> {
          c.setState(ConversationState.BOT);
          c.setPending(Conversation.Pending.NONE);
          c.append(new TranscriptEntry(now, Speaker.BOT, BACK_WITH_BOT));
          return c;
        });
    relay(updated, List.of(new BotReply.Text(BACK_WITH_BOT)));
    tickets.announce(TicketEvent.of(TicketEvent.HANDED_BACK, updated, now, name));
    return updated;
  }

  /**
   * Records the user's rating of a finished ticket.
   *
   * @throws TicketException NOT_FOUND, INVALID_INPUT (not 1..5), NOT_CLAIMED (not finished yet)
   */
  public Ticket rate(String ticketId, int csat) {
    if (csat < 1 || csat > 5) {
      throw invalid("A rating is a number from 1 to 5.");
    }
    Ticket rated =
        tickets
            .updateTicket(
                ticketId,
                t -> {
                  if (!t.status().isFinished()) {
                    throw new TicketException(
                        TicketException.Kind.NOT_CLAIMED,
                        "Ticket " + t.id() + " is not finished yet, so it cannot be rated.");
                  }
                  return t.with(e -> e.csat = csat);
                })
            .orElseThrow(() -> RedisTicketQueue.notFound(ticketId));
    tickets.announce(TicketEvent.of(TicketEvent.RATED, rated, tickets.clock().instant(), null));
    return rated;
  }

  /** The rating question, with buttons 1..5. */
  static BotReply.Choices csatQuestion() {
    return new BotReply.Choices(
        CSAT_QUESTION,
        List.of(
            new BotReply.Choice("1 – poor", "1"),
            new BotReply.Choice("2", "2"),
            new BotReply.Choice("3", "3"),
            new BotReply.Choice("4", "4"),
            new BotReply.Choice("5 – excellent", "5")));
  }

  // ---------------------------------------------------------------- helpers

  /** A change only the owner of a claimed, unfinished ticket may make. */
  private Ticket ownerChange(
      String ticketId, String agent, java.util.function.Consumer<Ticket.Editor> edits) {
    return tickets
        .updateTicket(
            ticketId,
            t -> {
              if (t.status().isFinished()) {
                throw new TicketException(
                    TicketException.Kind.ALREADY_FINISHED,
                    "Ticket " + t.id() + " is already " + t.status().id() + ".");
              }
              if (t.status() != TicketStatus.CLAIMED) {
                throw new TicketException(
                    TicketException.Kind.NOT_CLAIMED,
                    "Ticket " + t.id() + " is waiting in the queue: claim it first.");
              }
              if (!agent.equals(t.assignee())) {
                throw new TicketException(
                    TicketException.Kind.NOT_OWNER,
                    "Ticket " + t.id() + " belongs to " + t.assignee() + ", not to " + agent + ".");
              }
              return t.with(edits);
            })
        .orElseThrow(() -> RedisTicketQueue.notFound(ticketId));
  }

  private void updateConversation(Ticket ticket, UnaryOperator<Conversation> change) {
    if (ticket.conversationId() != null) {
      conversations.update(ticket.conversationId(), change);
    }
  }

  private void relay(Ticket ticket, List<BotReply> replies) {
    if (ticket.conversationId() != null) {
      relay.publish(ticket.conversationId(), replies);
    }
  }

  private static String name(String agent) {
    if (agent == null || agent.isBlank()) {
      throw invalid("An agent name is required.");
    }
    String name = agent.strip();
    if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
      throw invalid("An agent name has at most " + MAX_NAME + " printable characters.");
    }
    return name;
  }

  /** Validates a text: not blank, not too long; control characters other than newlines dropped. */
  private static String text(String text, String what) {
    if (text == null || text.isBlank()) {
      throw invalid("The " + what + " is empty.");
    }
    String clean =
        text.codePoints()
            .filter(c -> c == '\n' || c == '\t' || !Character.isISOControl(c))
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString()
            .strip();
    if (clean.isEmpty()) {
      throw invalid("The " + what + " is empty.");
    }
    if (clean.length() > MAX_TEXT) {
      throw invalid("The " + what + " is too long: at most " + MAX_TEXT + " characters.");
    }
    return clean;
  }

  private static TicketException invalid(String message) {
    return new TicketException(TicketException.Kind.INVALID_INPUT, message);
  }
}
