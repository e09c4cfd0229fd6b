package dev.tier0.bot;

import java.util.Locale;

/** The channel an employee talks to the desk on. Its {@link #id()} is the wire name in the API. */
public enum Channel {
  WEB,
  SLACK,
  TEAMS,
  /** Direct calls of the HTTP API, e.g. scripts and evaluations. */
  API;

  /** The lower-case wire name, e.g. {@code "web"}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException with a human message when the name is unknown or null
   */
  public static Channel fromId(String id) {
    if (id != null) {
      for (Channel channel : values()) {
        if (channel.id().equalsIgnoreCase(id.strip())) {
          return channel;
        }
      }
    }
    throw new IllegalArgumentException(
        "channel must be one of web, slack, teams, api (got "
            + (id == null ? "nothing" : id)
            + ")");
  }
}
