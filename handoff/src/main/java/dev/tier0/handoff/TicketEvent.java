package dev.tier0.handoff;

import java.time.Instant;

/**
 * Something happened to a ticket. Published on Redis for every instance's agent console and, for
 * the types the webhook is configured with, POSTed to the outbound webhook.
 *
 * @param type {@code ticket.created}, {@code ticket.claimed}, {@code ticket.user_message}, {@code
 *     ticket.agent_message}, {@code ticket.transferred}, {@code ticket.reclaimed}, {@code
 *     ticket.resolved}, {@code ticket.handed_back}, {@code ticket.rated}
 * @param ticketId the ticket
 * @param at when it happened
 * @param actor the agent who acted, or null for the user or the system
 * @param ticket the ticket after the change
 */
public record TicketEvent(String type, String ticketId, Instant at, String actor, Ticket ticket) {

  public static final String CREATED = "ticket.created";
  public static final String CLAIMED = "ticket.claimed";
  public static final String USER_MESSAGE = "ticket.user_message";
  public static final String AGENT_MESSAGE = "ticket.agent_message";
  public static final String TRANSFERRED = "ticket.transferred";
  public static final String RECLAIMED = "ticket.reclaimed";
  public static final String RESOLVED = "ticket.resolved";
  public static final String HANDED_BACK = "ticket.handed_back";
  public static final String RATED = "ticket.rated";

  static TicketEvent of(String type, Ticket ticket, Instant at, String actor) {
    return new TicketEvent(type, ticket.id(), at, actor, ticket);
  }
}
