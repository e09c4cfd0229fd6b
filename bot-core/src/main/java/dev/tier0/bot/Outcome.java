package dev.tier0.bot;

import java.util.Locale;

/** What one bot turn did, as reported in the API's {@code outcome} field. */
public enum Outcome {
  /** A knowledge-base article was offered. */
  ANSWERED,
  /** The bot asked the user to pick or rephrase. */
  CLARIFYING,
  /** A guided flow took a step. */
  FLOW,
  /** Out of scope or not answerable: politely declined, a person offered. */
  DECLINED,
  /** The conversation is (or stays) with people. */
  HANDOFF,
  /** Greeting, thanks, goodbye. */
  SMALLTALK,
  /** The user confirmed the problem is fixed. */
  RESOLVED;

  /** The lower-case wire name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
