package dev.tier0.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eval-nlu}: Evaluate intent detection on a labelled JSONL file. */
@Command(
    name = "eval-nlu",
    mixinStandardHelpOptions = true,
    description = "Evaluate intent detection on a labelled JSONL file.")
final class EvalNluCommand implements Callable<Integer> {

  @Option(names = "--json", description = "Print exactly one JSON object on standard output.")
  boolean json;

  @Override
  public Integer call() {
    System.err.println("eval-nlu is not available yet");
    return 2;
  }
}
