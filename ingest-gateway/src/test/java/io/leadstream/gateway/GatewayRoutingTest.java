package io.leadstream.gateway;

import static io.leadstream.gateway.Http.ACTIVITY_TOKEN;
import static io.leadstream.gateway.Http.LEAD_ID;
import static io.leadstream.gateway.Http.OTHER_ACTIVITY_TOKEN;
import static io.leadstream.gateway.Http.OTHER_TOKEN;
import static io.leadstream.gateway.Http.TOKEN;
import static io.leadstream.gateway.ProblemAssert.health;
import static io.leadstream.gateway.ProblemAssert.json;
import static io.leadstream.gateway.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadstream.config.Config;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.support.ManagementServer.Health;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gateway's HTTP behaviour, without a broker: Kafka's own {@link MockProducer} stands in for
 * the producer so that each outcome (acknowledged, failed, never) can be chosen. The same
 * behaviours on a real broker are in {@code GatewayIT}.
 */
class GatewayRoutingTest {

  /** Every (route, status) any test here saw the gateway answer, for the OpenAPI check. */
  private static final Set<String> OBSERVED = ConcurrentHashMap.newKeySet();

  private final List<MockProducer<byte[], byte[]>> producers = new ArrayList<>();
  private final AtomicReference<Health> readiness =
      new AtomicReference<>(Health.up("topic leads.raw has 1 partition(s)"));
  private Gateway gateway;
  private Http http;

  private MockProducer<byte[], byte[]> producer() {
    return producers.get(producers.size() - 1);
  }

  private Gateway start(boolean autoComplete, String... settings) {
    Map<String, String> config = new HashMap<>();
    config.put("gateway.host", "127.0.0.1");
    config.put("gateway.port", "0");
    config.put("gateway.tokens", TOKEN + "," + OTHER_TOKEN);
    config.put("gateway.activity.tokens", ACTIVITY_TOKEN + "," + OTHER_ACTIVITY_TOKEN);
    config.put("gateway.event.loops", "1");
    config.put("gateway.produce.timeout", "2s");
    config.put("gateway.shutdown.timeout", "10s");
    for (String setting : settings) {
      int eq = setting.indexOf('=');
      config.put(setting.substring(0, eq), setting.substring(eq + 1));
    }
    gateway =
        Gateway.start(
            Config.of(config),
            () -> {
              MockProducer<byte[], byte[]> mock =
                  new MockProducer<>(
                      autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
              producers.add(mock);
              return mock;
            },
            Duration.ofMillis(1500),
            () -> CompletableFuture.completedFuture(readiness.get()));
    http = new Http(gateway.url());
    return gateway;
  }

  @AfterEach
  void close() {
    if (gateway != null) {
      gateway
          .meterRegistry()
          .find("leadstream.gateway.requests")
          .timers()
          .forEach(
              (Timer t) ->
                  OBSERVED.add(t.getId().getTag("route") + " " + t.getId().getTag("status")));
      gateway.close();
    }
  }

  @AfterAll
  static void everyObservedStatusIsDocumentedInTheOpenApiDocument() {
    JsonNode paths =
        json(new String(Gateway.openApiDocument(), StandardCharsets.UTF_8)).path("paths");
    for (String observed : OBSERVED) {
      String[] parts = observed.split(" ");
      int status = Integer.parseInt(parts[1]);
      if (parts[0].equals(Routes.UNMATCHED) || status == 405 || status == 499) {
        continue; // documented once, in info.description: any path can answer these
      }
      Routes.Route route =
          Routes.ALL.stream().filter(r -> r.name().equals(parts[0])).findFirst().orElseThrow();
      assertThat(route.statuses()).as(observed).contains(status);
      assertThat(
              paths
                  .path(route.path())
                  .path(route.method().name().toLowerCase(java.util.Locale.ROOT))
                  .path("responses")
                  .has(parts[1]))
          .as("openapi.json documents " + observed)
          .isTrue();
    }
  }

  @Test
  void acknowledgesAWellFormedLeadWith202AndItsExactBytesKeyAndHeaders() {
    start(true);
    // Odd spacing and non-ASCII text: the bytes must arrive exactly as sent.
    String body =
        "{ \"OfferTitle\" : \"Caf\u00e9 \u2615 Offer\",\n  \"UserDetails\": {\"FirstName\":\"Zo\u00eb\"} }";
    HttpResponse<String> response =
        http.send(
            http.request("/v1/leads?code=" + TOKEN)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Request-Id", "pc-req-42")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("X-Request-Id")).hasValue("pc-req-42");
    String id = json(response.body()).path("id").asText();
    assertThat(id).matches(Ids.INGEST_ID);
    assertThat(producer().history()).hasSize(1);
    ProducerRecord<byte[], byte[]> record = producer().history().get(0);
    assertThat(record.topic()).isEqualTo("leads.raw");
    assertThat(new String(record.key(), StandardCharsets.US_ASCII)).isEqualTo(id);
    assertThat(record.value()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    Map<String, String> headers = headers(record);
    assertThat(headers)
        .containsEntry(RawHeaders.INGEST_ID, id)
        .containsEntry(RawHeaders.CHANNEL, "https")
        .containsEntry(RawHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .containsEntry(RawHeaders.REQUEST_ID, "pc-req-42")
        .doesNotContainKey(RawHeaders.DLQ_REASON);
    Instant receivedAt = Instant.parse(headers.get(RawHeaders.RECEIVED_AT));
    assertThat(record.timestamp()).isEqualTo(receivedAt.toEpochMilli());
  }

  @Test
  void answersOnlyAfterTheBrokersAcknowledged() throws Exception {
    start(false);
    CompletableFuture<HttpResponse<String>> answer = http.postLeadAsync(Http.lead(1));
    await().until(() -> producer().history().size() == 1);
    assertThat(answer).isNotDone();

    producer().completeNext();

    assertThat(answer.get().statusCode()).isEqualTo(202);
  }

  @Test
  void answers503WithRetryAfterWhenTheProducerReportsAFailure() throws Exception {
    start(false, "gateway.retry.after.seconds=7");
    CompletableFuture<HttpResponse<String>> answer = http.postLeadAsync(Http.lead(1));
    await().until(() -> producer().history().size() == 1);

    producer().errorNext(new TimeoutException("Expiring 1 record(s): delivery timeout"));

    HttpResponse<String> response = answer.get();
    problem(response, 503, "kafka-unavailable");
    assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
  }

  @Test
  void answers503WithinItsBoundWhenTheProducerNeverDecides() {
    start(false, "gateway.produce.timeout=1s");
    long begin = System.nanoTime();

    HttpResponse<String> response = http.postLead(Http.lead(1));

    problem(response, 503, "kafka-unavailable");
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void acceptsEveryConfiguredTokenInTheQueryOrAsABearerToken() {
    start(true);
    for (String token : List.of(TOKEN, OTHER_TOKEN)) {
      HttpResponse<String> byQuery =
          http.send(
              http.request("/v1/leads?code=" + token)
                  .POST(HttpRequest.BodyPublishers.ofString(Http.lead(1)))
                  .build());
      HttpResponse<String> byHeader =
          http.send(
              http.request("/v1/leads")
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.ofString(Http.lead(2)))
                  .build());
      assertThat(byQuery.statusCode()).isEqualTo(202);
      assertThat(byHeader.statusCode()).isEqualTo(202);
    }
    assertThat(producer().history()).hasSize(4);
  }

  @Test
  void refusesMissingOrWrongTokensWith401ThatDoesNotSayWhichPartWasWrong() {
    start(true);
    List<HttpRequest> attempts =
        List.of(
            http.request("/v1/leads").POST(body()).build(),
            http.request("/v1/leads?code=").POST(body()).build(),
            http.request("/v1/leads?code=" + TOKEN + "x").POST(body()).build(),
            http.request("/v1/leads?code=" + TOKEN.substring(1)).POST(body()).build(),
            http.request("/v1/leads?token=" + TOKEN).POST(body()).build(),
            http.request("/v1/leads")
                .header("Authorization", "Bearer wrong-token-0123456789")
                .POST(body())
                .build(),
            http.request("/v1/leads")
                .header("Authorization", "Basic " + TOKEN)
                .POST(body())
                .build(),
            http.request("/v1/leads").header("Authorization", TOKEN).POST(body()).build());
    Set<String> details = new java.util.HashSet<>();
    for (HttpRequest attempt : attempts) {
      HttpResponse<String> response = http.send(attempt);
      JsonNode problem = problem(response, 401, "unauthorized");
      assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
      details.add(problem.path("title").asText() + "|" + problem.path("detail").asText());
    }
    assertThat(details).hasSize(1);
    assertThat(producer().history()).isEmpty();
  }

  @Test
  void refusesBodiesOverTheLimitWith413WhetherDeclaredOrStreamed() {
    start(true, "gateway.body.limit.bytes=1024");
    String atLimit = "{\"a\":\"" + "x".repeat(1024 - 8) + "\"}";
    assertThat(atLimit).hasSize(1024);
    String over = "{\"a\":\"" + "x".repeat(4000) + "\"}";

    HttpResponse<String> declared = http.postLead(over);
    HttpResponse<String> streamed =
        http.send(
            http.request("/v1/leads?code=" + TOKEN)
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(over.getBytes(StandardCharsets.UTF_8))))
                .build());
    HttpResponse<String> fits = http.postLead(atLimit);

    problem(declared, 413, "body-too-large");
    problem(streamed, 413, "body-too-large");
    assertThat(fits.statusCode()).isEqualTo(202);
    assertThat(producer().history()).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "text/plain|415",
        "application/x-www-form-urlencoded|415",
        "application/problem+json|415",
        "application/json|202",
        "Application/JSON|202",
        "application/json; charset=iso-8859-1|202",
        "application/json;charset=UTF-16|202"
      })
  void acceptsJsonWithAnyCharsetAndRefusesOtherContentTypesWith415(String type, int status) {
    start(true);
    HttpResponse<String> response =
        http.send(
            http.request("/v1/leads?code=" + TOKEN)
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(Http.lead(1)))
                .build());
    if (status == 415) {
      problem(response, 415, "unsupported-media-type");
      assertThat(producer().history()).isEmpty();
    } else {
      assertThat(response.statusCode()).isEqualTo(202);
    }
  }

  @Test
  void acceptsALeadSentWithoutAContentType() {
    start(true);
    HttpResponse<String> response =
        http.send(
            http.request("/v1/leads?code=" + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(Http.lead(1)))
                .build());
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(headers(producer().history().get(0))).containsEntry(RawHeaders.CONTENT_TYPE, "");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|EMPTY_BODY|empty-body",
        "'   '|EMPTY_BODY|empty-body",
        "{\"a\":|MALFORMED_JSON|malformed-json",
        "[{\"a\":1}]|NOT_AN_OBJECT|not-an-object",
        "\"just a string\"|NOT_AN_OBJECT|not-an-object",
        "{\"a\":1} {\"b\":2}|TRAILING_CONTENT|trailing-content"
      })
  void keepsABodyThatIsNotAJsonObjectInTheDeadLetterTopicAndAnswers400WithItsId(
      String body, String reason, String slug) {
    start(true);

    HttpResponse<String> response = http.postLead(body);

    JsonNode problem = problem(response, 400, slug);
    String id = problem.path("id").asText();
    assertThat(id).matches(Ids.INGEST_ID);
    assertThat(producer().history()).hasSize(1);
    ProducerRecord<byte[], byte[]> record = producer().history().get(0);
    assertThat(record.topic()).isEqualTo("leads.dlq");
    assertThat(new String(record.key(), StandardCharsets.US_ASCII)).isEqualTo(id);
    assertThat(record.value()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    Map<String, String> headers = headers(record);
    assertThat(headers)
        .containsEntry(RawHeaders.DLQ_REASON, reason)
        .containsEntry(RawHeaders.DLQ_STAGE, "gateway")
        .containsEntry(RawHeaders.INGEST_ID, id)
        .containsEntry(RawHeaders.CHANNEL, "https")
        .containsKeys(RawHeaders.DLQ_AT, RawHeaders.RECEIVED_AT, RawHeaders.REQUEST_ID);
    assertThat(headers.get(RawHeaders.DLQ_DETAIL)).isNotBlank();
    assertThat(problem.path("detail").asText()).startsWith(headers.get(RawHeaders.DLQ_DETAIL));
  }

  @Test
  void keepsABodyNestedTooDeepInTheDeadLetterTopic() {
    start(true);
    String deep = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
    JsonNode problem = problem(http.postLead(deep), 400, "too-deep");
    assertThat(headers(producer().history().get(0)))
        .containsEntry(RawHeaders.DLQ_REASON, "TOO_DEEP")
        .containsEntry(RawHeaders.INGEST_ID, problem.path("id").asText());
  }

  @Test
  void answers503NotA400WhenTheDeadLetterWriteFails() throws Exception {
    start(false);
    CompletableFuture<HttpResponse<String>> answer = http.postLeadAsync("[not an object]");
    await().until(() -> producer().history().size() == 1);

    producer().errorNext(new TimeoutException("Expiring 1 record(s)"));

    JsonNode problem = problem(answer.get(), 503, "kafka-unavailable");
    assertThat(problem.has("id")).isFalse();
  }

  @Test
  void answers503PastTheInFlightBoundInsteadOfQueueing() throws Exception {
    start(false, "gateway.max.in.flight=2");
    CompletableFuture<HttpResponse<String>> first = http.postLeadAsync(Http.lead(1));
    CompletableFuture<HttpResponse<String>> second = http.postLeadAsync(Http.lead(2));
    await().until(() -> producer().history().size() == 2);

    problem(http.postLead(Http.lead(3)), 503, "overloaded");

    producer().completeNext();
    producer().completeNext();
    assertThat(first.get().statusCode()).isEqualTo(202);
    assertThat(second.get().statusCode()).isEqualTo(202);
    CompletableFuture<HttpResponse<String>> fourth = http.postLeadAsync(Http.lead(4));
    await().until(() -> producer().history().size() == 3);
    producer().completeNext();
    assertThat(fourth.get().statusCode()).isEqualTo(202);
  }

  @Test
  void echoesASaneRequestIdAndReplacesAnyOther() {
    start(true);
    HttpResponse<String> sane =
        http.send(http.request("/healthz").header("X-Request-Id", "abc-123.x:y_z").GET().build());
    HttpResponse<String> insane =
        http.send(http.request("/healthz").header("X-Request-Id", "a b<script>").GET().build());
    HttpResponse<String> tooLong =
        http.send(http.request("/healthz").header("X-Request-Id", "a".repeat(129)).GET().build());
    HttpResponse<String> none = http.get("/healthz");

    assertThat(sane.headers().firstValue("X-Request-Id")).hasValue("abc-123.x:y_z");
    assertThat(insane.headers().firstValue("X-Request-Id").orElseThrow()).startsWith("rq_");
    assertThat(tooLong.headers().firstValue("X-Request-Id").orElseThrow()).startsWith("rq_");
    assertThat(none.headers().firstValue("X-Request-Id").orElseThrow()).matches("rq_[0-9a-z]{26}");
  }

  @Test
  void answersUnknownPathsWith404AndOtherMethodsWith405InTheSameProblemShape() {
    start(true);
    problem(http.get("/v1/leads/extra"), 404, "not-found");
    problem(http.get("/"), 404, "not-found");
    HttpResponse<String> getLeads = http.get("/v1/leads?code=" + TOKEN);
    problem(getLeads, 405, "method-not-allowed");
    assertThat(getLeads.headers().firstValue("Allow")).hasValue("POST");
    HttpResponse<String> postHealth =
        http.send(http.request("/healthz").POST(HttpRequest.BodyPublishers.noBody()).build());
    problem(postHealth, 405, "method-not-allowed");
    assertThat(postHealth.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void servesHealthReadinessMetricsAndTheOpenApiDocument() {
    start(true);
    http.postLead(Http.lead(1));

    assertThat(health(http.get("/healthz"), true)).isEqualTo("alive");
    assertThat(health(http.get("/readyz"), true)).isEqualTo("topic leads.raw has 1 partition(s)");
    readiness.set(Health.down("topic leads.raw does not exist"));
    await()
        .untilAsserted(
            () ->
                assertThat(health(http.get("/readyz"), false))
                    .isEqualTo("topic leads.raw does not exist"));

    HttpResponse<String> metrics = http.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("leadstream_gateway_requests_seconds_count{route=\"leads\",status=\"202\"} 1")
        .contains("leadstream_gateway_produce_seconds_bucket")
        .contains("leadstream_gateway_in_flight")
        .contains("leadstream_gateway_request_body_bytes_count")
        .doesNotContain(TOKEN)
        .doesNotContain("example.com")
        .doesNotContain("Person");

    HttpResponse<String> openApi = http.get("/openapi.json");
    assertThat(openApi.statusCode()).isEqualTo(200);
    assertThat(openApi.body())
        .isEqualTo(new String(Gateway.openApiDocument(), StandardCharsets.UTF_8));
  }

  /**
   * The router is built from {@link Routes} and {@code OpenApiDocumentTest} checks the table
   * against the document; this checks the running gateway: every operation of the document is
   * served (its method on its path is neither 404 nor 405), and a path the document does not have
   * is 404.
   */
  @Test
  void servesEveryOperationOfTheOpenApiDocumentAndNothingElse() {
    start(true);
    JsonNode paths =
        json(new String(Gateway.openApiDocument(), StandardCharsets.UTF_8)).path("paths");
    List<String> served = new ArrayList<>();
    paths
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> {
                          HttpResponse<String> response =
                              http.send(
                                  http.request(path.getKey())
                                      .method(
                                          method.toUpperCase(java.util.Locale.ROOT),
                                          HttpRequest.BodyPublishers.noBody())
                                      .build());
                          assertThat(response.statusCode())
                              .as(method + " " + path.getKey())
                              .isNotIn(404, 405);
                          served.add(method + " " + path.getKey());
                        }));
    assertThat(served).hasSameSizeAs(Routes.ALL);
    problem(http.get("/v1/leads:batch/more"), 404, "not-found");
    problem(http.get("/v1/lead"), 404, "not-found");
    problem(http.get("/v1/leads/"), 404, "not-found");
  }

  @Test
  void servesHealthAndMetricsOnlyOnTheManagementPortWhenOneIsSet() {
    start(true, "gateway.management.port=0");
    Http management = new Http(java.net.URI.create("http://127.0.0.1:" + gateway.managementPort()));
    assertThat(gateway.managementPort()).isNotEqualTo(gateway.port());

    assertThat(management.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(management.get("/metrics").statusCode()).isEqualTo(200);
    problem(http.get("/metrics"), 404, "not-found");
    problem(http.get("/healthz"), 404, "not-found");
    assertThat(http.postLead(Http.lead(1)).statusCode()).isEqualTo(202);
    problem(
        management.send(
            management
                .request("/v1/leads?code=" + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(Http.lead(2)))
                .build()),
        404,
        "not-found");
  }

  @Test
  void honoursExpect100Continue() {
    start(true);
    HttpResponse<String> response =
        http.send(
            http.request("/v1/leads?code=" + TOKEN)
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString(Http.lead(1)))
                .build());
    assertThat(response.statusCode()).isEqualTo(202);
  }

  @Test
  void replacesAProducerThatFailedFatallyAndAcceptsLeadsAgain() {
    start(true);
    // The producer made at start is broken for good; the gateway must make a new one.
    producer().sendException = new KafkaException("the producer is in a fatal state");

    problem(http.postLead(Http.lead(1)), 503, "kafka-unavailable");

    await().until(() -> producers.size() == 2);
    assertThat(http.postLead(Http.lead(2)).statusCode()).isEqualTo(202);
    assertThat(producers.get(0).closed()).isTrue();
    assertThat(producers.get(1).history()).hasSize(1);
  }

  @Test
  void finishesTheLeadsInFlightBeforeCloseReturnsAndAcceptsNoNewConnections() throws Exception {
    start(false, "gateway.produce.timeout=20s");
    CompletableFuture<HttpResponse<String>> inFlight = http.postLeadAsync(Http.lead(1));
    await().until(() -> producer().history().size() == 1);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close);
    Http fresh = new Http(gateway.url(), HttpClient.newHttpClient());
    await()
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> fresh.get("/healthz"))
                    .hasCauseInstanceOf(ConnectException.class));
    assertThat(closing).isNotDone();
    assertThat(inFlight).isNotDone();

    producer().completeNext();

    assertThat(inFlight.get().statusCode()).isEqualTo(202);
    closing.get();
    assertThat(producer().closed()).isTrue();
  }

  @Test
  void acceptsOneActivityWith202OnlyOnceItsNormalizedJsonIsAcknowledgedOnTheActivityTopic()
      throws Exception {
    start(false);
    Instant before = Instant.now();
    CompletableFuture<HttpResponse<String>> answer =
        CompletableFuture.supplyAsync(
            () ->
                http.postActivity(
                    "application/json", Http.activity("CONTACTED", ",\"by\":\"owner-7\"")));
    await().until(() -> producer().history().size() == 1);
    assertThat(answer).isNotDone();

    producer().completeNext();

    HttpResponse<String> response = answer.get();
    assertThat(response.statusCode()).isEqualTo(202);
    String id = json(response.body()).path("id").asText();
    assertThat(id).matches(Ids.INGEST_ID);
    ProducerRecord<byte[], byte[]> record = producer().history().get(0);
    assertThat(record.topic()).isEqualTo("leads.activity");
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(LEAD_ID);
    JsonNode value = json(new String(record.value(), StandardCharsets.UTF_8));
    assertThat(value.path("schemaVersion").asInt()).isEqualTo(1);
    assertThat(value.path("leadId").asText()).isEqualTo(LEAD_ID);
    assertThat(value.path("type").asText()).isEqualTo("CONTACTED");
    assertThat(value.path("by").asText()).isEqualTo("owner-7");
    Instant at = Instant.parse(value.path("at").asText());
    assertThat(at).isBetween(before, Instant.now());
    assertThat(record.timestamp()).isEqualTo(at.toEpochMilli());
    assertThat(headers(record)).containsEntry(RawHeaders.INGEST_ID, id);
  }

  @Test
  void keepsTheTimeAnActivityGivesAndAcceptsEveryActivityTokenInTheQueryOrAsABearerToken() {
    start(true);
    String body = Http.activity("MEETING_BOOKED", ",\"at\":\"2026-11-30T09:30:00+01:00\"");
    for (String token : List.of(ACTIVITY_TOKEN, OTHER_ACTIVITY_TOKEN)) {
      HttpResponse<String> byQuery =
          http.send(
              http.request("/v1/activity?code=" + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build());
      HttpResponse<String> byHeader =
          http.send(
              http.request("/v1/activity")
                  .header("Content-Type", "application/json; charset=utf-8")
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build());
      assertThat(byQuery.statusCode()).as(byQuery.body()).isEqualTo(202);
      assertThat(byHeader.statusCode()).as(byHeader.body()).isEqualTo(202);
    }
    assertThat(producer().history()).hasSize(4);
    assertThat(
            json(new String(producer().history().get(0).value(), StandardCharsets.UTF_8))
                .path("at")
                .asText())
        .isEqualTo("2026-11-30T08:30:00Z");
  }

  @Test
  void leadTokensCannotWriteActivityAndActivityTokensCannotPostLeads() {
    start(true);
    for (String token : List.of(TOKEN, OTHER_TOKEN)) {
      HttpResponse<String> response =
          http.send(
              http.request("/v1/activity")
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.ofString(Http.activity("CONTACTED", "")))
                  .build());
      problem(response, 401, "unauthorized");
      problem(
          http.send(
              http.request("/v1/activity?code=" + token)
                  .header("Content-Type", "application/x-ndjson")
                  .POST(HttpRequest.BodyPublishers.ofString(Http.activity("CONTACTED", "")))
                  .build()),
          401,
          "unauthorized");
    }
    for (String token : List.of(ACTIVITY_TOKEN, OTHER_ACTIVITY_TOKEN)) {
      problem(
          http.send(
              http.request("/v1/leads?code=" + token)
                  .header("Content-Type", "application/json")
                  .POST(body())
                  .build()),
          401,
          "unauthorized");
      problem(
          http.send(
              http.request("/v1/leads:batch")
                  .header("Content-Type", "application/x-ndjson")
                  .header("Authorization", "Bearer " + token)
                  .POST(body())
                  .build()),
          401,
          "unauthorized");
    }
    assertThat(producer().history()).isEmpty();
  }

  @Test
  void answersActivityWith401ToEveryoneWhenNoActivityTokenIsConfigured() {
    start(true, "gateway.activity.tokens=");
    for (String token : List.of(TOKEN, ACTIVITY_TOKEN, "")) {
      problem(
          http.send(
              http.request("/v1/activity?code=" + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(Http.activity("CONTACTED", "")))
                  .build()),
          401,
          "unauthorized");
    }
    assertThat(http.postLead(Http.lead(1)).statusCode()).isEqualTo(202);
    assertThat(producer().history()).hasSize(1);
  }

  @Test
  void refusesToStartWhenAnActivityTokenIsAlsoALeadToken() {
    assertThatThrownBy(() -> start(true, "gateway.activity.tokens=" + ACTIVITY_TOKEN + "," + TOKEN))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageContaining("gateway.activity.tokens")
        .hasMessageNotContaining(TOKEN);
    assertThatThrownBy(() -> start(true, "gateway.activity.tokens=Xq9tiny"))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageContaining("gateway.activity.tokens")
        .hasMessageNotContaining("Xq9tiny");
  }

  /** Each bad value holds the marker Xq9Secret, which must never come back in the answer. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"leadId\":\"ld_abcdefghijklmnopqrstuvwxyz234567\",\"type\":\"CALLED_Xq9Secret\"}|type",
        "{\"leadId\":\"ld_Xq9Secret\",\"type\":\"CONTACTED\"}|leadId",
        "{\"leadId\":\"ld_abcdefghijklmnopqrstuvwxyz234567\",\"type\":\"WON\",\"at\":\"Xq9Secret\"}|at",
        "{\"leadId\":\"ld_abcdefghijklmnopqrstuvwxyz234567\",\"type\":\"WON\",\"at\":\"2026-12-01T10:00:00\"}|at",
        "{\"type\":\"CONTACTED\",\"by\":\"Xq9Secret\"}|leadId",
        "{\"leadId\":\"ld_abcdefghijklmnopqrstuvwxyz234567\"}|type",
        "{\"leadId\":\"ld_abcdefghijklmnopqrstuvwxyz234567\",\"type\":\"ASSIGNED\"}|owner",
        "{\"leadId\":\"ld_abcdefghijklmnopqrstuvwxyz234567\",\"type\":\"WON\",\"note\":\"Xq9Secret\"}|note",
        "{\"leadId\":\"ld_abcdefghijklmnopqrstuvwxyz234567\",\"type\":\"WON\",\"Xq9 Secret\":1}|",
        "{\"leadId\":\"ld_abcdefghijklmnopqrstuvwxyz234567\",\"type\":\"WON\"|",
        "[\"Xq9Secret\"]|",
      })
  void refusesABadActivityWith400NamingTheFieldWithoutEchoingAValueAndWritesNothing(
      String body, String field) {
    start(true);

    JsonNode problem =
        problem(http.postActivity("application/json", body), 400, "invalid-activity");

    if (field == null) {
      assertThat(problem.has("field")).isFalse();
    } else {
      assertThat(problem.path("field").asText()).isEqualTo(field);
      assertThat(problem.path("detail").asText()).startsWith(field + ":");
    }
    assertThat(problem.toString()).doesNotContain("Xq9Secret");
    assertThat(producer().history()).isEmpty();
  }

  @Test
  void refusesActivityOfAnotherContentTypeWith415AndOverTheLimitWith413() {
    start(true, "gateway.body.limit.bytes=1024", "gateway.batch.body.limit.bytes=4096");
    String one = Http.activity("CONTACTED", "");
    problem(http.postActivity("text/plain", one), 415, "unsupported-media-type");
    problem(
        http.send(
            http.request("/v1/activity?code=" + ACTIVITY_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(one))
                .build()),
        415,
        "unsupported-media-type");
    String padded = Http.activity("CONTACTED", ",\"by\":\"" + "x".repeat(1100) + "\"");
    problem(http.postActivity("application/json", padded), 413, "body-too-large");
    // The same bytes as NDJSON are within the batch limit (and refused only for the long "by").
    problem(
        http.postActivity("application/x-ndjson", (one + "\n").repeat(100)), 413, "body-too-large");
    assertThat(producer().history()).isEmpty();
    assertThat(http.postActivity("application/x-ndjson", padded).statusCode()).isEqualTo(200);
  }

  @Test
  void answersNdjsonActivityWith200AndOneResultPerLineWritingOnlyTheGoodLines() {
    start(true);
    String body =
        Http.activity("CONTACTED", "")
            + "\n"
            + Http.activity("TEXTED", "")
            + "\r\n\n"
            + Http.activity("ASSIGNED", ",\"owner\":\"owner-2\",\"at\":\"2026-12-01T08:00:00Z\"")
            + "\n{broken\n";

    HttpResponse<String> response = http.postActivity("application/x-ndjson", body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode summary = json(response.body());
    assertThat(summary.path("accepted").asInt()).isEqualTo(2);
    assertThat(summary.path("rejected").asInt()).isEqualTo(2);
    JsonNode results = summary.path("results");
    assertThat(results).hasSize(4);
    assertThat(results.get(0).path("line").asInt()).isEqualTo(1);
    assertThat(results.get(0).path("id").asText()).matches(Ids.INGEST_ID);
    assertThat(results.get(1).path("line").asInt()).isEqualTo(2);
    assertThat(results.get(1).path("status").asInt()).isEqualTo(400);
    assertThat(results.get(1).path("field").asText()).isEqualTo("type");
    assertThat(results.get(1).path("detail").asText()).doesNotContain("TEXTED");
    assertThat(results.get(1).has("id")).isFalse();
    assertThat(results.get(2).path("line").asInt()).isEqualTo(4);
    assertThat(results.get(2).path("id").asText()).matches(Ids.INGEST_ID);
    assertThat(results.get(3).path("line").asInt()).isEqualTo(5);
    assertThat(results.get(3).path("type").asText())
        .isEqualTo(Problem.TYPE_PREFIX + "invalid-activity");
    assertThat(producer().history()).hasSize(2);
    assertThat(producer().history())
        .allSatisfy(r -> assertThat(r.topic()).isEqualTo("leads.activity"));
    assertThat(headers(producer().history().get(1)))
        .containsEntry(RawHeaders.INGEST_ID, results.get(2).path("id").asText());
    JsonNode assigned =
        json(new String(producer().history().get(1).value(), StandardCharsets.UTF_8));
    assertThat(assigned.path("owner").asText()).isEqualTo("owner-2");
    assertThat(assigned.path("at").asText()).isEqualTo("2026-12-01T08:00:00Z");
    problem(http.postActivity("application/x-ndjson", "\n  \n"), 400, "empty-body");
  }

  @Test
  void answersActivityWith503AndRetryAfterWhenAnyGoodLineIsNotAcknowledged() throws Exception {
    start(false, "gateway.retry.after.seconds=7");
    String two = Http.activity("CONTACTED", "") + "\n" + Http.activity("WON", "") + "\n";
    CompletableFuture<HttpResponse<String>> batch =
        CompletableFuture.supplyAsync(() -> http.postActivity("application/x-ndjson", two));
    await().until(() -> producer().history().size() == 2);
    producer().completeNext();
    producer().errorNext(new TimeoutException("Expiring 1 record(s): delivery timeout"));
    HttpResponse<String> response = batch.get();
    problem(response, 503, "kafka-unavailable");
    assertThat(response.headers().firstValue("Retry-After")).hasValue("7");

    CompletableFuture<HttpResponse<String>> single =
        CompletableFuture.supplyAsync(
            () -> http.postActivity("application/json", Http.activity("WON", "")));
    await().until(() -> producer().history().size() == 3);
    producer().errorNext(new TimeoutException("Expiring 1 record(s): delivery timeout"));
    problem(single.get(), 503, "kafka-unavailable");
  }

  @Test
  void givesBackEveryActivitySlotOnceAnsweredAndAnswers503PastTheBound() throws Exception {
    start(false, "gateway.max.in.flight=1", "gateway.batch.max.in.flight=1");
    String good = Http.activity("CONTACTED", "");
    problem(http.postActivity("application/json", "{}"), 400, "invalid-activity");
    problem(http.postActivity("application/x-ndjson", "\n"), 400, "empty-body");
    assertThat(http.postActivity("application/x-ndjson", "{}\n").statusCode()).isEqualTo(200);
    for (String type : List.of("application/json", "application/x-ndjson")) {
      CompletableFuture<HttpResponse<String>> held =
          CompletableFuture.supplyAsync(() -> http.postActivity(type, good));
      await().until(() -> producer().history().size() == 1);
      problem(http.postActivity(type, good), 503, "overloaded");
      producer().completeNext();
      assertThat(held.get().statusCode()).isIn(200, 202);
      producer().clear();
    }
    await()
        .until(
            () -> gateway.meterRegistry().get("leadstream.gateway.in.flight").gauge().value() == 0);
  }

  @Test
  void answersActivityWith503WhileShuttingDown() {
    start(true);
    gateway.drain();
    problem(
        http.postActivity("application/json", Http.activity("CONTACTED", "")),
        503,
        "shutting-down");
    assertThat(producer().history()).isEmpty();
  }

  @Test
  void writesOneAccessLineWithoutBodyQueryOrToken() {
    String line = AccessLog.line("rq_1", "POST", "leads", 202, 1_500_000, 321, "in_0abc", "acked");
    assertThat(line)
        .isEqualTo(
            "request_id=rq_1 method=POST route=leads status=202 latency_ms=1.500 body_bytes=321"
                + " ingest_id=in_0abc outcome=acked");
    assertThat(AccessLog.line("rq_2", "GET", "healthz", 200, 0, 0, null, null))
        .isEqualTo(
            "request_id=rq_2 method=GET route=healthz status=200 latency_ms=0.000 body_bytes=0");
    assertThat(AccessLog.line("r", "GET", "x", 200, 1_234_567, 0, null, null))
        .contains(" latency_ms=1.235 ");
    assertThat(AccessLog.line("r", "GET", "x", 200, 12_000_040_000L, 0, null, null))
        .contains(" latency_ms=12000.040 ");
  }

  private static HttpRequest.BodyPublisher body() {
    return HttpRequest.BodyPublishers.ofString(Http.lead(1));
  }

  private static Map<String, String> headers(ProducerRecord<byte[], byte[]> record) {
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      assertThat(headers).doesNotContainKey(header.key());
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }
}
