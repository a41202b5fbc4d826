package io.leadstream.gateway;

import static io.leadstream.gateway.Http.ACTIVITY_TOKEN;
import static io.leadstream.gateway.Http.LEAD_ID;
import static io.leadstream.gateway.Http.TOKEN;
import static io.leadstream.gateway.ProblemAssert.json;
import static io.leadstream.gateway.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadstream.schemas.ActivityType;
import io.leadstream.schemas.LeadActivity;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/activity} on a real broker: what a 202 (or a line's id in a 200) promises is on
 * {@code leads.activity}, keyed by the leadId, as normalized LeadActivity JSON; what was refused is
 * not there.
 */
@KafkaCluster
class ActivityIT {

  private static final String OTHER_LEAD = "ld_234567abcdefghijklmnopqrstuvwxyz";
  private static final String REFUSED_LEAD = "ld_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";

  private final GatewayFixture fixture = new GatewayFixture("activity-it-");
  private final String activity = "activity-" + UUID.randomUUID();
  private final Deserializer<LeadActivity> reader = LeadSerdes.leadActivity().deserializer();

  private Http start(RealKafka kafka, String... settings) {
    fixture.createTopics(kafka);
    Topics.create(kafka, activity, 3);
    List<String> all =
        new java.util.ArrayList<>(
            List.of("topics.activity=" + activity, "gateway.activity.tokens=" + ACTIVITY_TOKEN));
    all.addAll(List.of(settings));
    return new Http(fixture.start(kafka, all.toArray(String[]::new)).url());
  }

  @AfterEach
  void closeGateways() {
    fixture.close();
  }

  @Test
  void acknowledgesOneActivityOnlyOnceItIsOnTheActivityTopicKeyedByItsLead(RealKafka kafka) {
    Http http = start(kafka);
    Instant before = Instant.now();

    HttpResponse<String> response =
        http.postActivity("application/json", Http.activity("CONTACTED", ",\"by\":\"owner-7\""));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    String id = json(response.body()).path("id").asText();
    List<ConsumerRecord<byte[], byte[]>> records = Topics.readAll(kafka, activity);
    assertThat(records).hasSize(1);
    ConsumerRecord<byte[], byte[]> record = records.get(0);
    assertThat(Topics.key(record)).isEqualTo(LEAD_ID);
    LeadActivity written = reader.deserialize(activity, record.value());
    assertThat(written.at()).isBetween(before, Instant.now());
    assertThat(written)
        .isEqualTo(LeadActivity.of(LEAD_ID, ActivityType.CONTACTED, written.at(), "owner-7", null));
    assertThat(Topics.headers(record)).containsEntry(RawHeaders.INGEST_ID, id);
    assertThat(Topics.readAll(kafka, fixture.raw)).isEmpty();
    assertThat(Topics.readAll(kafka, fixture.dlq)).isEmpty();
  }

  @Test
  void writesEveryGoodNdjsonLineInOrderPerLeadAndNoRefusedOne(RealKafka kafka) {
    Http http = start(kafka);
    String body =
        Http.activity("CONTACTED", ",\"at\":\"2026-12-01T08:00:00Z\"")
            + "\n"
            + "{\"leadId\":\""
            + REFUSED_LEAD
            + "\",\"type\":\"CALLED\"}\n"
            + "{\"leadId\":\""
            + OTHER_LEAD
            + "\",\"type\":\"NURTURE_TOUCH\",\"at\":\"2026-12-01T08:01:00Z\"}\n"
            + Http.activity("WON", ",\"at\":\"2026-12-01T08:02:00Z\"")
            + "\n";

    HttpResponse<String> response = http.postActivity("application/x-ndjson", body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode summary = json(response.body());
    assertThat(summary.path("accepted").asInt()).isEqualTo(3);
    assertThat(summary.path("rejected").asInt()).isEqualTo(1);
    assertThat(summary.path("results").get(1).path("field").asText()).isEqualTo("type");
    List<ConsumerRecord<byte[], byte[]>> records = Topics.readAll(kafka, activity);
    assertThat(records).extracting(Topics::key).doesNotContain(REFUSED_LEAD).hasSize(3);
    List<ConsumerRecord<byte[], byte[]>> ofLead =
        records.stream().filter(r -> Topics.key(r).equals(LEAD_ID)).toList();
    assertThat(ofLead)
        .extracting(ConsumerRecord::partition)
        .containsOnly(ofLead.get(0).partition());
    assertThat(ofLead)
        .extracting(r -> reader.deserialize(activity, r.value()))
        .containsExactly(
            LeadActivity.of(
                LEAD_ID, ActivityType.CONTACTED, Instant.parse("2026-12-01T08:00:00Z"), null, null),
            LeadActivity.of(
                LEAD_ID, ActivityType.WON, Instant.parse("2026-12-01T08:02:00Z"), null, null));
    assertThat(ofLead)
        .extracting(r -> Topics.headers(r).get(RawHeaders.INGEST_ID))
        .containsExactly(
            summary.path("results").get(0).path("id").asText(),
            summary.path("results").get(3).path("id").asText());
  }

  @Test
  void keepsLeadAndActivityTokensApartAndWritesNothingForEitherMistake(RealKafka kafka) {
    Http http = start(kafka);

    problem(
        http.send(
            http.request("/v1/activity?code=" + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.activity("CONTACTED", "")))
                .build()),
        401,
        "unauthorized");
    problem(
        http.send(
            http.request("/v1/leads")
                .header("Authorization", "Bearer " + ACTIVITY_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.lead(1)))
                .build()),
        401,
        "unauthorized");
    problem(
        http.postActivity("application/json", "{\"leadId\":\"" + LEAD_ID + "\"}"),
        400,
        "invalid-activity");

    assertThat(Topics.readAll(kafka, activity)).isEmpty();
    assertThat(Topics.readAll(kafka, fixture.raw)).isEmpty();
    assertThat(Topics.readAll(kafka, fixture.dlq)).isEmpty();
  }

  @Test
  void answers408ToAnActivityWhoseBodyStallsAndKeepsNothing(RealKafka kafka) throws IOException {
    Http http = start(kafka, "gateway.request.timeout=1s");
    byte[] body = Http.activity("CONTACTED", "").getBytes(StandardCharsets.UTF_8);
    URI url = http.base();
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/activity?code="
                  + ACTIVITY_TOKEN
                  + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, body.length / 2);
      out.flush();
      // The gateway answers and closes the connection; readAllBytes returns then.
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 408");
      assertThat(answer).contains("urn:leadstream:problem:request-timeout");
    }
    assertThat(Topics.readAll(kafka, activity)).isEmpty();
  }
}
