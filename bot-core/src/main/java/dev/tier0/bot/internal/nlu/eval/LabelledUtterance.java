package dev.tier0.bot.internal.nlu.eval;

import dev.tier0.bot.internal.nlu.JsonLines;
import dev.tier0.bot.internal.nlu.TrainingData;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One line of an evaluation file: {@code {"text":"...","intent":"..."}} and/or {@code "category"};
 * extra keys are ignored and {@code oos} reads as {@code out_of_scope}.
 *
 * @param text the utterance
 * @param intent its intent, or null when the line gives none
 * @param category its category, or null when the line gives none
 */
public record LabelledUtterance(String text, String intent, String category) {

  /** Reads an evaluation file; a line with neither label is an error. */
  public static List<LabelledUtterance> read(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader, file.toString());
    }
  }

  /** Reads evaluation JSON lines from a reader. */
  public static List<LabelledUtterance> read(Reader reader, String source) throws IOException {
    return JsonLines.read(
        reader,
        source,
        (node, where) -> {
          String intent = TrainingData.canonicalIntent(text(node, "intent"));
          String category = TrainingData.canonicalIntent(text(node, "category"));
          if (intent == null && category == null) {
            throw new IOException(where + ": neither intent nor category");
          }
          String text = text(node, "text");
          return new LabelledUtterance(text == null ? "" : text, intent, category);
        });
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asString().isBlank() ? null : value.asString();
  }

  /** The line as training data, by intent. */
  public TrainingData.Example asExample() {
    return new TrainingData.Example(text, intent);
  }
}
