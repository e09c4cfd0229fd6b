package dev.tier0.handoff;

import java.util.EnumMap;
import java.util.Map;

/**
 * The ITIL impact × urgency matrix. The default:
 *
 * <pre>
 *                 urgency high   medium   low
 *   impact high           P1       P2      P3
 *   impact medium         P2       P3      P4
 *   impact low            P3       P4      P4
 * </pre>
 *
 * @param cells priority per impact, then per urgency; every combination must be present
 */
public record PriorityMatrix(Map<Level, Map<Level, Priority>> cells) {

  public PriorityMatrix {
    Map<Level, Map<Level, Priority>> copy = new EnumMap<>(Level.class);
    for (Level impact : Level.values()) {
      Map<Level, Priority> row = cells.get(impact);
      if (row == null) {
        throw new IllegalArgumentException(
            "priority matrix lacks the row for impact " + impact.id());
      }
      for (Level urgency : Level.values()) {
        if (row.get(urgency) == null) {
          throw new IllegalArgumentException(
              "priority matrix lacks impact " + impact.id() + " × urgency " + urgency.id());
        }
      }
      copy.put(impact, Map.copyOf(row));
    }
    cells = Map.copyOf(copy);
  }

  /** The default matrix shown above. */
  public static PriorityMatrix itilDefault() {
    return new PriorityMatrix(
        Map.of(
            Level.HIGH,
                Map.of(Level.HIGH, Priority.P1, Level.MEDIUM, Priority.P2, Level.LOW, Priority.P3),
            Level.MEDIUM,
                Map.of(Level.HIGH, Priority.P2, Level.MEDIUM, Priority.P3, Level.LOW, Priority.P4),
            Level.LOW,
                Map.of(
                    Level.HIGH, Priority.P3, Level.MEDIUM, Priority.P4, Level.LOW, Priority.P4)));
  }

  /** The priority of an impact and an urgency. */
  public Priority priority(Level impact, Level urgency) {
    return cells.get(impact).get(urgency);
  }
}
