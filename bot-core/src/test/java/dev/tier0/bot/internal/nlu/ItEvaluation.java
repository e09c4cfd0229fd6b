package dev.tier0.bot.internal.nlu;

import dev.tier0.bot.internal.nlu.TrainingData.Example;
import dev.tier0.bot.internal.nlu.eval.LabelledUtterance;
import dev.tier0.bot.internal.nlu.eval.NluEvaluation;
import dev.tier0.bot.internal.nlu.eval.NluEvaluator;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The figures of the shipped IT model at category and intent level, as {@code eval-nlu} computes
 * them, without building the application: trains on {@code nlu/train.jsonl} with {@code
 * nlu/intents.jsonl}, calibrates on {@code nlu/validation.jsonl} and scores the test file once;
 * with {@code -Dnlu.cv=K} cross-validates on the training file instead (each fold calibrated on the
 * validation file); {@code -Dnlu.encoder=none} or {@code minilm} replaces the default static
 * sentence vectors; {@code -Dnlu.scope=intent} decides scope on the best intent instead of the best
 * category; {@code -Dnlu.extra=<file>} adds that file's lines to every training set (and fold)
 * without scoring them; {@code -Dnlu.errors=true} prints the validation mistakes with the
 * out-of-scope class's probability and counts them at intent and category level. Run from the
 * repository root with bot-core's test class path:
 *
 * <pre>
 * java -cp ... dev.tier0.bot.internal.nlu.ItEvaluation eval/nlu-it-test.jsonl
 * </pre>
 */
final class ItEvaluation {

  private ItEvaluation() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(System.getProperty("nlu.dir", "nlu"));
    NluSettings settings =
        NluSettings.defaults()
            .withWordIterations(
                Integer.getInteger("nlu.words", NluSettings.defaults().wordIterations()))
            .withWordCutoff(
                Integer.getInteger("nlu.wordCutoff", NluSettings.defaults().wordCutoff()))
            .withEncoder(System.getProperty("nlu.encoder", NluSettings.defaults().encoder()))
            .withScopeLevel(System.getProperty("nlu.scope", NluSettings.defaults().scopeLevel()));
    List<Example> val = TrainingData.fromJsonl(dir.resolve("validation.jsonl"), null).examples();
    Integer folds = Integer.getInteger("nlu.cv");
    if (folds != null) {
      List<LabelledUtterance> lines = LabelledUtterance.read(dir.resolve("train.jsonl"));
      NluEvaluation e =
          NluEvaluator.crossValidate(
              lines,
              TrainingData.intentsFromJsonl(dir.resolve("intents.jsonl")),
              folds,
              settings.seed(),
              NluEvaluator.Level.CATEGORY,
              data -> OpenNlpIntentClassifier.train(withExtra(data), settings).calibrate(val));
      print(folds + "-fold CV " + dir.resolve("train.jsonl"), e);
      return;
    }
    long start = System.nanoTime();
    OpenNlpIntentClassifier classifier =
        OpenNlpIntentClassifier.train(
                withExtra(
                    TrainingData.fromJsonl(
                        dir.resolve("train.jsonl"), dir.resolve("intents.jsonl"))),
                settings)
            .calibrate(val);
    System.out.printf(
        Locale.ROOT,
        "trained and calibrated in %.1f s: %s %s%n",
        (System.nanoTime() - start) / 1e9,
        classifier.mixture(),
        classifier.settings());
    if (Boolean.getBoolean("nlu.errors")) {
      // Validation errors only: the test file is never looked at line by line.
      int intentErrors = 0;
      int categoryErrors = 0;
      for (Example example : val) {
        var result = classifier.parse(example.text());
        String expected =
            classifier.describe(example.intent()).map(i -> i.category()).orElse(example.intent());
        boolean categoryWrong = !result.category().equals(expected);
        intentErrors += result.intent().equals(example.intent()) ? 0 : 1;
        categoryErrors += categoryWrong ? 1 : 0;
        if (!result.intent().equals(example.intent())) {
          System.out.printf(
              Locale.ROOT,
              "VAL%s %s -> %s %.2f (P(out_of_scope) %.2f) | %s%n",
              categoryWrong ? "" : " (same category)",
              example.intent(),
              result.intent(),
              result.confidence(),
              classifier.scores(example.text(), classifier.settings().temperature())
                  .probabilities()[classifier.oosIndex()],
              example.text());
        }
      }
      System.out.printf(
          Locale.ROOT,
          "validation mistakes of %d lines: intent %d, category %d%n",
          val.size(),
          intentErrors,
          categoryErrors);
      return;
    }
    List<LabelledUtterance> test = LabelledUtterance.read(Path.of(args[0]));
    for (NluEvaluator.Level level : NluEvaluator.Level.values()) {
      if (level.name().equals("CATEGORY") || level.name().equals("INTENT")) {
        print(args[0] + " " + level, NluEvaluator.evaluate(classifier, test, level));
      }
    }
  }

  /**
   * The data with the lines of {@code -Dnlu.extra=<file>} added to every training set (also to
   * every fold's, never to a held-out fold), so that cross-validation scores candidate lines on the
   * same folds of the training file as without them.
   */
  private static TrainingData withExtra(TrainingData data) {
    String extra = System.getProperty("nlu.extra");
    if (extra == null) {
      return data;
    }
    try {
      List<Example> all = new java.util.ArrayList<>(data.examples());
      all.addAll(TrainingData.fromJsonl(Path.of(extra), null).examples());
      return new TrainingData(all, data.intents());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void print(String what, NluEvaluation e) {
    System.out.printf(
        Locale.ROOT,
        "%s: n=%d accuracy=%.4f inScope=%.4f oosRecall=%s oosPrecision=%s%n  confusions %s%n",
        what,
        e.n(),
        e.accuracy(),
        e.inScopeAccuracy(),
        e.oosRecall(),
        e.oosPrecision(),
        e.confusions());
    // Markdown rows for NLU-RESULTS.md.
    e.perLabel().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(row ->
            System.out.printf(
                Locale.ROOT,
                "| %s | %s | %s | %.1f %% | %d |%n",
                row.getKey(),
                percent(row.getValue().precision()),
                percent(row.getValue().recall()),
                100 * row.getValue().f1(),
                row.getValue().support()));
  }

  private static String percent(Double ratio) {
    return ratio == null ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * ratio);
  }
}
