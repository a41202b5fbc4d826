package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./leadstream trace} against a real local HTTP server standing in for the console: what it
 * prints for each answer, its exit codes, and where it takes the console and the token from.
 */
class TraceCommandTest {

  private static final String ID = "in_0" + "a".repeat(25);
  private static final String LEAD = "ld_" + "b".repeat(32);
  private static final String OTHER_LEAD = "ld_" + "c".repeat(32);
  private static final String TOKEN = "trace-test-token-0123456789";

  private HttpServer server;
  private volatile int status;
  private volatile String body;
  private volatile Map<String, String> headers = Map.of();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          paths.add(exchange.getRequestURI().getPath());
          authorizations.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
          headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String consoleUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void answer(int status, String body) {
    this.status = status;
    this.body = body;
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        LeadstreamCli.commandLine(
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof TraceCommand command) {
                  command.env = env;
                }
                return made;
              }
            });
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Run trace(String... more) {
    String[] args = new String[more.length + 6];
    args[0] = "trace";
    args[1] = ID;
    args[2] = "--console";
    args[3] = consoleUrl();
    args[4] = "--token";
    args[5] = TOKEN;
    System.arraycopy(more, 0, args, 6, more.length);
    return run(Map.of(), args);
  }

  private static String entries(String... entries) {
    return "{\"ingestId\":\"" + ID + "\",\"entries\":[" + String.join(",", entries) + "]}";
  }

  @Test
  void printsARoutedRecordAsItsTopicAndLeadIdAskingWithTheTokenAsBearer() {
    answer(
        200,
        entries(
            "{\"at\":\"2026-05-01T10:00:00Z\",\"outcome\":\"ROUTED\",\"leadId\":\""
                + LEAD
                + "\",\"topic\":\"leads.qualified\",\"reason\":null,\"stage\":null}"));

    Run run = trace();

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(ID + " -> leads.qualified as " + LEAD + " (ROUTED at 2026-05-01T10:00:00Z)\n");
    assertThat(paths).containsExactly("/api/v1/trace/" + ID);
    assertThat(authorizations).containsExactly("Bearer " + TOKEN);
  }

  @Test
  void printsOneLinePerEntryOldestFirstForADuplicateAReplayAndADeadLetter() {
    answer(
        200,
        entries(
            "{\"at\":\"2026-05-01T10:00:00Z\",\"outcome\":\"DEAD_LETTER\",\"leadId\":null,"
                + "\"topic\":\"leads.dlq\",\"reason\":\"MALFORMED_JSON\",\"stage\":\"gateway\"}",
            "{\"at\":\"2026-05-01T11:00:00Z\",\"outcome\":\"DUPLICATE\",\"leadId\":\""
                + LEAD
                + "\"}",
            "{\"at\":\"2026-05-01T12:00:00Z\",\"outcome\":\"REPLAY\",\"leadId\":\""
                + OTHER_LEAD
                + "\"}"));

    Run run = trace();

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            ID + " DEAD_LETTER in leads.dlq: MALFORMED_JSON (gateway) at 2026-05-01T10:00:00Z",
            ID + " DUPLICATE of " + LEAD + " (merged at 2026-05-01T11:00:00Z)",
            ID + " REPLAY of " + OTHER_LEAD + " (ignored at 2026-05-01T12:00:00Z)");
  }

  @Test
  void jsonPrintsTheConsolesAnswerAsItIs() {
    String answer =
        entries(
            "{\"at\":\"2026-05-01T10:00:00Z\",\"outcome\":\"DUPLICATE\",\"leadId\":\""
                + LEAD
                + "\"}");
    answer(200, answer);

    Run run = trace("--json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(answer + "\n");
  }

  @Test
  void anUnknownIdSaysSoAndExitsOne() {
    answer(404, "{\"status\":404,\"title\":\"Not Found\",\"detail\":\"nothing known\"}");

    Run run = trace();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "leadstream: " + ID + " is unknown (not seen, or older than the dedup window)\n");
  }

  @Test
  void aConsoleThatCannotAnswerNowGivesItsReasonAndExitsTwo() {
    headers = Map.of("Retry-After", "5");
    answer(
        503,
        "{\"type\":\"urn:leadstream:problem:incomplete\",\"status\":503,"
            + "\"title\":\"Service Unavailable\",\"detail\":\"partitions missing: trace 2\"}");

    Run run = trace();

    assertThat(run.exitCode()).isEqualTo(TraceCommand.EXIT_NOT_NOW);
    assertThat(run.err())
        .isEqualTo(
            "leadstream: the console cannot answer now: partitions missing: trace 2 (retry in 5"
                + " s)\n");
  }

  @Test
  void aRefusedTokenIsSaidWithoutPrintingTheToken() {
    answer(401, "{\"status\":401,\"title\":\"Unauthorized\",\"detail\":\"a token is required\"}");

    Run run = trace();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("the console refused the token");
    assertThat(run.out() + run.err()).doesNotContain(TOKEN);
  }

  @Test
  void takesTheFirstTokenOfTheEnvironmentAndThePortFromIt() {
    answer(200, entries());
    Map<String, String> env =
        Map.of(
            "LEADSTREAM_PROCESSOR_CONSOLE_TOKENS",
            " first-console-token-0001 ,second-console-token-0002",
            "LEADSTREAM_PROCESSOR_CONSOLE_PORT",
            Integer.toString(server.getAddress().getPort()));

    Run run = run(env, "trace", ID);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(authorizations).containsExactly("Bearer first-console-token-0001");
  }

  @Test
  void withoutATokenInTheEnvironmentTakesTheOneUpKept(@TempDir Path home) throws IOException {
    answer(200, entries());
    Files.writeString(home.resolve("console-token"), "kept-console-token-0123\n");

    Run run = run(Map.of(), "trace", ID, "--console", consoleUrl(), "--data-dir", home.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(authorizations).containsExactly("Bearer kept-console-token-0123");
  }

  @Test
  void withoutAnyTokenSaysWhereToPutOneAndAsksNothing(@TempDir Path home) {
    Run run = run(Map.of(), "trace", ID, "--console", consoleUrl(), "--data-dir", home.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no console token").contains("--token");
    assertThat(paths).isEmpty();
  }

  @Test
  void aMalformedIdIsAUsageErrorThatDoesNotEchoIt() {
    Run run = run(Map.of(), "trace", "pat.doe@contoso.example.com", "--token", TOKEN);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("not an ingest id").doesNotContain("pat.doe");
    assertThat(paths).isEmpty();
  }

  @Test
  void anUnreachableConsoleIsNamedWithoutAStackTrace() throws IOException {
    int closed = Ports.free();

    Run run =
        run(Map.of(), "trace", ID, "--console", "http://127.0.0.1:" + closed, "--token", TOKEN);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("leadstream: cannot reach the lead console at http://127.0.0.1:" + closed)
        .doesNotContain("\tat ");
  }
}
