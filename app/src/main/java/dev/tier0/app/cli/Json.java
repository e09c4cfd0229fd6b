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

  /**
   * Reports a failure: the error object on standard output with {@code --json}, the sentence on
   * standard error otherwise. Returns the exit code, 1.
   */
  static int fail(PrintStream out, boolean json, String code, String message) {
    if (json) {
      print(out, java.util.Map.of("error", code, "message", message));
    } else {
      System.err.println(message);
    }
    return 1;
  }
}
