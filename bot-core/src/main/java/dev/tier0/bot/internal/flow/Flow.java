package dev.tier0.bot.internal.flow;

import java.util.List;
import java.util.Map;

/**
 * A guided flow: a small graph of steps read from one YAML file.
 *
 * @param id unique flow id, e.g. {@code password-reset}
 * @param title what the flow is about, shown to users ("password reset")
 * @param intents the intents that start this flow
 * @param start the first step's id
 * @param steps every step by id, in file order
 * @param file where the flow was read from
 */
public record Flow(
    String id,
    String title,
    List<String> intents,
    String start,
    Map<String, Step> steps,
    String file) {

  public Flow {
    intents = List.copyOf(intents);
  }

  /** The step with this id, or null. */
  public Step step(String stepId) {
    return stepId == null ? null : steps.get(stepId);
  }
}
