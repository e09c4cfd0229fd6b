package dev.tier0.bot;

/** The short view of a ticket that a turn reports: id, priority P1..P4, category. */
public record TicketRef(String id, String priority, String category) {}
