package dev.tier0.handoff;

/** Ticket priority, P1 (critical) to P4 (low); the wire name is the enum name. */
public enum Priority {
  P1,
  P2,
  P3,
  P4;

  /** Parses {@code "P1"}..{@code "P4"} (case-insensitive). */
  public static Priority parse(String value) {
    if (value != null) {
      for (Priority p : values()) {
        if (p.name().equalsIgnoreCase(value.strip())) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException(
        "priority must be one of P1, P2, P3, P4 (got " + value + ")");
  }
}
