package io.leadstream.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/**
 * One {@code ./leadstream ...} command line as a user runs it, in this JVM, with {@code env} as the
 * whole environment its Kafka options see: its exit code, and what it printed to stdout and stderr
 * (picocli's writers and {@code System.out}/{@code System.err} together).
 */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    CommandLine cli = parser(env);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    PrintStream originalOut = System.out;
    int code;
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      code = cli.execute(args);
    } finally {
      System.setOut(originalOut);
    }
    return new CliRun(code, out + stdout.toString(StandardCharsets.UTF_8), err.toString());
  }

  /** The CLI's command line, whose commands see {@code env} as their environment. */
  static CommandLine parser(Map<String, String> env) {
    return LeadstreamCli.commandLine(
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            K made = CommandLine.defaultFactory().create(type);
            if (made instanceof KafkaOptions options) {
              options.env = env;
            }
            if (made instanceof ImportCommand command) {
              command.env = env;
            }
            return made;
          }
        });
  }

  /** What the user sees: both streams. */
  String all() {
    return out + err;
  }
}
