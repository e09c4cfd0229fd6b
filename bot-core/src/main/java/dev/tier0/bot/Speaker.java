package dev.tier0.bot;

import java.util.Locale;

/** Who said a line of a transcript. */
public enum Speaker {
  USER,
  BOT,
  AGENT;

  /** The lower-case wire name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
