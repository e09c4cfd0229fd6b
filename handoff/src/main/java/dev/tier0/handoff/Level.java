package dev.tier0.handoff;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** An ITIL impact or urgency level; the wire name is lower case. */
public enum Level {
  HIGH,
  MEDIUM,
  LOW;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Level parse(String value) {
    return valueOf(value.strip().toUpperCase(Locale.ROOT));
  }

  /** The higher of two levels. */
  public Level max(Level other) {
    return ordinal() <= other.ordinal() ? this : other;
  }
}
