package dev.tier0.app.cli;

import picocli.CommandLine.Command;

/** Documents {@code serve} in the help; main() starts the server before picocli is reached. */
@Command(
    name = "serve",
    description =
        "Run the server (the default). Spring Boot settings follow as --name=value arguments.")
final class ServeCommand implements Runnable {
  @Override
  public void run() {}
}
