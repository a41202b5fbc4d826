package io.leadstream.gateway;

import static io.leadstream.gateway.Http.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadstream.imports.ImportIds;
import io.leadstream.schemas.IngestIds;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/leads:batch} on a real broker: good lines are on {@code leads.raw} as imports
 * (channel, creation time, deterministic ids) before the 200, bad lines are listed and not written,
 * and the endpoint takes the same tokens as {@code /v1/leads}.
 */
@KafkaCluster
class BatchIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "batch-it-secret-0123456789";

  private final GatewayFixture fixture =
      new GatewayFixture(
          null,
          "gateway.tokens=" + TOKEN + "," + Http.OTHER_TOKEN,
          ImportIds.SECRET_KEY + "=" + SECRET);
  private final String raw = fixture.raw;
  private final String dlq = fixture.dlq;

  private Http start(RealKafka kafka, String... settings) {
    fixture.createTopics(kafka);
    return new Http(fixture.start(kafka, settings).url());
  }

  @AfterEach
  void closeGateways() {
    fixture.close();
  }

  private static HttpResponse<String> postBatch(Http http, String query, String type, String body) {
    HttpRequest.Builder request =
        http.request("/v1/leads:batch" + query)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .header("X-Request-Id", "batch-it-1");
    if (type != null) {
      request.header("Content-Type", type);
    }
    return http.send(request.build());
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void writesTheGoodLinesAsImportsBeforeAnswering200WithAResultPerLine(RealKafka kafka) {
    Http http = start(kafka);
    String dated =
        "{\"UserDetails\":{\"Email\":\"ana@contoso.example.com\"},\"ActionCode\":\"PLT\","
            + "\"CreatedTime\":\"2026-11-02T09:30:00Z\"}";
    String undated = Http.lead(1);
    String batch =
        dated
            + "\n"
            + "{\"UserDetails\":{\"Email\":\"bo@contoso.example.com\"} \"ActionCode\":\"INS\"}\n"
            + "\n"
            + undated
            + "\n"
            + "{\"UserDetails\":{},\"createdtime\":\"next tuesday\"}\n";
    Instant before = Instant.now();

    HttpResponse<String> response =
        postBatch(http, "?code=" + TOKEN, "application/x-ndjson; charset=utf-8", batch);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = json(response.body());
    assertThat(answer.path("requestId").asText()).isEqualTo("batch-it-1");
    assertThat(answer.path("lines").asInt()).isEqualTo(4);
    assertThat(answer.path("accepted").asInt()).isEqualTo(2);
    assertThat(answer.path("rejected").asInt()).isEqualTo(2);
    JsonNode results = answer.path("results");
    assertThat(results).hasSize(4);
    assertThat(results.get(0).path("line").asInt()).isEqualTo(1);
    assertThat(results.get(1).path("line").asInt()).isEqualTo(2);
    assertThat(results.get(1).path("problem").asText()).startsWith("malformed-json");
    assertThat(results.get(1).has("id")).isFalse();
    assertThat(results.get(2).path("line").asInt()).isEqualTo(4);
    assertThat(results.get(3).path("line").asInt()).isEqualTo(5);
    assertThat(results.get(3).path("property").asText()).isEqualTo("createdtime");
    assertThat(response.body()).doesNotContain("bo@contoso", "next tuesday");

    // Already on the topic when the 200 came: exactly the good lines, byte for byte.
    List<ConsumerRecord<byte[], byte[]>> records = Topics.readAll(kafka, raw);
    assertThat(records).hasSize(2);
    Map<String, ConsumerRecord<byte[], byte[]>> byId = new HashMap<>();
    records.forEach(r -> byId.put(Topics.key(r), r));
    String datedId = results.get(0).path("id").asText();
    String undatedId = results.get(2).path("id").asText();
    assertThat(byId).containsOnlyKeys(datedId, undatedId);
    assertThat(datedId).matches(IngestIds.INGEST_ID);
    // The same id the importer would write for this line (one secret, one record builder).
    assertThat(datedId)
        .isEqualTo(
            new ImportIds(SECRET)
                .ingestId(
                    dated.getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-02T09:30:00Z")));
    ConsumerRecord<byte[], byte[]> first = byId.get(datedId);
    assertThat(first.value()).isEqualTo(dated.getBytes(StandardCharsets.UTF_8));
    Map<String, String> headers = Topics.headers(first);
    assertThat(headers)
        .containsEntry(RawHeaders.INGEST_ID, datedId)
        .containsEntry(RawHeaders.CHANNEL, RawHeaders.CHANNEL_IMPORT)
        .containsEntry(RawHeaders.CONTENT_TYPE, "application/json")
        .containsEntry(RawHeaders.REQUEST_ID, "batch-it-1")
        .containsEntry(RawHeaders.CREATED_AT, "2026-11-02T09:30:00Z");
    Instant received = Instant.parse(headers.get(RawHeaders.RECEIVED_AT));
    assertThat(received).isBetween(before, Instant.now());
    assertThat(first.timestamp()).isEqualTo(received.toEpochMilli());
    // A line without CreatedTime is dated by its receipt.
    assertThat(Topics.headers(byId.get(undatedId)).get(RawHeaders.CREATED_AT))
        .isEqualTo(received.toString());
    assertThat(Topics.readAll(kafka, dlq)).isEmpty();
  }

  @Test
  void givesTheSameIdsWhenTheSameBatchIsSentAgain(RealKafka kafka) {
    Http http = start(kafka);
    String batch =
        "{\"UserDetails\":{\"Email\":\"ana@contoso.example.com\"},\"CreatedTime\":\"2026-11-02T09:30:00Z\"}\n";

    String first =
        json(postBatch(http, "?code=" + TOKEN, "application/x-ndjson", batch).body())
            .path("results")
            .get(0)
            .path("id")
            .asText();
    String second =
        json(postBatch(http, "?code=" + TOKEN, "application/x-ndjson", batch).body())
            .path("results")
            .get(0)
            .path("id")
            .asText();

    assertThat(second).isEqualTo(first);
  }

  @Test
  void takesTheSameTokensAsTheLeadEndpointAndWritesNothingWithout(RealKafka kafka) {
    Http http = start(kafka);
    String batch = Http.lead(1) + "\n";

    assertThat(postBatch(http, "", "application/x-ndjson", batch).statusCode()).isEqualTo(401);
    assertThat(postBatch(http, "?code=wrong-token-0123456789", "application/x-ndjson", batch))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(401);
    HttpResponse<String> bearer =
        http.send(
            http.request("/v1/leads:batch")
                .header("Authorization", "Bearer " + Http.OTHER_TOKEN)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(batch))
                .build());
    assertThat(bearer.statusCode()).isEqualTo(200);
    assertThat(Topics.readAll(kafka, raw)).hasSize(1);
  }

  @Test
  void refusesOtherContentTypesAnUnreadableBatchAndOneOverItsOwnLimit(RealKafka kafka) {
    Http http = start(kafka, "gateway.batch.body.limit.bytes=1000");
    String q = "?code=" + TOKEN;

    assertThat(postBatch(http, q, "application/json", Http.lead(1)).statusCode()).isEqualTo(415);
    assertThat(postBatch(http, q, null, Http.lead(1)).statusCode()).isEqualTo(415);
    HttpResponse<String> empty = postBatch(http, q, "application/x-ndjson", "");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(json(empty.body()).path("detail").asText()).isEqualTo("the batch is empty");
    String big = (Http.lead(1) + "\n").repeat(10);
    HttpResponse<String> tooLarge = postBatch(http, q, "application/x-ndjson", big);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    // The single-lead endpoint keeps its own, smaller limit.
    assertThat(http.postLead(Http.lead(2)).statusCode()).isEqualTo(202);
    assertThat(Topics.readAll(kafka, raw)).hasSize(1);
  }

  @Test
  void answers503WithRetryAfterWhenKafkaCannotTakeTheBatch(RealKafka kafka) {
    // A topic that does not exist: the producer cannot get its metadata within the bound.
    Http http =
        start(kafka, "topics.raw=missing-" + UUID.randomUUID(), "gateway.produce.timeout=1s");

    HttpResponse<String> response =
        postBatch(http, "?code=" + TOKEN, "application/x-ndjson", Http.lead(1) + "\n");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    assertThat(json(response.body()).path("detail").asText())
        .contains("send the whole batch again");
  }

  @Test
  void answers408ToABatchWhoseBodyStallsAndKeepsNothing(RealKafka kafka) throws IOException {
    Http http = start(kafka, "gateway.request.timeout=1s");
    byte[] body = (Http.lead(1) + "\n" + Http.lead(2) + "\n").getBytes(StandardCharsets.UTF_8);
    URI url = http.base();
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/leads:batch?code="
                  + TOKEN
                  + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, body.length / 2);
      out.flush();
      // The gateway answers and closes the connection; readAllBytes returns then.
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 408");
      assertThat(answer).contains("application/problem+json");
    }
    assertThat(Topics.readAll(kafka, raw)).isEmpty();
  }
}
