package io.leadstream.gateway;

import static io.leadstream.gateway.Http.ACTIVITY_TOKEN;
import static io.leadstream.gateway.Http.TOKEN;
import static io.leadstream.gateway.ProblemAssert.json;
import static io.leadstream.gateway.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.config.Config;
import io.leadstream.support.ManagementServer.Health;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every write route checks a request in the one order of {@link WriteRoute} (shutting down, token,
 * content type, size, body), so a request that breaks several rules gets the same answer from
 * {@code /v1/leads}, {@code /v1/leads:batch} and {@code /v1/activity} (as one JSON object and as
 * NDJSON): the one of the first rule it breaks. Tried for every combination of the five faults, on
 * a running gateway (Kafka's MockProducer behind it).
 */
class WriteRouteOrderTest {

  private static final int LIMIT = 1024;

  private static Gateway serving;
  private static Gateway draining;

  @BeforeAll
  static void start() {
    serving = gateway();
    draining = gateway();
    draining.drain();
  }

  @AfterAll
  static void close() {
    serving.close();
    draining.close();
  }

  /**
   * One request's faults; each is a rule of the write routes that the request breaks. A body too
   * large is not empty: of the two body faults, the size is the one checked first.
   */
  record Faults(
      boolean shuttingDown, boolean badToken, boolean wrongType, boolean tooLarge, boolean empty) {

    /** The first broken rule in the documented order decides: its status and problem type. */
    int expectedStatus() {
      if (shuttingDown) {
        return 503;
      } else if (badToken) {
        return 401;
      } else if (wrongType) {
        return 415;
      } else if (tooLarge) {
        return 413;
      } else if (empty) {
        return 400;
      }
      return 0; // accepted: 202 for a lead or one activity, 200 for a batch or NDJSON activity
    }

    String expectedSlug() {
      return switch (expectedStatus()) {
        case 503 -> "shutting-down";
        case 401 -> "unauthorized";
        case 415 -> "unsupported-media-type";
        case 413 -> "body-too-large";
        default -> null; // the body's own problem: empty-body, unreadable-batch, invalid-activity
      };
    }
  }

  @Test
  void everyWriteRouteAnswersEveryCombinationOfFaultsWithTheFirstBrokenRuleInTheOneOrder() {
    List<String> seen = new ArrayList<>();
    for (int bits = 0; bits < 32; bits++) {
      Faults faults =
          new Faults(
              (bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0, (bits & 16) != 0);
      Http http = new Http((faults.shuttingDown() ? draining : serving).url());
      HttpResponse<String> lead = http.send(request(http, faults, "/v1/leads", "application/json"));
      HttpResponse<String> batch =
          http.send(request(http, faults, "/v1/leads:batch", "application/x-ndjson"));
      HttpResponse<String> activity =
          http.send(request(http, faults, "/v1/activity", "application/json"));
      HttpResponse<String> activities =
          http.send(request(http, faults, "/v1/activity", "application/x-ndjson"));

      int status = faults.expectedStatus();
      if (status == 0) {
        assertThat(lead.statusCode()).as(faults + " lead").isEqualTo(202);
        assertThat(batch.statusCode()).as(faults + " batch").isEqualTo(200);
        assertThat(activity.statusCode()).as(faults + " activity").isEqualTo(202);
        assertThat(activities.statusCode()).as(faults + " activities").isEqualTo(200);
      } else if (faults.expectedSlug() != null) {
        problem(lead, status, faults.expectedSlug());
        problem(batch, status, faults.expectedSlug());
        problem(activity, status, faults.expectedSlug());
        problem(activities, status, faults.expectedSlug());
      } else {
        problem(lead, 400, "empty-body");
        problem(batch, 400, "unreadable-batch");
        problem(activity, 400, "invalid-activity");
        problem(activities, 400, "empty-body");
      }
      seen.add(status + " " + json(lead.body()).path("type").asText());
    }
    assertThat(seen).hasSize(32);
  }

  private static HttpRequest request(Http http, Faults faults, String path, String goodType) {
    boolean activity = path.equals("/v1/activity");
    String good = activity ? Http.activity("CONTACTED", "") : Http.lead(1).replace('\n', ' ');
    String body =
        faults.tooLarge()
            ? "{\"pad\":\"" + "x".repeat(2 * LIMIT) + "\"}"
            : faults.empty() ? "" : good;
    // A route's wrong token is the other routes' right one: the tokens are separate.
    String token =
        activity
            ? (faults.badToken() ? TOKEN : ACTIVITY_TOKEN)
            : (faults.badToken() ? ACTIVITY_TOKEN : TOKEN);
    HttpRequest.Builder request =
        http.request(path + "?code=" + token)
            .header("Content-Type", faults.wrongType() ? "text/plain" : goodType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    return request.build();
  }

  private static Gateway gateway() {
    return Gateway.start(
        Config.of(
            Map.of(
                "gateway.host",
                "127.0.0.1",
                "gateway.port",
                "0",
                "gateway.tokens",
                TOKEN,
                "gateway.activity.tokens",
                ACTIVITY_TOKEN,
                "gateway.event.loops",
                "1",
                "gateway.body.limit.bytes",
                Integer.toString(LIMIT),
                "gateway.batch.body.limit.bytes",
                Integer.toString(LIMIT))),
        () -> new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()),
        Duration.ofMillis(1500),
        () -> CompletableFuture.completedFuture(Health.up("test")));
  }
}
