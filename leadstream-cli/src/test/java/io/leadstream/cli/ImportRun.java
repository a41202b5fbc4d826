package io.leadstream.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * One {@code ./leadstream import ...} as a user runs it, in this JVM, with {@code env} as the
 * environment the command sees: its exit code and what it printed.
 */
record ImportRun(int exitCode, String out, String err) {

  static ImportRun of(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = CliRun.parser(env);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("import"));
    all.addAll(List.of(args));
    return new ImportRun(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
  }
}
