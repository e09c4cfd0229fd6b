package dev.tier0.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eval-kb}: Evaluate knowledge-base retrieval on a queries JSONL file. */
@Command(
    name = "eval-kb",
    mixinStandardHelpOptions = true,
    description = "Evaluate knowledge-base retrieval on a queries JSONL file.")
final class EvalKbCommand implements Callable<Integer> {

  @Option(names = "--json", description = "Print exactly one JSON object on standard output.")
  boolean json;

  @Override
  public Integer call() {
    System.err.println("eval-kb is not available yet");
    return 2;
  }
}
