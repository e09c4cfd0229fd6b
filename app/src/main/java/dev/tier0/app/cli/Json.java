package dev.tier0.app.cli;

import java.io.PrintStream;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Prints the one JSON object a {@code --json} run owes standard output. */
final class Json {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private static volatile PrintStream stdout = System.out;

  private Json() {}

  /** The process's real standard output, kept for results while logs go to standard error. */
  static PrintStream out() {
    return stdout;
  }

  static void useAsOut(PrintStream out) {
    stdout = out;
  }

  static void print(PrintStream out, Object value) {
    out.println(MAPPER.writeValueAsString(value));
    out.flush();
  }

  static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }
}
