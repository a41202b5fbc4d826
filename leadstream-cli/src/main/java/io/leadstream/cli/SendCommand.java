package io.leadstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadstream.schemas.Fixtures;
import io.leadstream.schemas.Fixtures.Fixture;
import io.leadstream.schemas.LeadJson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./leadstream send FILE... | --samples}: posts leads to the gateway. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description =
        "Posts lead bodies (JSON files) to the gateway, one request each, and prints each answer.")
final class SendCommand implements Callable<Integer> {

  @Parameters(
      arity = "0..*",
      paramLabel = "FILE",
      description = "Partner Center JSON bodies to post.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--samples", description = "Post every shipped sample lead (broken ones too).")
  boolean samples;

  @Option(
      names = "--url",
      description =
          "The gateway's lead endpoint (default: http://localhost:$LEADSTREAM_GATEWAY_PORT/v1/leads, port 8080).")
  URI url;

  @Option(
      names = "--token",
      description =
          "Gateway token (default: first of $LEADSTREAM_GATEWAY_TOKENS, else the one `up` keeps).")
  String token;

  @Option(
      names = "--data-dir",
      description =
          "The local stack's folder, for its token (default: $LEADSTREAM_HOME or .leadstream).")
  Path dataDir;

  private final Map<String, String> env = System.getenv();

  record Body(String name, byte[] bytes) {}

  @Override
  public Integer call() throws Exception {
    List<Body> bodies = new ArrayList<>();
    if (samples) {
      for (Fixture fixture : Fixtures.all()) {
        bodies.add(new Body(fixture.name(), fixture.bytes()));
      }
    }
    for (Path file : files) {
      bodies.add(new Body(file.toString(), Files.readAllBytes(file)));
    }
    if (bodies.isEmpty()) {
      throw new IllegalArgumentException("nothing to send: give FILE arguments or --samples");
    }
    String key =
        token != null
            ? token
            : new Home(dataDir != null ? dataDir : Home.defaultDir(env)).tokenForClients(env);
    if (key == null) {
      throw new IllegalArgumentException(
          "no gateway token: pass --token, set LEADSTREAM_GATEWAY_TOKENS, or run ./leadstream up first");
    }
    URI endpoint = url != null ? url : defaultUrl();
    URI withCode =
        URI.create(
            endpoint
                + (endpoint.getQuery() == null ? "?" : "&")
                + "code="
                + URLEncoder.encode(key, StandardCharsets.UTF_8));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int failures = 0;
    for (Body body : bodies) {
      HttpResponse<String> response;
      try {
        response =
            http.send(
                HttpRequest.newBuilder(withCode)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException e) {
        throw new IllegalStateException(
            "cannot reach the gateway at "
                + endpoint
                + " ("
                + e.getClass().getSimpleName()
                + "); is ./leadstream up running?");
      }
      System.out.printf(
          "%-28s %d %s%n", body.name(), response.statusCode(), answer(response.body()));
      if (response.statusCode() >= 500 || response.statusCode() == 401) {
        failures++;
      }
    }
    return failures == 0 ? 0 : 1;
  }

  private URI defaultUrl() {
    String port = env.getOrDefault("LEADSTREAM_GATEWAY_PORT", "8080");
    return URI.create("http://localhost:" + port.trim() + "/v1/leads");
  }

  /**
   * The gateway's answer on one line: the ingest id first (a 400 has one too, for {@code trace}),
   * then a problem's type and detail; a body that is not the gateway's JSON as it came, shortened.
   */
  static String answer(String body) {
    JsonNode json;
    try {
      json = LeadJson.mapper().readTree(body);
    } catch (java.io.IOException notJson) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      String oneLine = body.replaceAll("\\s+", " ").strip();
      return oneLine.length() > 160 ? oneLine.substring(0, 157) + "..." : oneLine;
    }
    StringBuilder line = new StringBuilder(json.path("id").asText("-"));
    String type = json.path("type").asText("");
    if (!type.isEmpty()) {
      line.append(' ').append(type.substring(type.lastIndexOf(':') + 1));
      line.append(": ").append(json.path("detail").asText(""));
    }
    return line.toString();
  }
}
