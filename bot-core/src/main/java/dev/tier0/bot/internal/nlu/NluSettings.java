package dev.tier0.bot.internal.nlu;

/**
 * How the intent model is trained and how its output is read. Everything the engine's gates need is
 * here so that it can be configured in one place.
 *
 * <p>Training: {@code trainer} is an OpenNLP event trainer ({@code NAIVEBAYES}, the default,
 * measured best on the IT validation split; {@code MAXENT_QN}, {@code MAXENT}, {@code PERCEPTRON});
 * {@code iterations}, {@code cutoff} and the quasi-Newton costs {@code l1Cost}/{@code l2Cost} are
 * passed to it. Features: word uni- and bi-grams, stems, character n-grams from {@code
 * charNgramMin} to {@code charNgramMax} inside each word (weighted {@code charNgramWeight}), and
 * number / error-code shapes.
 *
 * <p>Reading: probabilities are divided in log space by {@code temperature} (temperature scaling,
 * fitted on a validation split so that confidences are calibrated). The result is {@code
 * out_of_scope} when the out-of-scope class wins or the best category's (with {@code scopeLevel}
 * {@code intent}: the best intent's) calibrated probability is below {@code oosThreshold}. The
 * engine answers outright at or above {@code confidentThreshold}, treats two intents within {@code
 * closeCallMargin} of each other as a close call, and sees anything below {@code lowThreshold} as a
 * guess. Language detection is trusted only for messages of at least {@code languageMinChars}
 * characters.
 *
 * @param trainer the OpenNLP trainer algorithm
 * @param iterations training iterations
 * @param cutoff minimum number of times a feature must occur to be kept
 * @param l1Cost L1 regularisation of the quasi-Newton trainer
 * @param l2Cost L2 regularisation of the quasi-Newton trainer
 * @param charNgramMin shortest character n-gram (0 disables them)
 * @param charNgramMax longest character n-gram
 * @param charNgramWeight feature value of a character n-gram (word features weigh 1)
 * @param temperature calibration temperature (1 = the model's raw probabilities)
 * @param oosThreshold below this calibrated probability the message is out of scope
 * @param confidentThreshold at or above this the engine may act on the intent directly
 * @param closeCallMargin a top-2 gap below this is a close call
 * @param lowThreshold below this the engine treats the intent as unknown
 * @param languageMinChars shorter messages are taken to be English
 * @param seed the seed of every random choice in training (shuffles, folds)
 * @param thresholdObjective what calibration maximises when it chooses {@code oosThreshold} on a
 *     validation split: {@code accuracy} (every line counts once, so the split's own share of
 *     out-of-scope lines sets the balance) or {@code balanced} (in-scope accuracy plus out-of-scope
 *     recall, whatever their shares)
 * @param wordIterations iterations of the second, word-only quasi-Newton maximum-entropy model
 *     whose probabilities are mixed with the first one's (0: no second model)
 * @param wordCutoff minimum number of times a feature must occur to be kept in the word model (1
 *     keeps every word; 2 makes the word model a third of the size and faster to train, but cost
 *     out-of-scope recall on CLINC150, see NLU-RESULTS.md)
 * @param encoder the sentence encoder whose vectors feed a third model mixed with the other two:
 *     {@code minilm} (the default: all-MiniLM-L6-v2, quantized, shipped inside a Maven artifact and
 *     run offline, milliseconds per message; see {@link SentenceEncoder}), {@code minilm-static}
 *     (static word-piece vectors distilled from that transformer at start-up, microseconds per
 *     message but less accurate, see NLU-RESULTS.md and {@link StaticTokenVectors}) or {@code none}
 * @param scopeLevel what the out-of-scope decision looks at: {@code category} (the default) sums
 *     the calibrated probabilities of each category's intents, declines when the best category's
 *     sum is below {@code oosThreshold} or the {@code out_of_scope} class outweighs it, and answers
 *     the best intent of that category with that intent's own probability as its confidence, so
 *     that a vague complaint spread over several intents of one category stays in scope (and
 *     reaches the engine as unsure); {@code intent} (files written before this setting) compares
 *     the best single intent's probability instead
 */
public record NluSettings(
    String trainer,
    int iterations,
    int cutoff,
    double l1Cost,
    double l2Cost,
    int charNgramMin,
    int charNgramMax,
    double charNgramWeight,
    double temperature,
    double oosThreshold,
    double confidentThreshold,
    double closeCallMargin,
    double lowThreshold,
    int languageMinChars,
    long seed,
    String thresholdObjective,
    int wordIterations,
    int wordCutoff,
    String encoder,
    String scopeLevel) {

  public NluSettings {
    trainer = trainer == null || trainer.isBlank() ? "NAIVEBAYES" : trainer;
    thresholdObjective =
        thresholdObjective == null || thresholdObjective.isBlank()
            ? "accuracy"
            : thresholdObjective;
    if (!thresholdObjective.equals("accuracy") && !thresholdObjective.equals("balanced")) {
      throw new IllegalArgumentException("thresholdObjective must be accuracy or balanced");
    }
    encoder =
        encoder == null || encoder.isBlank()
            ? "none"
            : encoder.strip().toLowerCase(java.util.Locale.ROOT);
    if (!SentenceEncoder.NAMES.contains(encoder)) {
      throw new IllegalArgumentException("encoder must be none, minilm or minilm-static");
    }
    // Files written before the category decision lack the component: they keep the intent-level
    // reading their threshold was chosen for.
    scopeLevel =
        scopeLevel == null || scopeLevel.isBlank()
            ? INTENT_SCOPE
            : scopeLevel.strip().toLowerCase(java.util.Locale.ROOT);
    if (!scopeLevel.equals(INTENT_SCOPE) && !scopeLevel.equals(CATEGORY_SCOPE)) {
      throw new IllegalArgumentException("scopeLevel must be intent or category");
    }
    if (wordCutoff < 0) {
      throw new IllegalArgumentException("wordCutoff must not be negative");
    }
    if (wordIterations < 0) {
      throw new IllegalArgumentException("wordIterations must not be negative");
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive");
    }
    if (temperature <= 0) {
      throw new IllegalArgumentException("temperature must be positive");
    }
    if (charNgramMin > charNgramMax) {
      throw new IllegalArgumentException("charNgramMin must not exceed charNgramMax");
    }
  }

  /** The settings measured best on validation splits (see NLU-RESULTS.md). */
  public static NluSettings defaults() {
    return new NluSettings(
        "NAIVEBAYES",
        100,
        1,
        0.0,
        0.5,
        3,
        5,
        1.0,
        1.0,
        0.30,
        0.70,
        0.15,
        0.30,
        25,
        42L,
        "accuracy",
        30,
        1,
        "minilm",
        CATEGORY_SCOPE);
  }

  /** {@link #scopeLevel()}: the best single intent's probability decides scope. */
  public static final String INTENT_SCOPE = "intent";

  /**
   * {@link #scopeLevel()}: the best category's summed probability decides scope, then the best
   * intent inside that category is the answer.
   */
  public static final String CATEGORY_SCOPE = "category";

  /** The same settings with another trainer. */
  public NluSettings withTrainer(String value) {
    return with(c -> c.trainer = value);
  }

  /** The same settings with other regularisation costs. */
  public NluSettings withCosts(double l1, double l2) {
    return with(c -> {
      c.l1Cost = l1;
      c.l2Cost = l2;
    });
  }

  /** The same settings with other character n-grams. */
  public NluSettings withCharNgrams(int min, int max, double weight) {
    return with(c -> {
      c.charNgramMin = min;
      c.charNgramMax = max;
      c.charNgramWeight = weight;
    });
  }

  /** The same settings with another iteration count and cutoff. */
  public NluSettings withIterations(int value, int minCount) {
    return with(c -> {
      c.iterations = value;
      c.cutoff = minCount;
    });
  }

  /** The same settings with another threshold objective ({@code accuracy} or {@code balanced}). */
  public NluSettings withThresholdObjective(String objective) {
    return with(c -> c.thresholdObjective = objective);
  }

  /** The same settings with another word-model iteration count (0: no word model). */
  public NluSettings withWordIterations(int value) {
    return with(c -> c.wordIterations = value);
  }

  /**
   * The same settings with another minimum count of a feature in the word model (the main model
   * keeps {@link #cutoff()}).
   */
  public NluSettings withWordCutoff(int value) {
    return with(c -> c.wordCutoff = value);
  }

  /** The same settings with another sentence encoder (one of {@link SentenceEncoder#NAMES}). */
  public NluSettings withEncoder(String value) {
    return with(c -> c.encoder = value);
  }

  /** The same settings with another scope decision ({@code intent} or {@code category}). */
  public NluSettings withScopeLevel(String value) {
    return with(c -> c.scopeLevel = value);
  }

  /** Whether scope is decided on the summed probability of the best category. */
  public boolean decidesByCategory() {
    return scopeLevel.equals(CATEGORY_SCOPE);
  }

  /** Whether a sentence encoder's model is part of the classifier. */
  public boolean usesEncoder() {
    return !encoder.equals("none");
  }

  /** The same settings with a calibration fitted on validation data. */
  public NluSettings withCalibration(double calibratedTemperature, double threshold) {
    return with(c -> {
      c.temperature = calibratedTemperature;
      c.oosThreshold = threshold;
    });
  }

  /** A copy with some components changed, checked again by the record's constructor. */
  private NluSettings with(java.util.function.Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.settings();
  }

  /** The components of a settings record, open to change one by one. */
  private static final class Copy {
    String trainer;
    int iterations;
    int cutoff;
    double l1Cost;
    double l2Cost;
    int charNgramMin;
    int charNgramMax;
    double charNgramWeight;
    double temperature;
    double oosThreshold;
    double confidentThreshold;
    double closeCallMargin;
    double lowThreshold;
    int languageMinChars;
    long seed;
    String thresholdObjective;
    int wordIterations;
    int wordCutoff;
    String encoder;
    String scopeLevel;

    Copy(NluSettings s) {
      trainer = s.trainer;
      iterations = s.iterations;
      cutoff = s.cutoff;
      l1Cost = s.l1Cost;
      l2Cost = s.l2Cost;
      charNgramMin = s.charNgramMin;
      charNgramMax = s.charNgramMax;
      charNgramWeight = s.charNgramWeight;
      temperature = s.temperature;
      oosThreshold = s.oosThreshold;
      confidentThreshold = s.confidentThreshold;
      closeCallMargin = s.closeCallMargin;
      lowThreshold = s.lowThreshold;
      languageMinChars = s.languageMinChars;
      seed = s.seed;
      thresholdObjective = s.thresholdObjective;
      wordIterations = s.wordIterations;
      wordCutoff = s.wordCutoff;
      encoder = s.encoder;
      scopeLevel = s.scopeLevel;
    }

    NluSettings settings() {
      return new NluSettings(
          trainer,
          iterations,
          cutoff,
          l1Cost,
          l2Cost,
          charNgramMin,
          charNgramMax,
          charNgramWeight,
          temperature,
          oosThreshold,
          confidentThreshold,
          closeCallMargin,
          lowThreshold,
          languageMinChars,
          seed,
          thresholdObjective,
          wordIterations,
          wordCutoff,
          encoder,
          scopeLevel);
    }
  }
}
