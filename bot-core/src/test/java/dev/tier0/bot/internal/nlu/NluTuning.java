package dev.tier0.bot.internal.nlu;

import dev.tier0.bot.internal.nlu.TrainingData.Example;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Hyper-parameter search on a validation split (never on a test split): trains on a training file,
 * calibrates on a validation file and prints what calibration measured there. Run from bot-core
 * with the test class path:
 *
 * <pre>
 * java -cp ... dev.tier0.bot.internal.nlu.NluTuning TRAIN.jsonl VAL.jsonl [trainer l1 l2 charMin
 *     charMax charWeight iterations cutoff]
 * </pre>
 */
final class NluTuning {

  private NluTuning() {}

  public static void main(String[] args) throws Exception {
    TrainingData train = TrainingData.fromJsonl(Path.of(args[0]), null);
    List<Example> val =
        TrainingData.readExamples(new StringReader(Files.readString(Path.of(args[1]))), args[1]);
    NluSettings s = NluSettings.defaults();
    if (args.length > 2) {
      s =
          s.withTrainer(args[2])
              .withCosts(Double.parseDouble(args[3]), Double.parseDouble(args[4]))
              .withCharNgrams(
                  Integer.parseInt(args[5]), Integer.parseInt(args[6]), Double.parseDouble(args[7]))
              .withIterations(Integer.parseInt(args[8]), Integer.parseInt(args[9]));
    }
    long start = System.nanoTime();
    OpenNlpIntentClassifier classifier = OpenNlpIntentClassifier.train(train, s);
    long trained = System.nanoTime();
    Calibration.Fit fit = Calibration.fit(classifier, val);
    System.out.printf(
        Locale.ROOT,
        "%s train=%.1fs val: inScope=%.4f oosRecall=%.4f T=%.3f thr=%.2f nll %.3f->%.3f"
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
    for (double[] point : Calibration.curve(classifier, val, fit.temperature())) {
      System.out.printf(
          Locale.ROOT, "  thr=%.2f inScope=%.4f oosRecall=%.4f%n", point[0], point[1], point[2]);
    }
  }
}
