package dev.tier0.bot.internal.nlu;

import dev.tier0.bot.internal.nlu.TrainingData.Example;
import dev.tier0.bot.internal.nlu.eval.LabelledUtterance;
import dev.tier0.bot.internal.nlu.eval.NluEvaluation;
import dev.tier0.bot.internal.nlu.eval.NluEvaluator;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Public-benchmark runner: trains on a training file, calibrates on a validation file (the only
 * place thresholds are chosen), prints the validation threshold curve and, when a test file is
 * given, scores it once at the thresholds validation chose. Run from the repository root after
 * {@code test-compile} with bot-core's test class path:
 *
 * <pre>
 * java -cp ... dev.tier0.bot.internal.nlu.NluTuning TRAIN.jsonl VAL.jsonl|holdout [TEST.jsonl ...]
 * </pre>
 *
 * Settings are {@link NluSettings#defaults()} unless {@code -Dnlu.trainer}, {@code -Dnlu.l2},
 * {@code -Dnlu.char=min,max,weight}, {@code -Dnlu.iterations}, {@code -Dnlu.cutoff}, {@code
 * -Dnlu.words} (word-model iterations, 0: none), {@code -Dnlu.encoder} ({@code none}, {@code
 * minilm}, {@code minilm-static}) say otherwise. {@code -Dnlu.testCurve=true} also prints each test
 * file's threshold curve (reporting only: nothing is chosen on it).
 */
final class NluTuning {

  private NluTuning() {}

  public static void main(String[] args) throws Exception {
    TrainingData train = TrainingData.fromJsonl(Path.of(args[0]), null);
    List<Example> val;
    if (args[1].equals("holdout")) {
      // Corpora without a validation split: every fifth line of each intent (in file order) is
      // held out for fitting, and the model is trained on the other four fifths only.
      List<Example> rest = new java.util.ArrayList<>();
      val = new java.util.ArrayList<>();
      java.util.Map<String, Integer> seen = new java.util.HashMap<>();
      for (Example e : train.examples()) {
        int n = seen.merge(e.intent(), 1, Integer::sum);
        (n % 5 == 0 ? val : rest).add(e);
      }
      train = new TrainingData(rest, train.intents());
      System.out.println("holdout: train " + rest.size() + " val " + val.size());
    } else {
      val = TrainingData.fromJsonl(Path.of(args[1]), null).examples();
    }
    NluSettings d = NluSettings.defaults();
    String[] chars =
        System.getProperty(
                "nlu.char", d.charNgramMin() + "," + d.charNgramMax() + "," + d.charNgramWeight())
            .split(",");
    NluSettings s =
        d.withTrainer(System.getProperty("nlu.trainer", d.trainer()))
            .withCosts(
                Double.parseDouble(System.getProperty("nlu.l1", "" + d.l1Cost())),
                Double.parseDouble(System.getProperty("nlu.l2", "" + d.l2Cost())))
            .withCharNgrams(
                Integer.parseInt(chars[0]),
                Integer.parseInt(chars[1]),
                Double.parseDouble(chars[2]))
            .withIterations(
                Integer.getInteger("nlu.iterations", d.iterations()),
                Integer.getInteger("nlu.cutoff", d.cutoff()))
            .withThresholdObjective(System.getProperty("nlu.objective", d.thresholdObjective()))
            .withWordIterations(Integer.getInteger("nlu.words", d.wordIterations()))
            .withWordCutoff(Integer.getInteger("nlu.wordCutoff", d.wordCutoff()))
            .withEncoder(System.getProperty("nlu.encoder", d.encoder()));
    long start = System.nanoTime();
    OpenNlpIntentClassifier classifier = OpenNlpIntentClassifier.train(train, s);
    long trained = System.nanoTime();
    if (classifier.hasWordModel()) {
      classifier = classifier.withMixture(Calibration.fitMixture(classifier, val));
      System.out.println("mixture " + classifier.mixture());
    }
    if (classifier.hasEmbeddingModel()) {
      classifier = classifier.withMixture(Calibration.fitEmbedding(classifier, val));
      System.out.println("with sentence vectors " + classifier.mixture());
    }
    Calibration.Fit fit = Calibration.fit(classifier, val);
    System.out.printf(
        Locale.ROOT,
        "%s%ntrain=%.1fs val: inScope=%.4f oosRecall=%.4f T=%.3f thr=%.2f nll %.3f->%.3f"
            + " ece %.3f->%.3f%n",
        s,
        (trained - start) / 1e9,
        fit.inScopeAccuracy(),
        fit.oosRecall(),
        fit.temperature(),
        fit.oosThreshold(),
        fit.nllBefore(),
        fit.nllAfter(),
        fit.eceBefore(),
        fit.eceAfter());
    long oosLines = val.stream().filter(e -> e.intent().equals("out_of_scope")).count();
    double inShare = 1 - (double) oosLines / val.size();
    double accuracyThreshold = 0;
    double bestAccuracy = -1;
    List<double[]> valCurve = Calibration.curve(classifier, val, fit.temperature());
    for (double[] point : valCurve) {
      double oos = Double.isNaN(point[2]) ? 0 : point[2];
      double accuracy = inShare * point[1] + (1 - inShare) * oos;
      if (accuracy > bestAccuracy + 1e-12) {
        bestAccuracy = accuracy;
        accuracyThreshold = point[0];
      }
    }
    printCurve("val", valCurve);
    OpenNlpIntentClassifier balanced =
        classifier.withSettings(s.withCalibration(fit.temperature(), fit.oosThreshold()));
    OpenNlpIntentClassifier accurate =
        classifier.withSettings(s.withCalibration(fit.temperature(), accuracyThreshold));
    for (int i = 2; i < args.length; i++) {
      List<LabelledUtterance> test = LabelledUtterance.read(Path.of(args[i]));
      print(
          args[i],
          s.thresholdObjective() + " thr " + fit.oosThreshold(),
          NluEvaluator.evaluate(balanced, test, NluEvaluator.Level.INTENT));
      print(
          args[i],
          "val-accuracy thr " + accuracyThreshold + " (recomputed)",
          NluEvaluator.evaluate(accurate, test, NluEvaluator.Level.INTENT));
      if (Boolean.getBoolean("nlu.testCurve")) {
        // Corpora whose training file has no out-of-scope line (HINT3) cannot place a threshold on
        // a hold-out: their published figures are curves over the test, so this prints one.
        List<Example> examples = TrainingData.fromJsonl(Path.of(args[i]), null).examples();
        printCurve("test", Calibration.curve(classifier, examples, fit.temperature()));
      }
    }
  }

  /** Every fifth point of a threshold curve; a split without out-of-scope lines reads recall 0. */
  private static void printCurve(String split, List<double[]> curve) {
    for (double[] point : curve) {
      if (Math.round(point[0] * 100) % 5 == 0) {
        System.out.printf(
            Locale.ROOT,
            "  %s thr=%.2f inScope=%.4f oosRecall=%.4f%n",
            split,
            point[0],
            point[1],
            Double.isNaN(point[2]) ? 0 : point[2]);
      }
    }
  }

  private static void print(String file, String how, NluEvaluation e) {
    System.out.printf(
        Locale.ROOT,
        "TEST %s (%s): n=%d accuracy=%.4f inScope=%.4f oosRecall=%s oosPrecision=%s%n",
        Path.of(file).getFileName(),
        how,
        e.n(),
        e.accuracy(),
        e.inScopeAccuracy(),
        e.oosRecall(),
        e.oosPrecision());
  }
}
