package dev.tier0.bot.internal.nlu;

import dev.tier0.bot.NluResult;
import dev.tier0.bot.internal.nlu.TrainingData.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Fits the reading of a trained model on a validation split. Temperature scaling (one parameter,
 * Guo et al. 2017) makes the maximum-entropy probabilities mean what they say: the temperature
 * minimising the validation negative log-likelihood is chosen from a log-spaced grid. The
 * out-of-scope threshold is then the one that maximises in-scope accuracy plus out-of-scope recall
 * on the same split (the middle of the best plateau): by default the accuracy over all validation
 * lines, or in-scope accuracy plus out-of-scope recall ({@link NluSettings#thresholdObjective()}).
 * Both are measured, never tuned on a test split.
 */
final class Calibration {

  private Calibration() {}

  /**
   * What calibration chose and what it measured on the validation split.
   *
   * @param temperature the fitted temperature
   * @param oosThreshold the chosen out-of-scope threshold
   * @param nllBefore mean negative log-likelihood at temperature 1
   * @param nllAfter the same at the fitted temperature
   * @param eceBefore expected calibration error (10 bins) of the top intent at temperature 1
   * @param eceAfter the same at the fitted temperature
   * @param inScopeAccuracy validation in-scope accuracy at the chosen threshold
   * @param oosRecall validation out-of-scope recall at the chosen threshold (NaN without oos lines)
   */
  record Fit(
      double temperature,
      double oosThreshold,
      double nllBefore,
      double nllAfter,
      double eceBefore,
      double eceAfter,
      double inScopeAccuracy,
      double oosRecall) {}

  static Fit fit(OpenNlpIntentClassifier classifier, List<Example> validation) {
    Split split = Split.read(validation, classifier, classifier::rawReading);
    List<double[]> raw = split.readings().stream().map(r -> r.raw()).toList();
    return fit(classifier, raw, split, classifier.mixture().unknownShare());
  }

  /**
   * A validation split as the model reads it: one reading per line, the line's outcome index,
   * whether it is out of scope, and its share of never-seen words.
   */
  private record Split(
      List<OpenNlpIntentClassifier.Reading> readings,
      List<Integer> labels,
      List<Boolean> oosLabels,
      double[] unknown) {

    static Split read(
        List<Example> validation,
        OpenNlpIntentClassifier classifier,
        Function<String, OpenNlpIntentClassifier.Reading> reader) {
      List<OpenNlpIntentClassifier.Reading> readings = new ArrayList<>(validation.size());
      List<Integer> labels = new ArrayList<>(validation.size());
      List<Boolean> oosLabels = new ArrayList<>(validation.size());
      double[] unknown = new double[validation.size()];
      for (Example example : validation) {
        OpenNlpIntentClassifier.Reading reading = reader.apply(example.text());
        unknown[readings.size()] = reading.unknownShare();
        readings.add(reading);
        String label = TrainingData.canonicalIntent(example.intent());
        labels.add(classifier.outcomeIndex(label));
        oosLabels.add(NluResult.OUT_OF_SCOPE.equals(label));
      }
      return new Split(readings, labels, oosLabels, unknown);
    }

    /** The components {@code index} of every reading (the mixture's models, in order). */
    List<double[]> component(int index) {
      return readings.stream().map(r -> r.components()[index]).toList();
    }

    /**
     * The threshold objective for probabilities of these lines: each candidate is scored at its own
     * best threshold, so that candidates compare at their best.
     */
    double objective(
        OpenNlpIntentClassifier classifier, List<double[]> probabilities, double unknownLimit) {
      double threshold =
          chooseThreshold(classifier, probabilities, labels, oosLabels, unknown, unknownLimit);
      double[] f =
          measure(classifier, probabilities, labels, oosLabels, unknown, unknownLimit, threshold);
      double in = Double.isNaN(f[0]) ? 0 : f[0];
      double oos = Double.isNaN(f[1]) ? 0 : f[1];
      return Calibration.objective(classifier.settings(), in, oos, inShare(oosLabels));
    }
  }

  private static double inShare(List<Boolean> oosLabels) {
    return (double) oosLabels.stream().filter(b -> !b).count() / oosLabels.size();
  }

  /** Accuracy over all lines, or in-scope accuracy plus out-of-scope recall ("balanced"). */
  private static double objective(
      NluSettings settings, double inScope, double oosRecall, double inShare) {
    return settings.thresholdObjective().equals("balanced")
        ? inScope + oosRecall
        : inShare * inScope + (1 - inShare) * oosRecall;
  }

  /**
   * Fits the mixture of the main and the word model on a validation split: each model's own
   * temperature by negative log-likelihood, then the word weight and the unknown-word limit that
   * maximise the threshold objective (each candidate with its own fitted temperature and
   * threshold). The first best candidate of the grid wins, so the result is deterministic.
   */
  static OpenNlpIntentClassifier.Mixture fitMixture(
      OpenNlpIntentClassifier classifier, List<Example> validation) {
    Split split = Split.read(validation, classifier, classifier::componentReading);
    List<double[]> main = split.component(0);
    List<double[]> word = split.component(1);
    double mainT = bestTemperature(main, split.labels(), 1.0);
    double wordT = bestTemperature(word, split.labels(), 1.0);
    OpenNlpIntentClassifier.Mixture best = null;
    double bestScore = -1;
    for (double weight : WORD_WEIGHTS) {
      List<double[]> mixed = new ArrayList<>(main.size());
      OpenNlpIntentClassifier.Mixture m =
          new OpenNlpIntentClassifier.Mixture(weight, mainT, wordT, 2.0);
      for (int i = 0; i < main.size(); i++) {
        mixed.add(OpenNlpIntentClassifier.mix(main.get(i), word.get(i), m));
      }
      // The temperature does not depend on the unknown-word limit: fitted once per weight.
      Scaled scaled = scaleByNll(classifier.settings(), mixed, split.labels());
      for (double limit : UNKNOWN_LIMITS) {
        double score = split.objective(classifier, scaled.probabilities(), limit);
        if (score > bestScore + 1e-9) {
          bestScore = score;
          best = new OpenNlpIntentClassifier.Mixture(weight, mainT, wordT, limit);
        }
      }
    }
    return best;
  }

  /**
   * Fits the weight of the sentence-vector model against the (already fitted) mixture of the other
   * two on a validation split: its own temperature by negative log-likelihood, then the weight that
   * maximises the threshold objective, each candidate with its own fitted temperature and
   * threshold. The first best weight of the grid wins (0 keeps the other two models alone).
   */
  static OpenNlpIntentClassifier.Mixture fitEmbedding(
      OpenNlpIntentClassifier classifier, List<Example> validation) {
    OpenNlpIntentClassifier.Mixture current = classifier.mixture();
    Split split = Split.read(validation, classifier, classifier::componentReading);
    List<double[]> pair = new ArrayList<>();
    List<double[]> embedding = new ArrayList<>();
    for (OpenNlpIntentClassifier.Reading reading : split.readings()) {
      double[][] all = reading.components();
      pair.add(OpenNlpIntentClassifier.mix(all[0], all[1], current));
      embedding.add(all[2] == null ? uniform(all[0].length) : all[2]);
    }
    double embeddingT = bestTemperature(embedding, split.labels(), 1.0);
    OpenNlpIntentClassifier.Mixture best = current.withEmbedding(0.0, embeddingT);
    double bestScore = -1;
    for (double weight : EMBEDDING_WEIGHTS) {
      OpenNlpIntentClassifier.Mixture m = current.withEmbedding(weight, embeddingT);
      List<double[]> mixed = new ArrayList<>(pair.size());
      for (int i = 0; i < pair.size(); i++) {
        mixed.add(OpenNlpIntentClassifier.mixEmbedding(pair.get(i), embedding.get(i), m));
      }
      Scaled scaled = scaleByNll(classifier.settings(), mixed, split.labels());
      double score = split.objective(classifier, scaled.probabilities(), current.unknownShare());
      if (score > bestScore + 1e-9) {
        bestScore = score;
        best = m;
      }
    }
    return best;
  }

  private static double[] uniform(int size) {
    double[] p = new double[size];
    java.util.Arrays.fill(p, 1.0 / size);
    return p;
  }

  private static final double[] EMBEDDING_WEIGHTS = {0.0, 0.2, 0.35, 0.5, 0.65, 0.8, 1.0};

  private static final double[] WORD_WEIGHTS = {0.0, 0.2, 0.35, 0.5, 0.65, 0.8, 1.0};

  /** Unknown-word limits tried, from "off" (above 1) down; earlier wins ties. */
  private static final double[] UNKNOWN_LIMITS = {2.0, 1.0, 0.75, 0.6, 0.5};

  private static double bestTemperature(List<double[]> raw, List<Integer> labels, double start) {
    double bestT = start;
    double bestNll = nll(raw, labels, bestT);
    for (int i = 0; i <= 72; i++) {
      double t = Math.pow(10, -1 + i * (3.0 / 72));
      double value = nll(raw, labels, t);
      if (value < bestNll - 1e-12) {
        bestNll = value;
        bestT = t;
      }
    }
    return Double.isNaN(bestNll) ? start : bestT;
  }

  private static Fit fit(
      OpenNlpIntentClassifier classifier, List<double[]> raw, Split split, double unknownLimit) {
    List<Integer> labels = split.labels();
    Scaled scaled = scaleByNll(classifier.settings(), raw, labels);
    double threshold =
        chooseThreshold(
            classifier,
            scaled.probabilities(),
            labels,
            split.oosLabels(),
            split.unknown(),
            unknownLimit);
    double[] atThreshold =
        measure(
            classifier,
            scaled.probabilities(),
            labels,
            split.oosLabels(),
            split.unknown(),
            unknownLimit,
            threshold);
    return new Fit(
        scaled.temperature(),
        threshold,
        scaled.nllBefore(),
        scaled.nllAfter(),
        ece(raw, labels, 1.0),
        ece(raw, labels, scaled.temperature()),
        atThreshold[0],
        atThreshold[1]);
  }

  /** Probabilities at the temperature of least validation negative log-likelihood. */
  private record Scaled(
      double temperature, double nllBefore, double nllAfter, List<double[]> probabilities) {}

  private static Scaled scaleByNll(NluSettings settings, List<double[]> raw, List<Integer> labels) {
    double bestT = bestTemperature(raw, labels, settings.temperature());
    double bestNll = nll(raw, labels, bestT);
    double nllBefore = nll(raw, labels, 1.0);
    List<double[]> scaled = new ArrayList<>(raw.size());
    for (double[] p : raw) {
      scaled.add(OpenNlpIntentClassifier.scale(p, bestT));
    }
    return new Scaled(bestT, nllBefore, bestNll, scaled);
  }

  /**
   * The threshold 0.00–0.99 that maximises the objective, middle of the best plateau; the settings'
   * own threshold when the split lacks in-scope or out-of-scope lines.
   */
  private static double chooseThreshold(
      OpenNlpIntentClassifier classifier,
      List<double[]> scaled,
      List<Integer> labels,
      List<Boolean> oosLabels,
      double[] unknown,
      double unknownLimit) {
    NluSettings settings = classifier.settings();
    boolean hasOos = oosLabels.contains(true);
    boolean hasIn = oosLabels.contains(false);
    if (!hasOos || !hasIn) {
      return settings.oosThreshold();
    }
    double inShare = inShare(oosLabels);
    double bestScore = -1;
    List<Double> plateau = new ArrayList<>();
    List<OpenNlpIntentClassifier.Decision> decided = decisions(classifier, scaled);
    for (int step = 0; step <= 99; step++) {
      double t = step / 100.0;
      double[] m = measure(decided, labels, oosLabels, unknown, unknownLimit, t);
      double score = objective(settings, m[0], m[1], inShare);
      if (score > bestScore + 1e-12) {
        bestScore = score;
        plateau.clear();
        plateau.add(t);
      } else if (Math.abs(score - bestScore) <= 1e-12) {
        plateau.add(t);
      }
    }
    return plateau.get(plateau.size() / 2);
  }

  /** In-scope accuracy and out-of-scope recall at each threshold 0, 0.01, ... 0.99. */
  static List<double[]> curve(
      OpenNlpIntentClassifier classifier, List<Example> validation, double temperature) {
    Split split = Split.read(validation, classifier, classifier::rawReading);
    List<Integer> labels = split.labels();
    List<Boolean> oosLabels = split.oosLabels();
    double[] unknown = split.unknown();
    List<double[]> scaled =
        split.readings().stream()
            .map(r -> OpenNlpIntentClassifier.scale(r.raw(), temperature))
            .toList();
    List<double[]> out = new ArrayList<>();
    List<OpenNlpIntentClassifier.Decision> decided = decisions(classifier, scaled);
    for (int step = 0; step < 100; step++) {
      double[] m =
          measure(
              decided,
              labels,
              oosLabels,
              unknown,
              classifier.mixture().unknownShare(),
              step / 100.0);
      out.add(new double[] {step / 100.0, m[0], m[1]});
    }
    return out;
  }

  /** In-scope accuracy and out-of-scope recall at a threshold. */
  private static double[] measure(
      OpenNlpIntentClassifier classifier,
      List<double[]> scaled,
      List<Integer> labels,
      List<Boolean> oosLabels,
      double[] unknown,
      double unknownLimit,
      double threshold) {
    return measure(
        decisions(classifier, scaled), labels, oosLabels, unknown, unknownLimit, threshold);
  }

  /**
   * The decision parse makes (by intent or by category, as the settings say) at threshold 0: the
   * answer and its in-scope probability do not depend on the threshold, so one decision per line
   * serves every threshold.
   */
  private static List<OpenNlpIntentClassifier.Decision> decisions(
      OpenNlpIntentClassifier classifier, List<double[]> scaled) {
    List<OpenNlpIntentClassifier.Decision> decided = new ArrayList<>(scaled.size());
    for (double[] p : scaled) {
      decided.add(classifier.decide(p, 0));
    }
    return decided;
  }

  private static double[] measure(
      List<OpenNlpIntentClassifier.Decision> decided,
      List<Integer> labels,
      List<Boolean> oosLabels,
      double[] unknown,
      double unknownLimit,
      double threshold) {
    int inTotal = 0;
    int inRight = 0;
    int oosTotal = 0;
    int oosRight = 0;
    for (int i = 0; i < decided.size(); i++) {
      OpenNlpIntentClassifier.Decision d = decided.get(i);
      boolean predictedOos =
          d.outOfScope() || d.inScope() < threshold || unknown[i] >= unknownLimit;
      if (oosLabels.get(i)) {
        oosTotal++;
        oosRight += predictedOos ? 1 : 0;
      } else {
        inTotal++;
        inRight += !predictedOos && d.intent() == labels.get(i) ? 1 : 0;
      }
    }
    return new double[] {
      inTotal == 0 ? Double.NaN : (double) inRight / inTotal,
      oosTotal == 0 ? Double.NaN : (double) oosRight / oosTotal
    };
  }

  private static double nll(List<double[]> raw, List<Integer> labels, double temperature) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < raw.size(); i++) {
      int label = labels.get(i);
      if (label < 0) {
        continue;
      }
      double[] p = OpenNlpIntentClassifier.scale(raw.get(i), temperature);
      sum -= Math.log(Math.max(p[label], 1e-12));
      n++;
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static double ece(List<double[]> raw, List<Integer> labels, double temperature) {
    int bins = 10;
    double[] confidence = new double[bins];
    double[] correct = new double[bins];
    int[] count = new int[bins];
    int n = 0;
    for (int i = 0; i < raw.size(); i++) {
      int label = labels.get(i);
      if (label < 0) {
        continue;
      }
      double[] p = OpenNlpIntentClassifier.scale(raw.get(i), temperature);
      int best = 0;
      for (int j = 1; j < p.length; j++) {
        if (p[j] > p[best]) {
          best = j;
        }
      }
      int bin = Math.min(bins - 1, (int) (p[best] * bins));
      confidence[bin] += p[best];
      correct[bin] += best == label ? 1 : 0;
      count[bin]++;
      n++;
    }
    if (n == 0) {
      return Double.NaN;
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        ece += Math.abs(confidence[b] - correct[b]) / n;
      }
    }
    return ece;
  }
}
