package io.leadstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./leadstream}: the command line of the local stack. */
@Command(
    name = "leadstream",
    mixinStandardHelpOptions = true,
    version = "leadstream 0.1.0",
    description = "Run the Leadstream pipeline locally, send leads, and see where they went.",
    subcommands = {
      UpCommand.class,
      SendCommand.class,
      TailCommand.class,
      TopicsCommand.class,
      DlqCommand.class,
      ImportCommand.class,
      ActivityCommand.class,
      TraceCommand.class,
      CommandLine.HelpCommand.class
    })
public final class LeadstreamCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (for tests). */
  public static int execute(String... args) {
    return commandLine(CommandLine.defaultFactory()).execute(args);
  }

  /**
   * The command line, its commands made by {@code factory}: a failure prints {@code leadstream:
   * <message>} (never a stack trace) and exits 1.
   */
  static CommandLine commandLine(CommandLine.IFactory factory) {
    CommandLine cli = new CommandLine(new LeadstreamCli(), factory);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("leadstream: " + e.getMessage());
          return 1;
        });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
