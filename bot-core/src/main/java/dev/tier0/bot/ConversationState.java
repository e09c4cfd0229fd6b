package dev.tier0.bot;

import java.util.Locale;

/** Who owns a conversation. Only in {@link #BOT} does the bot answer. */
public enum ConversationState {
  /** The bot answers. */
  BOT,
  /** Handed off: a ticket waits in the agent queue; the bot stays silent. */
  AWAITING_AGENT,
  /** An agent claimed the ticket and talks to the user; the bot stays silent. */
  WITH_AGENT,
  /** The problem was fixed (by the bot or an agent); a new message opens a new topic. */
  RESOLVED,
  /** Ended; a new message opens a new topic. */
  CLOSED;

  /** The lower-case wire name, e.g. {@code "awaiting_agent"}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True while a person, not the bot, owns the conversation. */
  public boolean isWithHumans() {
    return this == AWAITING_AGENT || this == WITH_AGENT;
  }
}
