package dev.tier0.bot;

/**
 * A message from the user to the desk, already translated out of its channel's format.
 *
 * @param conversationId the conversation it belongs to
 * @param text what the user wrote (or the value of a button they pressed)
 * @param clientMessageId optional idempotency key: a retry with the same key gets the same turn
 */
public record InboundMessage(String conversationId, String text, String clientMessageId) {}
