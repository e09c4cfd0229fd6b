package dev.tier0.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train}: Train the intent model from JSONL data. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train the intent model from JSONL data.")
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--json", description = "Print exactly one JSON object on standard output.")
  boolean json;

  @Override
  public Integer call() {
    System.err.println("train is not available yet");
    return 2;
  }
}
