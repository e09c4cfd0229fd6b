package dev.tier0.bot.internal.nlu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON lines files of the intent data and evaluations: one object per line, blank lines
 * skipped, and a bad line an error that names its file and line number.
 */
public final class JsonLines {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Turns one line's object into a value; {@code where} is "source:line" for error messages. */
  @FunctionalInterface
  public interface LineReader<T> {
    T read(JsonNode node, String where) throws IOException;
  }

  private JsonLines() {}

  /** Reads every non-blank line of {@code reader}, in order. */
  public static <T> List<T> read(Reader reader, String source, LineReader<T> each)
      throws IOException {
    List<T> out = new ArrayList<>();
    BufferedReader lines = new BufferedReader(reader);
    String line;
    int number = 0;
    while ((line = lines.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      String where = source + ":" + number;
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JacksonException e) {
        throw new IOException(where + ": " + e.getOriginalMessage(), e);
      }
      if (node == null || !node.isObject()) {
        throw new IOException(where + ": not a JSON object");
      }
      out.add(each.read(node, where));
    }
    return out;
  }
}
