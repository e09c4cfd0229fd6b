package dev.tier0.app;

import dev.tier0.app.cli.HelpdeskCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The help desk: {@code serve} (the default) runs the server; the other subcommands of {@link
 * HelpdeskCli} run without starting the server.
 */
@SpringBootApplication(scanBasePackages = "dev.tier0")
public class HelpdeskApplication {

  public static void main(String[] args) {
    if (HelpdeskCli.isServe(args)) {
      SpringApplication.run(HelpdeskApplication.class, HelpdeskCli.serveArgs(args));
      return;
    }
    System.exit(HelpdeskCli.run(args));
  }
}
