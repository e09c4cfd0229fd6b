package dev.tier0.bot.internal.nlu.eval;

import dev.tier0.bot.NluResult;
import dev.tier0.bot.internal.nlu.TrainingData;
import dev.tier0.bot.spi.IntentClassifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Scores intent detection the way CONTRACT.md section 5 defines it, on intents or on categories
 * (whichever label the file gives; intents when both are there unless categories are asked for),
 * and runs K-fold cross-validation on one labelled file. Plain Java, no state.
 */
public final class NluEvaluator {

  /** Which label is compared. */
  public enum Level {
    /** Intent when every line has one, category otherwise. */
    AUTO,
    INTENT,
    CATEGORY
  }

  /** The expected and the predicted label of one line. */
  public record Prediction(String expected, String predicted) {}

  private static final int CONFUSIONS = 10;

  private NluEvaluator() {}

  /** The level AUTO stands for with these lines. */
  public static Level resolve(Level level, List<LabelledUtterance> lines) {
    if (level != Level.AUTO) {
      return level;
    }
    return lines.stream().allMatch(l -> l.intent() != null) ? Level.INTENT : Level.CATEGORY;
  }

  /** Classifies every line and scores the predictions. */
  public static NluEvaluation evaluate(
      IntentClassifier classifier, List<LabelledUtterance> lines, Level level) {
    Level resolved = resolve(level, lines);
    return score(predict(classifier, lines, resolved), resolved);
  }

  /** Predictions of a classifier for the lines at a level. */
  public static List<Prediction> predict(
      IntentClassifier classifier, List<LabelledUtterance> lines, Level level) {
    List<Prediction> out = new ArrayList<>(lines.size());
    for (LabelledUtterance line : lines) {
      NluResult result = classifier.parse(line.text());
      String expected = expected(classifier, line, level);
      String predicted = level == Level.CATEGORY ? categoryOf(classifier, result) : result.intent();
      out.add(new Prediction(expected, predicted));
    }
    return out;
  }

  private static String expected(IntentClassifier classifier, LabelledUtterance line, Level level) {
    if (level == Level.INTENT) {
      return line.intent() == null ? "" : line.intent();
    }
    if (line.category() != null) {
      return line.category();
    }
    if (NluResult.OUT_OF_SCOPE.equals(line.intent())) {
      return NluResult.OUT_OF_SCOPE;
    }
    return classifier
        .describe(line.intent())
        .map(IntentClassifier.IntentInfo::category)
        .orElse(line.intent());
  }

  private static String categoryOf(IntentClassifier classifier, NluResult result) {
    return NluResult.OUT_OF_SCOPE.equals(result.intent())
        ? NluResult.OUT_OF_SCOPE
        : result.category();
  }

  /**
   * K-fold cross-validation: the lines are shuffled with the seed, split into K folds, and each
   * fold is predicted by a model trained on the others. The scores are over all lines.
   */
  public static NluEvaluation crossValidate(
      List<LabelledUtterance> lines,
      Map<String, IntentClassifier.IntentInfo> intents,
      int folds,
      long seed,
      Level level,
      Function<TrainingData, IntentClassifier> trainer) {
    if (folds < 2 || folds > lines.size()) {
      throw new IllegalArgumentException("folds must be between 2 and the number of lines");
    }
    Level resolved = resolve(level, lines);
    if (lines.stream().anyMatch(l -> l.intent() == null)) {
      throw new IllegalArgumentException("cross-validation needs an intent on every line");
    }
    List<LabelledUtterance> shuffled = new ArrayList<>(lines);
    Collections.shuffle(shuffled, new Random(seed));
    List<Prediction> all = new ArrayList<>();
    for (int k = 0; k < folds; k++) {
      List<TrainingData.Example> train = new ArrayList<>();
      List<LabelledUtterance> test = new ArrayList<>();
      for (int i = 0; i < shuffled.size(); i++) {
        if (i % folds == k) {
          test.add(shuffled.get(i));
        } else {
          train.add(shuffled.get(i).asExample());
        }
      }
      IntentClassifier classifier = trainer.apply(new TrainingData(train, intents));
      all.addAll(predict(classifier, test, resolved));
    }
    return score(all, resolved);
  }

  /** Scores predictions: CONTRACT.md section 5 metrics, per-label scores and confusions. */
  public static NluEvaluation score(List<Prediction> predictions, Level level) {
    int n = predictions.size();
    int right = 0;
    int inTotal = 0;
    int inRight = 0;
    int oosTotal = 0;
    int oosRight = 0;
    int oosPredicted = 0;
    Map<String, int[]> counts = new TreeMap<>(); // label -> {tp, predicted, support}
    Map<String, Integer> mistakes = new TreeMap<>();
    for (Prediction p : predictions) {
      boolean ok = p.expected().equals(p.predicted());
      boolean expectedOos = NluResult.OUT_OF_SCOPE.equals(p.expected());
      boolean predictedOos = NluResult.OUT_OF_SCOPE.equals(p.predicted());
      right += ok ? 1 : 0;
      if (expectedOos) {
        oosTotal++;
        oosRight += predictedOos ? 1 : 0;
      } else {
        inTotal++;
        inRight += ok ? 1 : 0;
      }
      oosPredicted += predictedOos ? 1 : 0;
      counts.computeIfAbsent(p.expected(), k -> new int[3])[2]++;
      counts.computeIfAbsent(p.predicted(), k -> new int[3])[1]++;
      if (ok) {
        counts.get(p.expected())[0]++;
      } else {
        mistakes.merge(p.expected() + "\u0000" + p.predicted(), 1, Integer::sum);
      }
    }
    Map<String, NluEvaluation.LabelScore> perLabel = new TreeMap<>();
    counts.forEach((label, c) -> {
      Double precision = c[1] == 0 ? null : (double) c[0] / c[1];
      Double recall = c[2] == 0 ? null : (double) c[0] / c[2];
      double f1 =
          precision == null || recall == null || precision + recall == 0
              ? 0
              : 2 * precision * recall / (precision + recall);
      perLabel.put(label, new NluEvaluation.LabelScore(precision, recall, f1, c[2]));
    });
    List<NluEvaluation.Confusion> confusions = new ArrayList<>();
    mistakes.forEach((pair, count) -> {
      String[] parts = pair.split("\u0000", 2);
      confusions.add(new NluEvaluation.Confusion(parts[0], parts[1], count));
    });
    confusions.sort(
        Comparator.comparingInt(NluEvaluation.Confusion::count)
            .reversed()
            .thenComparing(NluEvaluation.Confusion::expected)
            .thenComparing(NluEvaluation.Confusion::predicted));
    return new NluEvaluation(
        n,
        level == Level.CATEGORY ? "category" : "intent",
        ratio(right, n),
        ratio(inRight, inTotal),
        ratio(oosRight, oosTotal),
        ratio(oosRight, oosPredicted),
        perLabel,
        List.copyOf(confusions.subList(0, Math.min(CONFUSIONS, confusions.size()))));
  }

  private static Double ratio(int count, int total) {
    return total == 0 ? null : (double) count / total;
  }
}
