package dev.tier0.bot.internal.nlu;

import dev.tier0.bot.IntentScore;
import dev.tier0.bot.NluResult;
import dev.tier0.bot.internal.nlu.TrainingData.Example;
import dev.tier0.bot.spi.IntentClassifier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opennlp.tools.ml.AbstractEventTrainer;
import opennlp.tools.ml.EventTrainer;
import opennlp.tools.ml.TrainerFactory;
import opennlp.tools.ml.maxent.quasinewton.QNTrainer;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.BinaryFileDataReader;
import opennlp.tools.ml.model.Event;
import opennlp.tools.ml.model.GenericModelReader;
import opennlp.tools.ml.model.GenericModelWriter;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The intent classifier: an OpenNLP maximum-entropy document model over typo-tolerant features (see
 * {@link NluSettings}), calibrated by temperature scaling, with an out-of-scope decision made both
 * by a trained {@code out_of_scope} class and by a threshold chosen on validation data.
 *
 * <p>{@link #parse} decides scope on categories by default ({@link NluSettings#scopeLevel()}): it
 * sums the calibrated probabilities of each category's intents (small talk and {@code human} are
 * categories of their own) and answers {@code out_of_scope} when the {@code out_of_scope} class is
 * more likely than the best category or that category's sum is below {@link
 * NluSettings#oosThreshold()}; otherwise it answers the most likely intent of that category, with
 * that intent's own probability as its confidence (the category's sum only decides scope: a clear
 * category with no clear intent reaches the engine as an unsure answer). The ranking always lists
 * the model's real intents with their own probabilities, the answer first, so that the engine can
 * tell an unsure IT question from nonsense and still ask "did you mean A or B?" when two intents
 * are close, whether or not they share a category. Models written before this setting keep the
 * intent-level decision: the best single intent's probability against the threshold. Entities and
 * the language are found independently of the intent.
 *
 * <p>With {@link NluSettings#encoder()} {@code minilm} or {@code minilm-static}, a third model, a
 * logistic regression over the sentence vectors of a {@link SentenceEncoder}, is mixed in with a
 * weight fitted on the validation split; with {@code none} (the default) the classifier is
 * unchanged.
 *
 * <p>Training is deterministic: the same data and settings give the same model. Instances are
 * immutable and thread-safe; {@link #parse} never throws.
 */
public final class OpenNlpIntentClassifier implements IntentClassifier {

  private static final Logger log = LoggerFactory.getLogger(OpenNlpIntentClassifier.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String FORMAT = "tier0-intent-model";
  private static final int FORMAT_VERSION = 2;
  static final int RANKING_SIZE = 10;

  private final MaxentModel model;
  private final DenseNaiveBayes dense;
  private final MaxentModel words;
  private final int[] wordIndex;
  private final Mixture mixture;
  private final EmbeddingHead head;
  private final SentenceEncoder encoder;
  private final Map<String, IntentInfo> intents;
  private final NluSettings settings;
  private final TextFeatures features;
  private final EntityExtractor entities;
  private final LanguageGuesser language;
  private final int oosIndex;
  private final int[] categoryIndex;
  private final int categoryCount;
  private final java.util.Set<String> known;
  private final KnownFeatures fast;

  /**
   * How the two models' probabilities are combined: a weighted geometric mean of each model's
   * temperature-scaled distribution, and the share of unknown words from which a message is out of
   * scope whatever the models say. Fitted on a validation split by {@link #calibrate}.
   *
   * @param wordWeight weight of the word model (0: the character model alone)
   * @param modelTemperature temperature of the main (character n-gram) model
   * @param wordTemperature temperature of the word model
   * @param unknownShare at or above this share of never-seen words the message is out of scope
   *     (above 1: never)
   * @param embeddingWeight weight of the sentence-vector model against the mixture of the other two
   *     (used only when the classifier has one)
   * @param embeddingTemperature temperature of the sentence-vector model
   */
  record Mixture(
      double wordWeight,
      double modelTemperature,
      double wordTemperature,
      double unknownShare,
      double embeddingWeight,
      double embeddingTemperature) {
    static final Mixture UNCALIBRATED = new Mixture(0.5, 1.0, 1.0, 2.0, 0.5, 1.0);

    Mixture {
      // Files written before the sentence-vector model lack its two values.
      embeddingTemperature = embeddingTemperature > 0 ? embeddingTemperature : 1.0;
    }

    Mixture(
        double wordWeight, double modelTemperature, double wordTemperature, double unknownShare) {
      this(wordWeight, modelTemperature, wordTemperature, unknownShare, 0.0, 1.0);
    }

    /** The same mixture with the sentence-vector model weighted in. */
    Mixture withEmbedding(double weight, double temperature) {
      return new Mixture(
          wordWeight, modelTemperature, wordTemperature, unknownShare, weight, temperature);
    }
  }

  private OpenNlpIntentClassifier(
      MaxentModel model,
      MaxentModel words,
      EmbeddingHead head,
      Mixture mixture,
      Map<String, IntentInfo> intents,
      NluSettings settings) {
    this(model, DenseNaiveBayes.of(model), null, words, head, mixture, intents, settings);
  }

  /** Re-reads the same models: their derived tables are shared, not rebuilt. */
  private OpenNlpIntentClassifier(
      OpenNlpIntentClassifier same, Mixture mixture, NluSettings settings) {
    this(
        same.model, same.dense, same.known, same.words, same.head, mixture, same.intents, settings);
  }

  private OpenNlpIntentClassifier(
      MaxentModel model,
      DenseNaiveBayes dense,
      java.util.Set<String> known,
      MaxentModel words,
      EmbeddingHead head,
      Mixture mixture,
      Map<String, IntentInfo> intents,
      NluSettings settings) {
    this.model = model;
    this.dense = dense;
    this.words = words;
    this.head = head;
    this.encoder = head == null ? null : SentenceEncoder.named(settings.encoder());
    this.mixture = mixture == null ? Mixture.UNCALIBRATED : mixture;
    this.wordIndex = alignOutcomes(model, words);
    this.intents = Map.copyOf(intents);
    this.settings = settings;
    this.features = new TextFeatures(settings);
    this.entities = new EntityExtractor();
    this.language = new LanguageGuesser(settings.languageMinChars());
    this.oosIndex = model.getIndex(NluResult.OUT_OF_SCOPE);
    this.categoryIndex = new int[model.getNumOutcomes()];
    Map<String, Integer> categoryIds = new LinkedHashMap<>();
    for (int i = 0; i < categoryIndex.length; i++) {
      categoryIndex[i] =
          i == oosIndex
              ? -1
              : categoryIds.computeIfAbsent(
                  categoryOf(model.getOutcome(i)), k -> categoryIds.size());
    }
    this.categoryCount = categoryIds.size();
    this.known =
        known != null ? known : dense != null ? dense.featureNames() : knownFeatures(model);
    KnownFeatures byIndex = dense == null ? null : new KnownFeatures(features, dense, words);
    this.fast = byIndex != null && (words == null || byIndex.readsWordModel()) ? byIndex : null;
  }

  /** For each outcome of the main model, its index in the word model (-1 if absent). */
  private static int[] alignOutcomes(MaxentModel model, MaxentModel words) {
    if (words == null) {
      return null;
    }
    int[] index = new int[model.getNumOutcomes()];
    for (int i = 0; i < index.length; i++) {
      index[i] = words.getIndex(model.getOutcome(i));
    }
    return index;
  }

  /**
   * Features the model was trained on. Unseen ones carry no evidence, yet naive Bayes smoothing
   * would turn them into a vote for the intents with the fewest examples, so they are dropped.
   */
  private static java.util.Set<String> knownFeatures(MaxentModel model) {
    if (model instanceof AbstractModel abstractModel
        && abstractModel.getDataStructures()[1] instanceof Map<?, ?> predicates) {
      java.util.Set<String> names = new java.util.HashSet<>();
      for (Object key : predicates.keySet()) {
        names.add(String.valueOf(key));
      }
      return java.util.Set.copyOf(names);
    }
    return null;
  }

  private TextFeatures.Vector knownOnly(TextFeatures.Vector v) {
    if (known == null) {
      return v;
    }
    // One lookup per feature (this runs on every message): the kept ones are marked, then copied.
    String[] all = v.names();
    boolean[] keep = new boolean[all.length];
    int kept = 0;
    for (int i = 0; i < all.length; i++) {
      keep[i] = known.contains(all[i]);
      kept += keep[i] ? 1 : 0;
    }
    if (kept == all.length) {
      return v;
    }
    String[] names = new String[kept];
    float[] values = new float[kept];
    int j = 0;
    for (int i = 0; i < all.length; i++) {
      if (keep[i]) {
        names[j] = all[i];
        values[j++] = v.values()[i];
      }
    }
    return new TextFeatures.Vector(names, values);
  }

  /** Trains a model on the data; deterministic for the same data and settings. */
  public static OpenNlpIntentClassifier train(TrainingData data, NluSettings settings) {
    return train(data, settings, false);
  }

  /**
   * Trains a model; {@code openNlpTrainer} forces OpenNLP's own naive Bayes trainer instead of the
   * direct count (same model, slower), for checking the two against each other.
   */
  static OpenNlpIntentClassifier train(
      TrainingData data, NluSettings settings, boolean openNlpTrainer) {
    if (data.examples().isEmpty()) {
      throw new IllegalArgumentException("no training examples");
    }
    if (settings.usesEncoder() && !SentenceEncoder.runsHere(settings.encoder())) {
      // A platform without the encoder's native libraries still gets a working desk.
      log.warn(
          "The sentence encoder {} cannot run here: training without sentence vectors",
          settings.encoder());
      settings = settings.withEncoder("none");
    }
    TextFeatures extractor = new TextFeatures(settings);
    List<Event> events = new ArrayList<>(data.examples().size());
    List<Event> wordEvents = new ArrayList<>(data.examples().size());
    for (Example example : data.examples()) {
      TextFeatures.Vector v = extractor.extract(example.text());
      if (v.isEmpty()) {
        v = new TextFeatures.Vector(new String[] {"<empty>"}, new float[] {1f});
      }
      events.add(new Event(example.intent(), v.names(), v.values()));
      TextFeatures.Vector w = TextFeatures.wordsOnly(v);
      if (w.isEmpty()) {
        w = new TextFeatures.Vector(new String[] {"<empty>"}, new float[] {1f});
      }
      wordEvents.add(new Event(example.intent(), w.names(), w.values()));
    }
    TrainingParameters params = new TrainingParameters();
    params.put(TrainingParameters.ALGORITHM_PARAM, settings.trainer());
    params.put(TrainingParameters.ITERATIONS_PARAM, settings.iterations());
    params.put(TrainingParameters.CUTOFF_PARAM, settings.cutoff());
    params.put(
        AbstractEventTrainer.DATA_INDEXER_PARAM,
        AbstractEventTrainer.DATA_INDEXER_ONE_PASS_REAL_VALUE);
    params.put(QNTrainer.L1COST_PARAM, settings.l1Cost());
    params.put(QNTrainer.L2COST_PARAM, settings.l2Cost());
    params.put(QNTrainer.THREADS_PARAM, 1);
    long start = System.nanoTime();
    try {
      MaxentModel model;
      if (!openNlpTrainer && settings.trainer().equals("NAIVEBAYES") && settings.cutoff() <= 1) {
        model = NaiveBayesCounts.train(events);
      } else {
        EventTrainer trainer = TrainerFactory.getEventTrainer(params, new LinkedHashMap<>());
        model = trainer.train(ObjectStreamUtils.createObjectStream(events));
      }
      log.debug(
          "Trained {} on {} examples in {} ms",
          settings.trainer(),
          events.size(),
          (System.nanoTime() - start) / 1_000_000);
      MaxentModel words = null;
      if (settings.wordIterations() > 0) {
        start = System.nanoTime();
        TrainingParameters wordParams = new TrainingParameters();
        wordParams.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT_QN");
        wordParams.put(TrainingParameters.ITERATIONS_PARAM, settings.wordIterations());
        wordParams.put(TrainingParameters.CUTOFF_PARAM, Math.max(1, settings.wordCutoff()));
        wordParams.put(
            AbstractEventTrainer.DATA_INDEXER_PARAM,
            AbstractEventTrainer.DATA_INDEXER_ONE_PASS_REAL_VALUE);
        wordParams.put(QNTrainer.L1COST_PARAM, 0.0);
        wordParams.put(QNTrainer.L2COST_PARAM, settings.l2Cost());
        wordParams.put(QNTrainer.THREADS_PARAM, 1);
        wordParams.put("PrintMessages", false);
        words =
            TrainerFactory.getEventTrainer(wordParams, new LinkedHashMap<>())
                .train(ObjectStreamUtils.createObjectStream(wordEvents));
        log.debug(
            "Trained the word model on {} examples in {} ms",
            wordEvents.size(),
            (System.nanoTime() - start) / 1_000_000);
      }
      EmbeddingHead head = null;
      if (settings.usesEncoder()) {
        head = trainHead(data, model, settings);
      }
      return new OpenNlpIntentClassifier(model, words, head, null, data.intents(), settings);
    } catch (IOException e) {
      throw new IllegalStateException("training failed: " + e.getMessage(), e);
    }
  }

  /** The sentence-vector model, over the main model's outcomes. */
  private static EmbeddingHead trainHead(
      TrainingData data, MaxentModel model, NluSettings settings) {
    long start = System.nanoTime();
    SentenceEncoder encoder = SentenceEncoder.named(settings.encoder());
    List<float[]> vectors = new ArrayList<>(data.examples().size());
    int[] labels = new int[data.examples().size()];
    for (Example example : data.examples()) {
      labels[vectors.size()] = model.getIndex(example.intent());
      vectors.add(encoder.encode(example.text()));
    }
    long encoded = System.nanoTime();
    EmbeddingHead head =
        EmbeddingHead.train(vectors, labels, model.getNumOutcomes(), settings.seed());
    log.info(
        "Sentence vectors of {} examples in {} ms, their model in {} ms",
        vectors.size(),
        (encoded - start) / 1_000_000,
        (System.nanoTime() - encoded) / 1_000_000);
    return head;
  }

  /**
   * Trains on the {@code nlu/} data the application ships on the class path and, when {@code
   * nlu/validation.jsonl} is there too, calibrates on it.
   */
  public static OpenNlpIntentClassifier shipped(ClassLoader loader, NluSettings settings)
      throws IOException {
    OpenNlpIntentClassifier classifier = train(TrainingData.fromClasspath("nlu", loader), settings);
    Optional<List<Example>> validation =
        TrainingData.readResource("nlu/validation.jsonl", loader, false);
    return validation.isPresent() ? classifier.calibrate(validation.get()) : classifier;
  }

  /**
   * The same model calibrated on a validation split: a temperature that minimises the negative
   * log-likelihood of the validation labels, then the out-of-scope threshold that maximises {@link
   * NluSettings#thresholdObjective()} on it (kept as it is when the split has no out-of-scope
   * lines).
   */
  public OpenNlpIntentClassifier calibrate(List<Example> validation) {
    OpenNlpIntentClassifier mixed =
        words == null ? this : withMixture(Calibration.fitMixture(this, validation));
    if (head != null) {
      mixed = mixed.withMixture(Calibration.fitEmbedding(mixed, validation));
    }
    Calibration.Fit fit = Calibration.fit(mixed, validation);
    log.debug("Calibration: {} {}", mixed.mixture, fit);
    return mixed.withSettings(settings.withCalibration(fit.temperature(), fit.oosThreshold()));
  }

  /** The same models combined another way. */
  OpenNlpIntentClassifier withMixture(Mixture other) {
    return new OpenNlpIntentClassifier(this, other, settings);
  }

  Mixture mixture() {
    return mixture;
  }

  boolean hasWordModel() {
    return words != null;
  }

  boolean hasEmbeddingModel() {
    return head != null;
  }

  /**
   * The same model read with other settings (thresholds, temperature); features stay as trained.
   */
  public OpenNlpIntentClassifier withSettings(NluSettings other) {
    return new OpenNlpIntentClassifier(this, mixture, other);
  }

  /** The settings this model was trained with and is read with. */
  public NluSettings settings() {
    return settings;
  }

  /** Every intent the model knows, by name. */
  public Map<String, IntentInfo> intents() {
    return intents;
  }

  @Override
  public Optional<IntentInfo> describe(String intent) {
    if (intent == null) {
      return Optional.empty();
    }
    if (intent.equals(NluResult.OUT_OF_SCOPE)) {
      return Optional.of(
          intents.getOrDefault(
              intent, new IntentInfo(intent, NluResult.OUT_OF_SCOPE, "Not an IT matter")));
    }
    return Optional.ofNullable(intents.get(intent));
  }

  @Override
  public NluResult parse(String text) {
    String safe = text == null ? "" : text;
    try {
      Known known = known(safe);
      Scores scores = scores(known, safe, settings.temperature());
      List<IntentScore> ranking = ranking(scores);
      Decision d = decide(scores.probabilities(), settings.oosThreshold());
      boolean oos =
          d.outOfScope()
              || scores.empty()
              || unknownShare(known, safe) >= mixture.unknownShare()
              || ranking.isEmpty();
      String intent = oos ? NluResult.OUT_OF_SCOPE : model.getOutcome(d.intent());
      // The answer's own probability, not its category's sum: a message that is clearly about
      // Wi-Fi but matches no Wi-Fi intent well ("my wifi is broken", a bare "vpn") stays in scope
      // and reaches the engine as unsure, which searches the knowledge base or asks, instead of
      // starting the first Wi-Fi flow with a confidence the intent never had.
      double confidence =
          oos ? outOfScopeConfidence(scores, d.inScope()) : scores.probabilities()[d.intent()];
      return new NluResult(
          intent,
          categoryOf(intent),
          confidence,
          oos ? ranking : chosenFirst(ranking, intent, scores.probabilities()[d.intent()]),
          entities.extract(safe),
          looksEnglish(known, safe) ? LanguageGuesser.DEFAULT : language.detect(safe));
    } catch (RuntimeException | StackOverflowError e) {
      log.debug("Classification failed; answering out of scope", e);
      return new NluResult(
          NluResult.OUT_OF_SCOPE,
          NluResult.OUT_OF_SCOPE,
          1.0,
          List.of(new IntentScore(NluResult.OUT_OF_SCOPE, 1.0)),
          List.of(),
          LanguageGuesser.DEFAULT);
    }
  }

  /**
   * What the probabilities decide, before the checks on the text itself (no feature, unknown
   * words).
   *
   * @param intent outcome index of the answer (-1 when there is no real intent)
   * @param inScope the probability that the answer is in scope: the best intent's own probability,
   *     or with {@link NluSettings#decidesByCategory()} the summed probability of its category
   * @param outOfScope whether the message is declined
   */
  record Decision(int intent, double inScope, boolean outOfScope) {}

  /**
   * Decides on calibrated probabilities of every outcome. By intent: the best real intent, out of
   * scope when the {@code out_of_scope} class is more likely or the intent's probability is below
   * the threshold. By category: the category with the largest summed probability, out of scope when
   * the {@code out_of_scope} class is more likely than that sum or the sum is below the threshold,
   * else the most likely intent of that category. Calibration measures the same decision.
   */
  Decision decide(double[] p, double threshold) {
    double oos = oosIndex >= 0 ? p[oosIndex] : 0;
    int bestIn = -1;
    if (!settings.decidesByCategory()) {
      for (int j = 0; j < p.length; j++) {
        if (j != oosIndex && (bestIn < 0 || p[j] > p[bestIn])) {
          bestIn = j;
        }
      }
      if (bestIn < 0) {
        return new Decision(-1, 0, true);
      }
      // Ties go to the earlier outcome, as an arg-max over all outcomes would.
      boolean oosWins = oosIndex >= 0 && (oosIndex < bestIn ? oos >= p[bestIn] : oos > p[bestIn]);
      return new Decision(bestIn, p[bestIn], oosWins || p[bestIn] < threshold);
    }
    double[] mass = new double[categoryCount];
    for (int j = 0; j < p.length; j++) {
      if (categoryIndex[j] >= 0) {
        mass[categoryIndex[j]] += p[j];
      }
    }
    int top = -1;
    for (int c = 0; c < mass.length; c++) {
      if (top < 0 || mass[c] > mass[top]) {
        top = c;
      }
    }
    for (int j = 0; j < p.length; j++) {
      if (top >= 0 && categoryIndex[j] == top && (bestIn < 0 || p[j] > p[bestIn])) {
        bestIn = j;
      }
    }
    if (bestIn < 0) {
      return new Decision(-1, 0, true);
    }
    return new Decision(bestIn, mass[top], oos > mass[top] || mass[top] < threshold);
  }

  /**
   * The ranking with the answer first: by category the answer need not be the single most likely
   * intent (its category's sum is what won), and the engine reads the first entry as the answer.
   */
  private List<IntentScore> chosenFirst(List<IntentScore> ranking, String intent, double p) {
    if (!ranking.isEmpty() && ranking.get(0).intent().equals(intent)) {
      return ranking;
    }
    List<IntentScore> reordered = new ArrayList<>(ranking.size() + 1);
    reordered.add(new IntentScore(intent, p));
    for (IntentScore s : ranking) {
      if (!s.intent().equals(intent) && reordered.size() < RANKING_SIZE) {
        reordered.add(s);
      }
    }
    return reordered;
  }

  /**
   * Plain ASCII text whose words the model mostly knows is English: the detector (the slowest step
   * of parse) is only asked about the rest.
   */
  private boolean looksEnglish(Known k, String text) {
    if (known == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7e) {
        return false;
      }
    }
    if (k.ids() != null) {
      return k.ids().words() > 0 && k.ids().typedKnown() * 4 >= k.ids().words() * 3;
    }
    List<String> tokens = TextFeatures.tokens(text);
    int seen = 0;
    for (String token : tokens) {
      seen += known.contains("w=" + token) ? 1 : 0;
    }
    return !tokens.isEmpty() && seen * 4 >= tokens.size() * 3;
  }

  private double outOfScopeConfidence(Scores scores, double topInScope) {
    double byClass = oosIndex >= 0 ? scores.probabilities()[oosIndex] : 0;
    return Math.max(byClass, 1 - topInScope);
  }

  private String categoryOf(String intent) {
    IntentInfo info = intents.get(intent);
    if (info != null) {
      return info.category();
    }
    return intent.equals(NluResult.OUT_OF_SCOPE) ? NluResult.OUT_OF_SCOPE : intent;
  }

  private List<IntentScore> ranking(Scores scores) {
    double[] p = scores.probabilities();
    // The best few by insertion, not a sort of every intent: the same order (probability, then
    // name), a tenth of the objects.
    int[] best = new int[Math.min(RANKING_SIZE, p.length)];
    int size = 0;
    for (int i = 0; i < p.length; i++) {
      if (i == oosIndex) {
        continue;
      }
      int at = size;
      while (at > 0 && before(p, i, best[at - 1])) {
        at--;
      }
      if (at >= best.length) {
        continue;
      }
      int last = Math.min(size, best.length - 1);
      System.arraycopy(best, at, best, at + 1, last - at);
      best[at] = i;
      size = Math.min(size + 1, best.length);
    }
    List<IntentScore> ranking = new ArrayList<>(size);
    for (int r = 0; r < size; r++) {
      ranking.add(new IntentScore(model.getOutcome(best[r]), p[best[r]]));
    }
    return ranking;
  }

  /** What {@link #parse} reads from the words besides the models: unseen share, English guess. */
  record WordSignals(double unknownShare, boolean english) {}

  /** The word signals from the names, as before the fast path (for tests). */
  WordSignals byNameWordSignals(String text) {
    Known names = new Known(knownOnly(features.extract(text)), null);
    return new WordSignals(unknownShare(names, text), looksEnglish(names, text));
  }

  /** The word signals as {@link #parse} reads them (for tests). */
  WordSignals wordSignals(String text) {
    Known k = known(text);
    return new WordSignals(unknownShare(k, text), looksEnglish(k, text));
  }

  /** The ranking {@link #parse} starts from (for tests). */
  List<IntentScore> ranking(String text) {
    return ranking(scores(text, settings.temperature()));
  }

  /** Whether outcome a ranks before outcome b: more probable, or as probable and named first. */
  private boolean before(double[] p, int a, int b) {
    int c = Double.compare(p[a], p[b]);
    return c != 0 ? c > 0 : model.getOutcome(a).compareTo(model.getOutcome(b)) < 0;
  }

  /** Calibrated probabilities of every outcome, and whether the text had any feature at all. */
  record Scores(double[] probabilities, int best, boolean empty) {}

  Scores scores(String text, double temperature) {
    return scores(known(text), text, temperature);
  }

  private Scores scores(Known v, String text, double temperature) {
    double[] raw = mixed(v, text);
    double[] p = scale(raw, temperature);
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return new Scores(p, best, v.isEmpty());
  }

  /**
   * What calibration reads of a validation line, from one pass over its features: the raw mixed
   * probabilities (before the final temperature) or each model's own in the main model's outcome
   * order (null for a model the classifier lacks), the other null, and its share of unseen words.
   */
  record Reading(double[] raw, double[][] components, double unknownShare) {}

  /** The raw mixed probabilities and the share of unseen words of a line. */
  Reading rawReading(String text) {
    Known v = known(text);
    return new Reading(mixed(v, text), null, unknownShare(v, text));
  }

  /** The three models' own probabilities and the share of unseen words of a line. */
  Reading componentReading(String text) {
    Known v = known(text);
    return new Reading(
        null,
        new double[][] {mainProbabilities(v), wordProbabilities(v), embeddingProbabilities(text)},
        unknownShare(v, text));
  }

  /**
   * The text's features the models know: as indices when the main model is naive Bayes (the fast
   * path, {@link KnownFeatures}), otherwise as names.
   */
  private record Known(TextFeatures.Vector names, KnownFeatures.Ids ids) {
    boolean isEmpty() {
      return ids != null ? ids.isEmpty() : names.isEmpty();
    }
  }

  private Known known(String text) {
    return fast != null
        ? new Known(null, fast.of(text))
        : new Known(knownOnly(features.extract(text)), null);
  }

  /** Both models' probabilities from the names, as before the fast path: to check it. */
  double[][] byNameProbabilities(String text) {
    TextFeatures.Vector v = knownOnly(features.extract(text));
    Known names = new Known(v, null);
    return new double[][] {mainProbabilities(names), wordProbabilities(names)};
  }

  /** The fast path's features, or null when the models are read by names (for tests). */
  KnownFeatures knownFeatures() {
    return fast;
  }

  /** Both models' probabilities as {@link #parse} computes them. */
  double[][] modelProbabilities(String text) {
    Known v = known(text);
    return new double[][] {mainProbabilities(v), wordProbabilities(v)};
  }

  /**
   * The sentence-vector model's probabilities; null without one, or when the encoder fails (then
   * the other two models decide alone).
   */
  double[] embeddingProbabilities(String text) {
    if (head == null || encoder == null) {
      return null;
    }
    try {
      return head.probabilities(encoder.encode(text));
    } catch (RuntimeException e) {
      log.debug("Sentence encoder failed; the other models decide", e);
      return null;
    }
  }

  /** The main model's probabilities, from primitive arrays when it is naive Bayes. */
  private double[] mainProbabilities(Known k) {
    if (k.ids() != null) {
      return fast.main(k.ids());
    }
    TextFeatures.Vector v = k.names();
    return dense != null ? dense.eval(v.names(), v.values()) : model.eval(v.names(), v.values());
  }

  /** The main model's probabilities as OpenNLP computes them, to check the fast path. */
  double[] openNlpProbabilities(String text) {
    TextFeatures.Vector v = knownOnly(features.extract(text));
    return model.eval(v.names(), v.values());
  }

  /** The fast path's probabilities of the main model. */
  double[] mainProbabilities(String text) {
    return mainProbabilities(known(text));
  }

  private double[] wordProbabilities(Known k) {
    if (words == null) {
      return null;
    }
    double[] raw;
    if (k.ids() != null) {
      raw = fast.words(k.ids());
    } else {
      TextFeatures.Vector w = TextFeatures.wordsOnly(k.names());
      raw = words.eval(w.names(), w.values());
    }
    double[] aligned = new double[wordIndex.length];
    for (int i = 0; i < aligned.length; i++) {
      aligned[i] = wordIndex[i] < 0 ? 1e-12 : raw[wordIndex[i]];
    }
    return aligned;
  }

  private double[] mixed(Known v, String text) {
    double[] main = mainProbabilities(v);
    double[] pair = words == null ? main : mix(main, wordProbabilities(v), mixture);
    return head == null ? pair : mixEmbedding(pair, embeddingProbabilities(text), mixture);
  }

  /**
   * Weighted geometric mean of the mixture of the first two models and the temperature-scaled
   * sentence-vector distribution, renormalised.
   */
  static double[] mixEmbedding(double[] pair, double[] embedding, Mixture m) {
    if (embedding == null || m.embeddingWeight() <= 0) {
      return pair;
    }
    return geometricMean(
        pair, 1 - m.embeddingWeight(), embedding, m.embeddingWeight() / m.embeddingTemperature());
  }

  /** Weighted geometric mean of two temperature-scaled distributions, renormalised. */
  static double[] mix(double[] main, double[] word, Mixture m) {
    if (word == null) {
      return main;
    }
    return geometricMean(
        main,
        (1 - m.wordWeight()) / m.modelTemperature(),
        word,
        m.wordWeight() / m.wordTemperature());
  }

  /** {@code p ∝ x^a · y^b}, computed in logs so that tiny probabilities do not underflow. */
  private static double[] geometricMean(double[] x, double a, double[] y, double b) {
    double[] p = new double[x.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < p.length; i++) {
      p[i] = a * Math.log(Math.max(x[i], 1e-300)) + b * Math.log(Math.max(y[i], 1e-300));
      max = Math.max(max, p[i]);
    }
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(p[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /**
   * Share of the message's words that never occurred in training: a strong out-of-scope signal that
   * a probability spread over known intents does not carry (0 for a message without words).
   */
  double unknownShare(String text) {
    // Without the fast path the share is counted from the tokens: the features are not needed.
    return unknownShare(fast != null ? known(text) : null, text);
  }

  private double unknownShare(Known k, String text) {
    if (known == null) {
      return 0;
    }
    if (k != null && k.ids() != null) {
      return k.ids().words() == 0 ? 0 : (double) k.ids().unseen() / k.ids().words();
    }
    List<String> tokens = TextFeatures.tokens(text);
    if (tokens.isEmpty()) {
      return 0;
    }
    int unseen = 0;
    for (String token : tokens) {
      unseen += known.contains("w=" + TextFeatures.shape(token)) ? 0 : 1;
    }
    return (double) unseen / tokens.size();
  }

  int outcomeIndex(String intent) {
    return model.getIndex(intent);
  }

  String outcome(int index) {
    return model.getOutcome(index);
  }

  int oosIndex() {
    return oosIndex;
  }

  static double[] scale(double[] raw, double temperature) {
    double[] p = new double[raw.length];
    if (temperature == 1.0) {
      System.arraycopy(raw, 0, p, 0, raw.length);
      return p;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < raw.length; i++) {
      p[i] = Math.log(Math.max(raw[i], 1e-300)) / temperature;
      max = Math.max(max, p[i]);
    }
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(p[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** Writes the model, its intents and its settings to one file. */
  public void save(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      save(out);
    }
  }

  /** Writes the model, its intents and its settings to a stream. */
  public void save(OutputStream stream) throws IOException {
    byte[] bytes = modelBytes(model);
    byte[] wordBytes = words == null ? new byte[0] : modelBytes(words);
    byte[] headBytes = head == null ? new byte[0] : head.toBytes();
    byte[] header =
        JSON.writeValueAsBytes(
            Map.of(
                "format",
                FORMAT,
                "version",
                FORMAT_VERSION,
                "settings",
                settings,
                "mixture",
                mixture,
                "intents",
                List.copyOf(intents.values())));
    DataOutputStream out = new DataOutputStream(stream);
    out.writeInt(header.length);
    out.write(header);
    out.writeInt(bytes.length);
    out.write(bytes);
    out.writeInt(wordBytes.length);
    out.write(wordBytes);
    out.writeInt(headBytes.length);
    out.write(headBytes);
    out.flush();
  }

  private static byte[] modelBytes(MaxentModel m) throws IOException {
    ByteArrayOutputStream modelBytes = new ByteArrayOutputStream();
    new GenericModelWriter((AbstractModel) m, new DataOutputStream(modelBytes)).persist();
    return modelBytes.toByteArray();
  }

  private static AbstractModel readModel(byte[] bytes) throws IOException {
    return new GenericModelReader(new BinaryFileDataReader(new ByteArrayInputStream(bytes)))
        .getModel();
  }

  /** Reads a model written by {@link #save(Path)}. */
  public static OpenNlpIntentClassifier load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in);
    }
  }

  /** Reads a model written by {@link #save(OutputStream)}. */
  public static OpenNlpIntentClassifier load(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    byte[] header = readBlock(in);
    SavedHeader saved;
    try {
      saved = JSON.readValue(header, SavedHeader.class);
    } catch (RuntimeException e) {
      throw new IOException("not an intent model file", e);
    }
    if (!FORMAT.equals(saved.format()) || saved.version() != FORMAT_VERSION) {
      throw new IOException("not an intent model file of version " + FORMAT_VERSION);
    }
    AbstractModel model = readModel(readBlock(in));
    byte[] wordBytes = readBlock(in);
    AbstractModel words = wordBytes.length == 0 ? null : readModel(wordBytes);
    byte[] headBytes = readOptionalBlock(in);
    EmbeddingHead head = headBytes.length == 0 ? null : EmbeddingHead.fromBytes(headBytes);
    if (head != null && !saved.settings().usesEncoder()) {
      throw new IOException("a sentence-vector model without its encoder");
    }
    if (head == null && saved.settings().usesEncoder()) {
      throw new IOException("the encoder's sentence-vector model is missing");
    }
    if (head != null && !SentenceEncoder.runsHere(saved.settings().encoder())) {
      throw new IOException(
          "the sentence encoder " + saved.settings().encoder() + " cannot run here");
    }
    Map<String, IntentInfo> intents = new LinkedHashMap<>();
    for (IntentInfo info : saved.intents()) {
      intents.put(info.name(), info);
    }
    return new OpenNlpIntentClassifier(
        model, words, head, saved.mixture(), intents, saved.settings());
  }

  private static byte[] readBlock(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > 1_000_000_000) {
      throw new IOException("corrupt intent model file");
    }
    return in.readNBytes(length);
  }

  /** A block that files written before the sentence-vector model do not have. */
  private static byte[] readOptionalBlock(DataInputStream in) throws IOException {
    try {
      return readBlock(in);
    } catch (java.io.EOFException e) {
      return new byte[0];
    }
  }

  record SavedHeader(
      String format,
      int version,
      NluSettings settings,
      Mixture mixture,
      List<IntentInfo> intents) {}

  @Override
  public String toString() {
    return "OpenNlpIntentClassifier[" + model.getNumOutcomes() + " outcomes, " + settings + "]";
  }
}
