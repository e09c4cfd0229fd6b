package dev.tier0.connector.slack;

/**
 * What agents see of a new ticket in the agents channel.
 *
 * @param ticketId e.g. {@code INC-2026-000123}
 * @param conversationId the conversation the ticket was opened from
 * @param priority {@code P1}..{@code P4}
 * @param subject the one-line summary
 * @param category the ticket's category, or null
 * @param requesterName who asks, or null
 * @param requesterEmail where to reach them, or null
 * @param reason why the bot handed off, e.g. {@code user_request}
 */
public record TicketSummary(
    String ticketId,
    String conversationId,
    String priority,
    String subject,
    String category,
    String requesterName,
    String requesterEmail,
    String reason) {}
