package dev.tier0.bot.internal.nlu;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import opennlp.tools.ml.ArrayMath;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.stemmer.PorterStemmer;

/**
 * A message's features as indices of the naive Bayes model, only those it knows, and the word
 * model's probabilities from the same indices: what {@link TextFeatures#extract} followed by a
 * lookup of every name in each model gives, in the same order and with the same values, so both
 * models return exactly the probabilities they return for the names.
 *
 * <p>Building a feature's name and finding it among a hundred thousand others was a third of a
 * classification. The features one word adds (all but its bi-grams) depend on the word alone, so
 * they are kept per word as indices, up to {@link #WORDS} words; a message then costs one lookup
 * per word and one per bi-gram. Words are kept in the order they first occur and not evicted: what
 * people type repeats, and garbage after the table is full is computed each time.
 *
 * <p>Thread-safe.
 */
final class KnownFeatures {

  /** Words kept with their features' indices; a few hundred bytes each. */
  static final int WORDS = 20_000;

  private final TextFeatures features;
  private final DenseNaiveBayes main;
  private final Context[] wordModel;
  private final int wordOutcomes;
  private final Map<String, Word> words = new ConcurrentHashMap<>();

  /**
   * One word's features apart from its bi-grams, as indices of the main model (known only), and
   * whether the model knows the word by its shape and as typed.
   */
  private record Word(
      String shape,
      int[] before,
      float[] beforeValues,
      int[] after,
      float[] afterValues,
      boolean shapeKnown,
      boolean typedKnown) {}

  /**
   * The known features of one message (the first {@code size} entries count), with how many words
   * it has, how many of them the model never saw (by their shape), and how many it knows as typed.
   */
  record Ids(int[] ids, float[] values, int size, int words, int unseen, int typedKnown) {
    boolean isEmpty() {
      return size == 0;
    }
  }

  /**
   * @param wordModel the mixture's word model (a maxent model trained on word features), or null
   */
  KnownFeatures(TextFeatures features, DenseNaiveBayes main, MaxentModel wordModel) {
    this.features = features;
    this.main = main;
    if (wordModel instanceof AbstractModel model
        && model.getDataStructures()[1] instanceof Map<?, ?> predicates) {
      // The word model's parameters of each feature, found by the main model's index.
      this.wordModel = new Context[main.featureCount()];
      for (Map.Entry<?, ?> e : predicates.entrySet()) {
        int id = main.id(String.valueOf(e.getKey()));
        if (id >= 0 && e.getValue() instanceof Context c) {
          this.wordModel[id] = c;
        }
      }
      this.wordOutcomes = model.getNumOutcomes();
    } else {
      this.wordModel = null;
      this.wordOutcomes = 0;
    }
  }

  /** True when the word model's probabilities can be read from indices. */
  boolean readsWordModel() {
    return wordModel != null;
  }

  Ids of(String text) {
    List<String> tokens = TextFeatures.tokens(text);
    Collector out = new Collector();
    PorterStemmer stemmer = null;
    String previous = TextFeatures.START;
    int unseen = 0;
    int typedKnown = 0;
    for (String token : tokens) {
      Word w = words.get(token);
      if (w == null) {
        stemmer = stemmer == null ? new PorterStemmer() : stemmer;
        w = word(token, features.token(token, stemmer));
        if (words.size() < WORDS) {
          words.putIfAbsent(token, w);
        }
      }
      unseen += w.shapeKnown() ? 0 : 1;
      typedKnown += w.typedKnown() ? 1 : 0;
      out.addAll(w.before(), w.beforeValues());
      out.add(main.id(TextFeatures.bigram(previous, w.shape())), 1f);
      previous = w.shape();
      out.addAll(w.after(), w.afterValues());
    }
    if (!tokens.isEmpty()) {
      out.add(main.id(TextFeatures.bigram(previous, TextFeatures.END)), 1f);
    }
    return new Ids(out.ids, out.values, out.size, tokens.size(), unseen, typedKnown);
  }

  /** The main model's probabilities. */
  double[] main(Ids known) {
    return main.eval(known.ids(), known.values(), known.size());
  }

  /**
   * The word model's probabilities, in its own outcome order, exactly as OpenNLP's maxent
   * evaluation computes them: the features it knows, in the message's order, then normalised by the
   * log of the sum of exponentials.
   */
  double[] words(Ids known) {
    double[] p = new double[wordOutcomes];
    for (int n = 0; n < known.size(); n++) {
      Context c = wordModel[known.ids()[n]];
      if (c == null) {
        continue;
      }
      double value = known.values()[n];
      double[] parameters = c.getParameters();
      int[] outcomes = c.getOutcomes();
      for (int j = 0; j < outcomes.length; j++) {
        p[outcomes[j]] += value * parameters[j];
      }
    }
    double logSum = ArrayMath.logSumOfExps(p);
    for (int o = 0; o < p.length; o++) {
      p[o] = StrictMath.exp(p[o] - logSum);
    }
    return p;
  }

  /** How many words are kept (for tests). */
  int keptWords() {
    return words.size();
  }

  private Word word(String typed, TextFeatures.Token token) {
    Collector before = known(token.before());
    Collector after = known(token.after());
    return new Word(
        token.word(),
        Arrays.copyOf(before.ids, before.size),
        Arrays.copyOf(before.values, before.size),
        Arrays.copyOf(after.ids, after.size),
        Arrays.copyOf(after.values, after.size),
        main.id("w=" + token.word()) >= 0,
        main.id("w=" + typed) >= 0);
  }

  /** The names the main model knows, as indices with their values, in order. */
  private Collector known(TextFeatures.Vector v) {
    Collector known = new Collector();
    for (int i = 0; i < v.names().length; i++) {
      known.add(main.id(v.names()[i]), v.values()[i]);
    }
    return known;
  }

  /** Indices in first-come order, each once (a feature already in the message keeps its place). */
  private static final class Collector {
    int[] ids = new int[64];
    float[] values = new float[64];
    int size;
    private int[] seen = new int[128];
    private int seenCount;

    void addAll(int[] more, float[] moreValues) {
      for (int i = 0; i < more.length; i++) {
        add(more[i], moreValues[i]);
      }
    }

    void add(int id, float value) {
      if (id < 0 || !firstTime(id)) {
        return;
      }
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      ids[size] = id;
      values[size++] = value;
    }

    /** Open addressing over id + 1 (0 marks a free slot), half full at most. */
    private boolean firstTime(int id) {
      if ((seenCount + 1) * 2 > seen.length) {
        int[] old = seen;
        seen = new int[old.length * 2];
        seenCount = 0;
        for (int key : old) {
          if (key != 0) {
            insert(key);
          }
        }
      }
      return insert(id + 1);
    }

    private boolean insert(int key) {
      int mask = seen.length - 1;
      int i = (key * 0x9E3779B9) >>> 7 & mask;
      while (seen[i] != 0) {
        if (seen[i] == key) {
          return false;
        }
        i = (i + 1) & mask;
      }
      seen[i] = key;
      seenCount++;
      return true;
    }
  }
}
