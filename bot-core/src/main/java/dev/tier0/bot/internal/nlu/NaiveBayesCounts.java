package dev.tier0.bot.internal.nlu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import opennlp.tools.ml.model.Context;
import opennlp.tools.ml.model.Event;
import opennlp.tools.ml.naivebayes.NaiveBayesModel;

/**
 * Builds an OpenNLP naive Bayes model by counting feature values per outcome directly. OpenNLP's
 * own trainer computes the same counts but then scores the whole training set with its slow
 * evaluation path, which is most of its time; the model built here is an ordinary {@link
 * NaiveBayesModel} (same outcome order: first appearance; same parameters) that OpenNLP saves and
 * reads as usual. Only for a cutoff of at most 1, where every feature is kept.
 */
final class NaiveBayesCounts {

  private NaiveBayesCounts() {}

  static NaiveBayesModel train(List<Event> events) {
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    for (Event event : events) {
      outcomes.putIfAbsent(event.getOutcome(), outcomes.size());
    }
    // Per feature, the summed value per outcome index.
    Map<String, Map<Integer, Double>> counts = new LinkedHashMap<>();
    for (Event event : events) {
      int outcome = outcomes.get(event.getOutcome());
      String[] context = event.getContext();
      float[] values = event.getValues();
      for (int i = 0; i < context.length; i++) {
        double value = values == null ? 1.0 : values[i];
        counts
            .computeIfAbsent(context[i], k -> new java.util.HashMap<>())
            .merge(outcome, value, Double::sum);
      }
    }
    // OpenNLP's trainer gives every feature a parameter for every outcome, zero when unseen; the
    // evaluation depends on that (a feature's terms stop at its last listed outcome).
    int n = outcomes.size();
    int[] all = new int[n];
    for (int o = 0; o < n; o++) {
      all[o] = o;
    }
    List<String> names = new ArrayList<>(counts.keySet());
    Context[] params = new Context[names.size()];
    for (int p = 0; p < params.length; p++) {
      double[] values = new double[n];
      for (Map.Entry<Integer, Double> e : counts.get(names.get(p)).entrySet()) {
        values[e.getKey()] = e.getValue();
      }
      params[p] = new Context(all, values);
    }
    return new NaiveBayesModel(
        params, names.toArray(String[]::new), outcomes.keySet().toArray(String[]::new));
  }
}
