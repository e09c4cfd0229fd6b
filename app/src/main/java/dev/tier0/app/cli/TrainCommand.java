package dev.tier0.app.cli;

import dev.tier0.bot.internal.nlu.NluSettings;
import dev.tier0.bot.internal.nlu.OpenNlpIntentClassifier;
import dev.tier0.bot.internal.nlu.TrainingData;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train}: Train the intent model from JSONL data. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train the intent model from JSONL data (or Rasa NLU YAML).")
final class TrainCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      required = true,
      description = "Utterances: JSONL {\"text\",\"intent\"} or a Rasa NLU .yml file.")
  Path data;

  @Option(names = "--intents", description = "JSONL {\"intent\",\"category\",\"label\"}.")
  Path intents;

  @Option(
      names = "--val",
      description = "Validation utterances: calibrate and choose the out-of-scope threshold.")
  Path validation;

  @Option(
      names = "--out",
      defaultValue = "intent-model.bin",
      description = "Where to write the model (default ${DEFAULT-VALUE}).")
  Path out;

  @Mixin ModelOptions modelOptions = new ModelOptions();

  @Option(names = "--json", description = "Print exactly one JSON object on standard output.")
  boolean json;

  @Override
  public Integer call() {
    PrintStream stdout = Json.out();
    try {
      TrainingData training = NluCli.readTraining(data, intents);
      NluSettings settings = modelOptions.settings();
      long start = System.nanoTime();
      OpenNlpIntentClassifier classifier = OpenNlpIntentClassifier.train(training, settings);
      long trainedMillis = (System.nanoTime() - start) / 1_000_000;
      if (validation != null) {
        classifier = classifier.calibrate(NluCli.readExamples(validation));
      }
      if (out.toAbsolutePath().getParent() != null) {
        Files.createDirectories(out.toAbsolutePath().getParent());
      }
      classifier.save(out);
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("examples", training.examples().size());
      report.put("intents", classifier.intents().size());
      report.put("trainingMillis", trainedMillis);
      report.put("out", out.toString());
      report.put("modelBytes", Files.size(out));
      report.put("settings", classifier.settings());
      if (json) {
        Json.print(stdout, report);
      } else {
        stdout.printf(
            Locale.ROOT,
            "Trained %d intents on %d examples in %.1f s; model written to %s (%d bytes)%n"
                + "out-of-scope threshold %.2f, temperature %.3f%n",
            classifier.intents().size(),
            training.examples().size(),
            trainedMillis / 1000.0,
            out,
            Files.size(out),
            classifier.settings().oosThreshold(),
            classifier.settings().temperature());
      }
      return 0;
    } catch (Exception e) {
      return NluCli.fail(stdout, json, e);
    }
  }
}
