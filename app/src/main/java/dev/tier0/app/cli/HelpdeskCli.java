package dev.tier0.app.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line of CONTRACT.md section 5. Every subcommand exits non-zero on failure, prints a
 * human summary, and with {@code --json} prints exactly one JSON object on standard output (logs go
 * to standard error).
 */
@Command(
    name = "helpdesk",
    mixinStandardHelpOptions = true,
    description = "Tier 0 IT help desk: run the server, build and evaluate its models.",
    subcommands = {
      ServeCommand.class,
      IndexCommand.class,
      TrainCommand.class,
      EvalNluCommand.class,
      EvalKbCommand.class
    })
public final class HelpdeskCli implements Runnable {

  private static final Set<String> OFFLINE_COMMANDS =
      Set.of("index", "train", "eval-nlu", "eval-kb", "-h", "--help", "-V", "--version");

  /** True when the arguments ask for the server: no subcommand, or {@code serve}. */
  public static boolean isServe(String[] args) {
    return args.length == 0 || !OFFLINE_COMMANDS.contains(args[0]);
  }

  /** The arguments for Spring Boot: everything but the {@code serve} word itself. */
  public static String[] serveArgs(String[] args) {
    return args.length > 0 && args[0].equals("serve")
        ? Arrays.copyOfRange(args, 1, args.length)
        : args;
  }

  /** Runs an offline subcommand and returns its exit code. */
  public static int run(String[] args) {
    // Libraries may log to standard output; only a command's result belongs there.
    java.io.PrintStream stdout = System.out;
    Json.useAsOut(stdout);
    System.setOut(System.err);
    try {
      CommandLine cli = new CommandLine(new HelpdeskCli());
      cli.setOut(new PrintWriter(stdout, true));
      cli.setErr(new PrintWriter(System.err, true));
      return cli.execute(args);
    } finally {
      System.setOut(stdout);
    }
  }

  @Override
  public void run() {
    // Reached only with no subcommand, which main() routes to the server instead.
  }
}
