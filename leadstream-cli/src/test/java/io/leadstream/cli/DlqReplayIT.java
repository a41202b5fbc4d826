package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadstream.schemas.DeadLetterReason;
import io.leadstream.schemas.DeadLetterStage;
import io.leadstream.schemas.DeadLetters;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadJson;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.TopicNames;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./leadstream dlq list|replay} on the local stack (a real broker process, the real
 * processor and gateway): bad leads land in the dead-letter topic from both stages; unrepaired
 * replay skips them; repaired ones reach their output topic once; replaying again changes nothing.
 */
class DlqReplayIT {

  private static final String TOKEN = "dlq-it-token-0123456789abcdef";
  private static final String LEAD =
      "{\"UserDetails\":{\"FirstName\":\"Dana\",\"Email\":\"dana.replay@fabrikam.example.com\","
          + "\"Country\":\"US\",\"Company\":\"Fabrikam\"},\"ActionCode\":\"INS\","
          + "\"LeadSource\":\"AzureMarketplace-INS|fabrikam.replay-OFFER\",\"OfferTitle\":\"Replay\"}";
  private static final String OTHER =
      LEAD.replace("dana.replay@", "lee.replay@").replace("Dana", "Lee");

  private final TopicNames topics = TopicNames.defaults();

  @Test
  void replaysRepairedDeadLettersOnceToTheirOutputsAndSkipsTheRestAndTheAlreadyReplayed(
      @TempDir Path home) throws Exception {
    try (LocalStack stack = StackFixture.start(home, TOKEN)) {
      String bootstrap = stack.bootstrapServers();
      // Gateway stage: broken JSON (a missing comma) and an array holding the lead.
      String broken = post(stack, LEAD.replace("\"Country\":\"US\",", "\"Country\":\"US\" "), 400);
      String array = post(stack, "[" + OTHER + "]", 400);
      // Processor stage: a raw record that is not JSON, as an import might write it.
      String imported = "in_" + UUID.randomUUID().toString().replace("-", "").substring(0, 26);
      writeRaw(bootstrap, imported, LEAD.substring(0, 40));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> StackFixture.readAll(bootstrap, topics.dlq()).size() == 3);
      // An UNPROCESSABLE dead letter whose body happens to read as a lead: --all leaves it alone.
      String unprocessable = "in_" + UUID.randomUUID().toString().replace("-", "").substring(0, 26);
      writeUnprocessable(bootstrap, unprocessable, LEAD);

      String list = run("dlq", "list", "--bootstrap-servers", bootstrap);
      assertThat(list)
          .contains(broken + " ", array + " ", imported + " ")
          .contains("MALFORMED_JSON", "NOT_AN_OBJECT", "gateway", "processor")
          .contains("4 dead letter(s) in leads.dlq")
          .doesNotContain("dana.replay", "Fabrikam", "replayed\n");

      // Unrepaired, none of them is a lead: nothing is replayed, and the summary says why.
      String unrepaired = run("dlq", "replay", "--all", "--bootstrap-servers", bootstrap);
      assertThat(unrepaired)
          .contains("replayed 0 dead letter(s) to leads.raw")
          .contains("3 still not a lead")
          .contains(broken + " (MALFORMED_JSON)")
          .contains("1 not selected");
      assertThat(replayedOnRaw(bootstrap)).isEmpty();

      // Repair two of them; replay those.
      Path repairs = home.resolve("repaired.ndjson");
      Files.writeString(
          repairs,
          "{\"id\":\""
              + broken
              + "\",\"body\":"
              + LEAD
              + "}\n{\"id\":\""
              + imported
              + "\",\"body\":"
              + OTHER
              + "}\n");
      String first =
          run("dlq", "replay", "--repaired", repairs.toString(), "--bootstrap-servers", bootstrap);
      assertThat(first)
          .contains("replayed 2 dead letter(s) to leads.raw")
          .contains("2 not selected");
      List<ConsumerRecord<String, byte[]>> marked = replayedOnRaw(bootstrap);
      assertThat(marked)
          .extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrder(broken, imported);
      for (ConsumerRecord<String, byte[]> r : marked) {
        assertThat(RawHeaders.read(r.headers(), RawHeaders.INGEST_ID)).isEqualTo(r.key());
        assertThat(RawHeaders.read(r.headers(), DlqCommand.REPAIRED)).isEqualTo("true");
        assertThat(RawHeaders.read(r.headers(), RawHeaders.DLQ_REASON)).isNull();
      }

      Map<String, List<String>> outputs = new HashMap<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                outputs.clear();
                outputs.putAll(outputsByIngestId(bootstrap));
                return outputs.containsKey(broken) && outputs.containsKey(imported);
              });

      // Replay again, every way: nothing new is written, so nothing new can come out.
      String again =
          run("dlq", "replay", "--repaired", repairs.toString(), "--bootstrap-servers", bootstrap);
      assertThat(again)
          .contains("replayed 0 dead letter(s)")
          .contains("skipped 2 already replayed");
      String all = run("dlq", "replay", "--all", "--bootstrap-servers", bootstrap);
      assertThat(all)
          .contains("replayed 0 dead letter(s)")
          .contains("skipped 2 already replayed, 1 still not a lead")
          .contains("1 not selected");
      assertThat(replayedOnRaw(bootstrap)).hasSize(2);
      assertThat(run("dlq", "list", "--bootstrap-servers", bootstrap))
          .contains("4 dead letter(s)")
          .containsPattern(broken + " .*replayed");

      // Each repaired lead came out exactly once (read_committed), and nothing else did.
      Map<String, List<String>> finalOutputs = outputsByIngestId(bootstrap);
      assertThat(finalOutputs.get(broken)).hasSize(1);
      assertThat(finalOutputs.get(imported)).hasSize(1);
      assertThat(finalOutputs).containsOnlyKeys(broken, imported);
      assertThat(StackFixture.readAll(bootstrap, topics.dlq())).hasSize(4);
    }
  }

  private static String run(String... args) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    PrintStream originalErr = System.err;
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    int code;
    try {
      code = LeadstreamCli.execute(args);
    } finally {
      System.setOut(original);
      System.setErr(originalErr);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertThat(code).as(text).isZero();
    return text;
  }

  private String post(LocalStack stack, String body, int status) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "?code=" + TOKEN))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return LeadJson.mapper().readTree(response.body()).path("id").asText();
  }

  private void writeRaw(String bootstrap, String id, String body) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(topics.raw(), id, body.getBytes(StandardCharsets.UTF_8));
      record.headers().add(new RecordHeader(RawHeaders.INGEST_ID, bytes(id)));
      record.headers().add(new RecordHeader(RawHeaders.CHANNEL, bytes(RawHeaders.CHANNEL_IMPORT)));
      producer.send(record).get();
    }
  }

  private void writeUnprocessable(String bootstrap, String id, String body) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      producer
          .send(
              new ProducerRecord<>(
                  topics.dlq(),
                  null,
                  id,
                  body.getBytes(StandardCharsets.UTF_8),
                  DeadLetters.headers(
                      null,
                      DeadLetterStage.PROCESSOR,
                      DeadLetterReason.UNPROCESSABLE,
                      "an output too large for its topic",
                      Instant.now())))
          .get();
    }
  }

  private List<ConsumerRecord<String, byte[]>> replayedOnRaw(String bootstrap) {
    return StackFixture.readAll(bootstrap, topics.raw()).stream()
        .filter(r -> r.headers().lastHeader(DlqCommand.REPLAYED_FROM) != null)
        .toList();
  }

  private Map<String, List<String>> outputsByIngestId(String bootstrap) {
    Map<String, List<String>> byId = new HashMap<>();
    for (String topic :
        List.of(topics.qualified(), topics.nurture(), topics.dnc(), topics.test())) {
      for (ConsumerRecord<String, byte[]> r : StackFixture.readAll(bootstrap, topic)) {
        LeadEvent event = LeadSerdes.leadEvent().deserialize(topic, r.value());
        byId.computeIfAbsent(event.ingest().id(), k -> new ArrayList<>()).add(topic);
      }
    }
    return byId;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
