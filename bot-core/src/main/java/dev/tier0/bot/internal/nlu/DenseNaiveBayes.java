package dev.tier0.bot.internal.nlu;

import java.util.HashMap;
import java.util.Map;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.ml.naivebayes.NaiveBayesModel;

/**
 * The evaluation of a trained OpenNLP naive Bayes model from primitive arrays: the same numbers as
 * {@link NaiveBayesModel#eval(String[], float[])} (Lidstone-smoothed multinomial, delta 0.05)
 * without its per-call maps and boxed log-probabilities.
 *
 * <p>A feature adds the smoothed log-probability of its count to every outcome up to the last one
 * it was seen with (OpenNLP's loop stops there). For an outcome it was not seen with that term is
 * the same for every feature, so it is kept once per outcome and only the outcomes the feature was
 * seen with store a correction: memory stays that of the model's own parameters.
 *
 * <p>Immutable and thread-safe.
 */
final class DenseNaiveBayes {

  private static final double DELTA = 0.05;

  private final Map<String, Integer> index;
  private final int outcomes;
  private final double[] logPrior;
  private final double[] unseen;
  private final double[] denominator;
  private final int[] last;
  private final int[] start;
  private final int[] outcome;
  private final float[] count;
  private final double[] correction;

  private DenseNaiveBayes(AbstractModel model) {
    Object[] data = model.getDataStructures();
    Context[] params = (Context[]) data[0];
    Map<?, ?> predicates = (Map<?, ?>) data[1];
    this.outcomes = model.getNumOutcomes();
    Map<Context, Integer> position = new java.util.IdentityHashMap<>();
    for (int i = 0; i < params.length; i++) {
      position.put(params[i], i);
    }
    this.index = new HashMap<>(predicates.size() * 2);
    for (Map.Entry<?, ?> e : predicates.entrySet()) {
      Integer at = e.getValue() instanceof Context c ? position.get(c) : (Integer) e.getValue();
      index.put(String.valueOf(e.getKey()), at);
    }
    double[] totals = new double[outcomes];
    int entries = 0;
    for (Context c : params) {
      for (int j = 0; j < c.getOutcomes().length; j++) {
        totals[c.getOutcomes()[j]] += c.getParameters()[j];
      }
      for (double value : c.getParameters()) {
        // A zero count contributes exactly the per-outcome unseen term: no entry needed.
        entries += value != 0 ? 1 : 0;
      }
    }
    double total = 0;
    for (double t : totals) {
      total += t;
    }
    long vocabulary = predicates.size();
    this.logPrior = new double[outcomes];
    this.unseen = new double[outcomes];
    this.denominator = new double[outcomes];
    for (int i = 0; i < outcomes; i++) {
      logPrior[i] = Math.log(totals[i] / total);
      denominator[i] = totals[i] + DELTA * vocabulary;
      unseen[i] = Math.log(DELTA / denominator[i]);
    }
    this.last = new int[params.length];
    this.start = new int[params.length + 1];
    this.outcome = new int[entries];
    this.count = new float[entries];
    this.correction = new double[entries];
    int k = 0;
    for (int f = 0; f < params.length; f++) {
      start[f] = k;
      int[] os = params[f].getOutcomes();
      double[] ps = params[f].getParameters();
      last[f] = os.length == 0 ? -1 : os[os.length - 1];
      for (int j = 0; j < os.length; j++) {
        if (ps[j] == 0) {
          continue;
        }
        outcome[k] = os[j];
        count[k] = (float) ps[j];
        correction[k] = Math.log((ps[j] + DELTA) / denominator[os[j]]) - unseen[os[j]];
        k++;
      }
    }
    start[params.length] = k;
  }

  /** The dense form of a naive Bayes model, or null for any other kind of model. */
  static DenseNaiveBayes of(MaxentModel model) {
    return model instanceof NaiveBayesModel nb ? new DenseNaiveBayes(nb) : null;
  }

  /** Every feature the model knows (a read-only view). */
  java.util.Set<String> featureNames() {
    return java.util.Collections.unmodifiableSet(index.keySet());
  }

  /** How many features the model knows: indices run from 0 to this, exclusive. */
  int featureCount() {
    return last.length;
  }

  /** The feature's index in this model, or -1 when the model does not know it. */
  int id(String name) {
    Integer f = index.get(name);
    return f == null ? -1 : f;
  }

  /** Probabilities of every outcome, in the model's outcome order. */
  double[] eval(String[] names, float[] values) {
    int[] ids = new int[names.length];
    for (int n = 0; n < names.length; n++) {
      ids[n] = id(names[n]);
    }
    return eval(ids, values, ids.length);
  }

  /**
   * Probabilities of every outcome from the first {@code size} feature indices ({@link #id}; -1 is
   * skipped) and their values.
   */
  double[] eval(int[] ids, float[] values, int size) {
    double[] sum = new double[outcomes];
    int[] reaching = new int[outcomes];
    for (int n = 0; n < size; n++) {
      int f = ids[n];
      if (f < 0 || last[f] < 0) {
        continue;
      }
      float value = values[n];
      for (int k = start[f]; k < start[f + 1]; k++) {
        int o = outcome[k];
        sum[o] +=
            value == 1f
                ? correction[k]
                : Math.log((count[k] * value + DELTA) / denominator[o]) - unseen[o];
      }
      reaching[last[f]]++;
    }
    int features = 0;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = outcomes - 1; i >= 0; i--) {
      features += reaching[i];
      sum[i] += features * unseen[i] + logPrior[i];
      max = Math.max(max, sum[i]);
    }
    double z = 0;
    for (int i = 0; i < outcomes; i++) {
      sum[i] = Math.exp(sum[i] - max);
      z += sum[i];
    }
    for (int i = 0; i < outcomes; i++) {
      sum[i] /= z;
    }
    return sum;
  }
}
