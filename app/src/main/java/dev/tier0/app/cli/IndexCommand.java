package dev.tier0.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code index}: Build and check a knowledge base folder; report skipped files. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = "Build and check a knowledge base folder; report skipped files.")
final class IndexCommand implements Callable<Integer> {

  @Option(names = "--json", description = "Print exactly one JSON object on standard output.")
  boolean json;

  @Override
  public Integer call() {
    System.err.println("index is not available yet");
    return 2;
  }
}
