package dev.tier0.app.cli;

import dev.tier0.bot.internal.nlu.NluSettings;
import dev.tier0.bot.internal.nlu.OpenNlpIntentClassifier;
import dev.tier0.bot.internal.nlu.TrainingData;
import dev.tier0.bot.internal.nlu.eval.LabelledUtterance;
import dev.tier0.bot.internal.nlu.eval.NluEvaluation;
import dev.tier0.bot.internal.nlu.eval.NluEvaluator;
import dev.tier0.bot.internal.nlu.eval.NluEvaluator.Level;
import dev.tier0.bot.internal.nlu.eval.NluReportWriter;
import dev.tier0.bot.spi.IntentClassifier;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eval-nlu}: Evaluate intent detection on a labelled JSONL file. */
@Command(
    name = "eval-nlu",
    mixinStandardHelpOptions = true,
    description = "Evaluate intent detection on a labelled JSONL file.")
final class EvalNluCommand implements Callable<Integer> {

  @Option(names = "--train", description = "Train on this file instead of the shipped model.")
  Path train;

  @Option(names = "--intents", description = "The intents file of --train or --cv data.")
  Path intents;

  @Option(names = "--model", description = "Score a model file written by train.")
  Path model;

  @Option(
      names = "--val",
      description = "Validation file: calibrate and choose the out-of-scope threshold on it.")
  Path validation;

  @Option(names = "--test", required = true, description = "Labelled utterances to score.")
  Path test;

  @Option(names = "--cv", description = "K-fold cross-validation on the --test file.")
  Integer folds;

  @Option(
      names = "--level",
      defaultValue = "AUTO",
      description = "Compare AUTO (intent when every line has one), INTENT or CATEGORY.")
  Level level;

  @Mixin ModelOptions modelOptions = new ModelOptions();

  @Option(names = "--report", description = "Write nlu-report.md and nlu-report.json here.")
  Path report;

  @Option(names = "--json", description = "Print exactly one JSON object on standard output.")
  boolean json;

  @Override
  public Integer call() {
    PrintStream stdout = Json.out();
    try {
      List<LabelledUtterance> lines = LabelledUtterance.read(test);
      NluSettings settings = modelOptions.settings();
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("test", test.getFileName().toString());
      NluEvaluation evaluation;
      long start = System.nanoTime();
      if (folds != null) {
        Map<String, IntentClassifier.IntentInfo> described =
            intents == null ? Map.of() : TrainingData.intentsFromJsonl(intents);
        // Each fold's model is calibrated on the separate validation file when there is one.
        List<TrainingData.Example> held =
            validation == null ? null : NluCli.readExamples(validation);
        evaluation =
            NluEvaluator.crossValidate(
                lines,
                described,
                folds,
                settings.seed(),
                level,
                data -> {
                  OpenNlpIntentClassifier trained = OpenNlpIntentClassifier.train(data, settings);
                  return held == null ? trained : trained.calibrate(held);
                });
        run.put("mode", folds + "-fold cross-validation");
        run.put("settings", settings);
      } else {
        OpenNlpIntentClassifier classifier;
        if (train != null) {
          classifier = OpenNlpIntentClassifier.train(NluCli.readTraining(train, intents), settings);
          run.put("mode", "trained on " + train.getFileName());
        } else if (model != null) {
          classifier = OpenNlpIntentClassifier.load(model);
          run.put("mode", "model " + model.getFileName());
        } else {
          classifier = OpenNlpIntentClassifier.shipped(getClass().getClassLoader(), settings);
          run.put("mode", "shipped model");
        }
        run.put("trainingMillis", (System.nanoTime() - start) / 1_000_000);
        if (validation != null) {
          classifier = classifier.calibrate(NluCli.readExamples(validation));
          run.put("val", validation.getFileName().toString());
        }
        run.put("settings", classifier.settings());
        evaluation = NluEvaluator.evaluate(classifier, lines, level);
      }
      run.put("elapsedMillis", (System.nanoTime() - start) / 1_000_000);
      if (report != null) {
        NluReportWriter.write(report, "Intent detection: " + test.getFileName(), evaluation, run);
      }
      if (json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", evaluation.n());
        out.put("accuracy", evaluation.accuracy());
        out.put("inScopeAccuracy", evaluation.inScopeAccuracy());
        out.put("oosRecall", evaluation.oosRecall());
        out.put("oosPrecision", evaluation.oosPrecision());
        out.put("perLabel", evaluation.perLabel());
        out.put("level", evaluation.level());
        out.put("confusions", evaluation.confusions());
        out.put("run", run);
        Json.print(stdout, out);
      } else {
        stdout.printf(
            "%s, %s: n=%d accuracy=%s in-scope accuracy=%s oos recall=%s oos precision=%s%n",
            run.get("mode"),
            evaluation.level(),
            evaluation.n(),
            NluReportWriter.pct(evaluation.accuracy()),
            NluReportWriter.pct(evaluation.inScopeAccuracy()),
            NluReportWriter.pct(evaluation.oosRecall()),
            NluReportWriter.pct(evaluation.oosPrecision()));
        for (NluEvaluation.Confusion c : evaluation.confusions()) {
          stdout.printf("  %s -> %s: %d%n", c.expected(), c.predicted(), c.count());
        }
      }
      return 0;
    } catch (Exception e) {
      return NluCli.fail(stdout, json, e);
    }
  }
}
