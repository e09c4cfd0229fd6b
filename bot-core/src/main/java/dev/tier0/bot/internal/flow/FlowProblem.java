package dev.tier0.bot.internal.flow;

/**
 * Why a flow file was skipped.
 *
 * @param file the file's name
 * @param step the step at fault, or null when the problem is the file's
 * @param message a human sentence
 */
public record FlowProblem(String file, String step, String message) {
  @Override
  public String toString() {
    return file + (step == null ? "" : " (step " + step + ")") + ": " + message;
  }
}
