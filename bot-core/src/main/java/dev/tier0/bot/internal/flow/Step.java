package dev.tier0.bot.internal.flow;

import dev.tier0.bot.HandoffReason;
import java.util.List;
import java.util.Map;

/**
 * One step of a flow, as read from YAML. Which fields matter depends on the {@link Kind}.
 *
 * @param id unique within the flow
 * @param kind what the step does
 * @param text what the bot says (say, ask, confirm, resolve, end, handoff; intro of article)
 * @param next the step after this one (for ask/action: the default; for confirm: after "no")
 * @param options the buttons of an ask with choices
 * @param slot where an ask stores the answer, or which slot a branch tests
 * @param pattern a regular expression an ask's free-text answer must match (group 1 is kept)
 * @param entity an entity type whose value fills the slot before asking
 * @param secret the answer is a secret: redacted whole, never stored, passed to the next action
 * @param cases branch: slot value (lower case) to step id
 * @param otherwise branch: the step when no case matches
 * @param action the action's name
 * @param outcomes action: outcome to step id
 * @param article the KB article id to show
 * @param yes confirm: the step after "yes" (null: resolve)
 * @param reason handoff: why
 */
public record Step(
    String id,
    Kind kind,
    String text,
    String next,
    List<Option> options,
    String slot,
    String pattern,
    String entity,
    boolean secret,
    Map<String, String> cases,
    String otherwise,
    String action,
    Map<String, String> outcomes,
    String article,
    String yes,
    HandoffReason reason) {

  public Step {
    options = List.copyOf(options);
    cases = Map.copyOf(cases);
    outcomes = Map.copyOf(outcomes);
  }

  /** What a step does. */
  public enum Kind {
    SAY,
    ASK,
    BRANCH,
    ACTION,
    ARTICLE,
    CONFIRM,
    RESOLVE,
    /** Ends the flow without claiming the problem is fixed (e.g. the user declined a person). */
    END,
    HANDOFF;

    /** True for steps that wait for the user's answer. */
    boolean waits() {
      return this == ASK || this == CONFIRM;
    }
  }

  /** A button of an ask: its label, the value it sends, and the step it leads to (or null). */
  public record Option(String label, String value, String next) {}
}
