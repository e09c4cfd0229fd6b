package dev.tier0.handoff;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a ticket stands; the wire name is lower case. */
public enum TicketStatus {
  /** Waiting in the queue for an agent. */
  NEW,
  /** An agent owns it. */
  CLAIMED,
  /** An agent fixed it. */
  RESOLVED,
  /** Finished without a resolution by an agent (e.g. handed back to the bot). */
  CLOSED;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static TicketStatus parse(String value) {
    return valueOf(value.strip().toUpperCase(Locale.ROOT));
  }

  /** True once nobody works on it any more. */
  public boolean isFinished() {
    return this == RESOLVED || this == CLOSED;
  }
}
