package io.leadstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadstream.config.Config;
import io.leadstream.processor.ProcessorSettings;
import io.leadstream.schemas.IngestIds;
import io.leadstream.schemas.LeadJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./leadstream trace INGEST_ID}: where one received record went, as the lead console's
 * {@code GET /api/v1/trace/{ingestId}} answers it (docs/console.md), one line per entry.
 */
@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    description = {
      "Where a received record went (the gateway's 202 id, or a dead letter's key): the output",
      "topic and leadId it became, the leadId it was merged into as a duplicate or ignored for as",
      "a replay, or the dead-letter topic with its reason. Asks the lead console; known for as long",
      "as the dedup window. Exit 0 found, 1 unknown or refused, 2 the console cannot answer now."
    })
final class TraceCommand implements Callable<Integer> {

  /** Exit code when the console is up but cannot answer now (503: starting, rebalancing...). */
  static final int EXIT_NOT_NOW = 2;

  private static final String CONSOLE_PORT_KEY = "processor.console.port";

  @Parameters(paramLabel = "INGEST_ID", description = "The ingest id (in_...).")
  String ingestId;

  @Option(
      names = "--console",
      paramLabel = "URL",
      description =
          "The lead console (default: http://localhost:$LEADSTREAM_PROCESSOR_CONSOLE_PORT, port"
              + " 8082).")
  URI console;

  @Option(
      names = "--token",
      description =
          "Console token (default: first of $LEADSTREAM_PROCESSOR_CONSOLE_TOKENS, else the one"
              + " `up` keeps).")
  String token;

  @Option(names = "--json", description = "Print the console's JSON answer as it is.")
  boolean json;

  @Option(
      names = "--data-dir",
      description =
          "The local stack's folder, for its console token (default: $LEADSTREAM_HOME or"
              + " .leadstream).")
  Path dataDir;

  @Spec CommandSpec spec;

  /** The environment; tests give their own. */
  Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!IngestIds.INGEST_ID.matcher(ingestId).matches()) {
      // Not echoed: an id pasted from the wrong place may be anything.
      throw new CommandLine.ParameterException(
          spec.commandLine(), "INGEST_ID: not an ingest id (in_ and 26 base32 characters)");
    }
    String key =
        token != null
            ? token
            : new Home(dataDir != null ? dataDir : Home.defaultDir(env))
                .consoleTokenForClients(env);
    if (key == null) {
      throw new IllegalArgumentException(
          "no console token: pass --token, set "
              + Home.CONSOLE_TOKENS_VARIABLE
              + ", or run ./leadstream up first");
    }
    URI base = console != null ? console : defaultConsole();
    String root = base.toString().replaceAll("/+$", "");
    URI uri = URI.create(root + "/api/v1/trace/" + ingestId);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(30))
                  .header("Accept", "application/json")
                  .header("Authorization", "Bearer " + key)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot reach the lead console at "
              + root
              + " ("
              + e.getClass().getSimpleName()
              + "); is ./leadstream up running?");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int status = response.statusCode();
    switch (status) {
      case 200 -> {
        if (json) {
          out.println(response.body().strip());
        } else {
          JsonNode answer = LeadJson.mapper().readTree(response.body());
          for (JsonNode entry : answer.path("entries")) {
            out.println(line(ingestId, entry));
          }
        }
        out.flush();
        return 0;
      }
      case 404 -> {
        err.println(
            "leadstream: " + ingestId + " is unknown (not seen, or older than the dedup window)");
        return 1;
      }
      case 401 -> {
        err.println("leadstream: the console refused the token (check --token or " + source());
        return 1;
      }
      case 503 -> {
        err.println(
            "leadstream: the console cannot answer now: "
                + detail(response.body())
                + response
                    .headers()
                    .firstValue("Retry-After")
                    .map(s -> " (retry in " + s + " s)")
                    .orElse(""));
        return EXIT_NOT_NOW;
      }
      default -> {
        err.println("leadstream: the console answered " + status + ": " + detail(response.body()));
        return 1;
      }
    }
  }

  private String source() {
    return token != null ? "--token)" : Home.CONSOLE_TOKENS_VARIABLE + " and the token `up` keeps)";
  }

  /** One entry as a person reads it. */
  static String line(String ingestId, JsonNode entry) {
    String outcome = entry.path("outcome").asText("?");
    String at = text(entry, "at");
    String leadId = text(entry, "leadId");
    return switch (outcome) {
      case "ROUTED" ->
          ingestId + " -> " + text(entry, "topic") + " as " + leadId + " (ROUTED at " + at + ")";
      case "DUPLICATE" -> ingestId + " DUPLICATE of " + leadId + " (merged at " + at + ")";
      case "REPLAY" -> ingestId + " REPLAY of " + leadId + " (ignored at " + at + ")";
      case "DEAD_LETTER" ->
          ingestId
              + " DEAD_LETTER in "
              + text(entry, "topic")
              + ": "
              + text(entry, "reason")
              + " ("
              + text(entry, "stage")
              + ") at "
              + at;
      default -> ingestId + " " + outcome + " at " + at;
    };
  }

  private static String text(JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    return value == null || value.isNull() ? "-" : value.asText();
  }

  /** A problem's {@code detail} (else its {@code title}), or the status line when not JSON. */
  private static String detail(String body) {
    try {
      JsonNode problem = LeadJson.mapper().readTree(body);
      String detail = problem.path("detail").asText("");
      return detail.isBlank() ? problem.path("title").asText("no detail") : detail;
    } catch (IOException e) {
      return "no detail";
    }
  }

  private URI defaultConsole() {
    int port =
        Config.load(ProcessorSettings.DEFAULTS, Optional.empty(), env, Map.of())
            .integer(CONSOLE_PORT_KEY);
    return URI.create("http://localhost:" + port);
  }
}
