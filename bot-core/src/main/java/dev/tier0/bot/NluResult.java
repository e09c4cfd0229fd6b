package dev.tier0.bot;

import java.util.List;

/**
 * What the classifier made of one message.
 *
 * @param intent the best intent ({@code out_of_scope} when nothing fits)
 * @param category the category of CONTRACT.md section 1 that the intent maps to
 * @param confidence calibrated probability of {@code intent}, from 0 to 1
 * @param ranking the best intents, best first (at least the top one)
 * @param entities what was recognised in the text
 * @param language ISO 639-3 code of the detected language ({@code eng} by default)
 */
public record NluResult(
    String intent,
    String category,
    double confidence,
    List<IntentScore> ranking,
    List<Entity> entities,
    String language) {

  public NluResult {
    ranking = List.copyOf(ranking);
    entities = List.copyOf(entities);
    language = language == null ? "eng" : language;
  }

  /** The intent that stands for "nothing of ours". */
  public static final String OUT_OF_SCOPE = "out_of_scope";

  /** The confidence gap between the best and the second intent (1 when there is no second). */
  public double margin() {
    return ranking.size() < 2 ? 1.0 : ranking.get(0).confidence() - ranking.get(1).confidence();
  }
}
