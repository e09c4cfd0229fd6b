package dev.tier0.bot.internal.nlu.eval;

import java.util.List;
import java.util.Map;

/**
 * Scores of a classifier on labelled utterances, with the keys of CONTRACT.md section 5. A ratio
 * without any line to count is null.
 *
 * @param n lines scored
 * @param level {@code intent} or {@code category}: which label was compared
 * @param accuracy share of lines whose predicted label equals the line's label
 * @param inScopeAccuracy the same over lines whose label is not out of scope
 * @param oosRecall share of out-of-scope lines predicted out of scope
 * @param oosPrecision share of out-of-scope predictions that are out of scope
 * @param perLabel precision, recall, F1 and support of each label
 * @param confusions the most frequent mistakes, most frequent first
 */
public record NluEvaluation(
    int n,
    String level,
    Double accuracy,
    Double inScopeAccuracy,
    Double oosRecall,
    Double oosPrecision,
    Map<String, LabelScore> perLabel,
    List<Confusion> confusions) {

  /**
   * Scores of one label.
   *
   * @param precision share of predictions of the label that are right (null without any)
   * @param recall share of the label's lines predicted right
   * @param f1 harmonic mean of precision and recall (0 when either is 0 or undefined)
   * @param support lines with this label
   */
  public record LabelScore(Double precision, Double recall, double f1, int support) {}

  /**
   * A frequent mistake.
   *
   * @param expected the line's label
   * @param predicted what was predicted instead
   * @param count how often
   */
  public record Confusion(String expected, String predicted, int count) {}
}
