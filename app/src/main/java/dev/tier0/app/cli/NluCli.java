package dev.tier0.app.cli;

import dev.tier0.bot.internal.nlu.TrainingData;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code train} and {@code eval-nlu} share: reading data and reporting failure. */
final class NluCli {

  private NluCli() {}

  static TrainingData readTraining(Path data, Path intents) throws IOException {
    String name = data.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".yml") || name.endsWith(".yaml")) {
      TrainingData rasa = TrainingData.fromRasaYaml(data);
      return intents == null ? rasa : rasa.withIntents(TrainingData.intentsFromJsonl(intents));
    }
    return TrainingData.fromJsonl(data, intents);
  }

  static List<TrainingData.Example> readExamples(Path file) throws IOException {
    return TrainingData.fromJsonl(file, null).examples();
  }

  static int fail(PrintStream stdout, boolean json, Exception e) {
    String message =
        e instanceof java.nio.file.NoSuchFileException missing
            ? "no such file: " + missing.getFile()
            : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (json) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("error", e instanceof IOException ? "bad_input" : "failed");
      error.put("message", message);
      Json.print(stdout, error);
    }
    System.err.println("error: " + message);
    return 1;
  }
}
