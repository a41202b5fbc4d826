package io.leadstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.TopicNames;
import io.leadstream.testkit.ChildJvm;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processor instances in their own JVMs share six partitions; one is killed with SIGKILL
 * mid-stream. A read_committed consumer must then see exactly the outputs the topology produces for
 * the same input in a TopologyTestDriver: nothing lost, nothing twice.
 */
@KafkaCluster
class FailoverIT {

  private static final int CUSTOMERS = 600;
  private static final int PARTITIONS = 6;

  /** One raw record of the test input. */
  record Input(String ingestId, int partition, long timestamp, byte[] body) {}

  @Test
  void aReadCommittedConsumerSeesEveryExpectedOutputExactlyOnceWhenAnInstanceIsKilled(
      RealKafka kafka, @TempDir Path dir) throws Exception {
    List<Input> input = realisticMix(new Random(42));
    List<OutputReader.Output> expected = expectedOutputs(input);

    Path config = dir.resolve("processor.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
            "processor.application.id=failover-it",
            "processor.topic.partitions=" + PARTITIONS,
            "processor.management.host=127.0.0.1",
            "processor.management.port=0",
            "kafka.commit.interval.ms=100",
            "kafka.consumer.session.timeout.ms=6000",
            "kafka.consumer.heartbeat.interval.ms=1000",
            ""));
    ChildJvm a = startInstance(config, dir.resolve("a"), "failover-it-a");
    ChildJvm b = startInstance(config, dir.resolve("b"), "failover-it-b");
    TopicNames topics = TopicNames.defaults();
    try (OutputReader reader = new OutputReader(kafka, topics);
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(StreamProcessorIT.producerProps(kafka))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> topicsExist(kafka, topics));

      int half = input.size() / 2;
      send(producer, topics.raw(), input.subList(0, half));
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> reader.poll().size() >= expected.size() / 4);

      assertThat(reader.outputs())
          .as("work left when the instance dies")
          .hasSizeLessThan(expected.size());
      a.kill();
      assertThat(a.isAlive()).isFalse();

      send(producer, topics.raw(), input.subList(half, input.size()));
      await().atMost(Duration.ofSeconds(120)).until(() -> reader.poll().size() >= expected.size());
      reader.pollFor(Duration.ofSeconds(3));

      assertThat(b.isAlive()).as("the surviving instance kept running").isTrue();
      List<OutputReader.Output> actual = reader.outputs();
      assertThat(duplicates(actual)).as("outputs seen more than once").isEmpty();
      assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    } finally {
      a.kill();
      b.stop(Duration.ofSeconds(30));
    }
  }

  /**
   * Distinct customers, with about 30% identical repeats, 10% progressions (Contact me, then Get it
   * now), 5% do-not-contact and 2% broken JSON. A customer's leads share a raw partition, so they
   * are processed in the order sent, as in the TopologyTestDriver run.
   */
  static List<Input> realisticMix(Random random) {
    List<Input> input = new ArrayList<>();
    long t = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
    int sequence = 0;
    for (int c = 0; c < CUSTOMERS; c++) {
      int partition = c % PARTITIONS;
      String email = "customer" + c + "@company" + (c % 50) + ".example.com";
      double roll = random.nextDouble();
      String action = roll < 0.05 ? "DNC" : "PLT";
      String body = lead(email, action, "Company " + c);
      if (random.nextDouble() < 0.02) {
        body = "{\"UserDetails\": {\"Email\": \"" + email + "\",";
      }
      input.add(new Input("in_f" + sequence++, partition, t += 5, utf8(body)));
      if (roll >= 0.05 && roll < 0.35) {
        input.add(new Input("in_f" + sequence++, partition, t += 5, utf8(body)));
      } else if (roll >= 0.35 && roll < 0.45) {
        input.add(
            new Input(
                "in_f" + sequence++, partition, t += 5, utf8(lead(email, "INS", "Company " + c))));
      }
    }
    return input;
  }

  private static String lead(String email, String action, String company) {
    String source = action.equals("INS") ? "AzureMarketplace-INS" : "SPZA-" + action;
    return "{\"UserDetails\":{\"FirstName\":\"Pat\",\"Email\":\""
        + email
        + "\",\"Country\":\"US\",\"Company\":\""
        + company
        + "\"},\"ActionCode\":\""
        + action
        + "\",\"LeadSource\":\""
        + source
        + "|contoso.sales-insights\",\"OfferTitle\":\"Contoso Sales Insights\"}";
  }

  /** What the topology emits for {@code input}, from a TopologyTestDriver. */
  static List<OutputReader.Output> expectedOutputs(List<Input> input) {
    List<OutputReader.Output> outputs = new ArrayList<>();
    try (TopologyFixture f = new TopologyFixture()) {
      for (Input record : input) {
        f.send(record.ingestId(), record.body(), Instant.ofEpochMilli(record.timestamp()));
      }
      TopicNames names = f.settings.topics();
      collect(outputs, names.qualified(), f.qualified.readRecordsToList());
      collect(outputs, names.nurture(), f.nurture.readRecordsToList());
      collect(outputs, names.dnc(), f.dnc.readRecordsToList());
      collect(outputs, names.test(), f.test.readRecordsToList());
      for (TestRecord<String, byte[]> letter : f.dlq.readRecordsToList()) {
        outputs.add(
            new OutputReader.Output(names.dlq(), letter.key(), letter.key(), "DEAD_LETTER", 0));
      }
    }
    return outputs;
  }

  private static void collect(
      List<OutputReader.Output> outputs,
      String topic,
      List<TestRecord<String, LeadEvent>> records) {
    for (TestRecord<String, LeadEvent> r : records) {
      LeadEvent e = r.value();
      outputs.add(
          new OutputReader.Output(
              topic, r.key(), e.ingest().id(), e.eventType().name(), e.occurrences()));
    }
  }

  private static Map<OutputReader.Output, Long> duplicates(List<OutputReader.Output> outputs) {
    return outputs.stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
        .entrySet()
        .stream()
        .filter(e -> e.getValue() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, String topic, List<Input> records) throws Exception {
    for (Input record : records) {
      ProducerRecord<String, byte[]> r =
          new ProducerRecord<>(
              topic, record.partition(), record.timestamp(), record.ingestId(), record.body());
      r.headers().add(RawHeaders.INGEST_ID, utf8(record.ingestId()));
      r.headers().add(RawHeaders.CHANNEL, utf8("https"));
      producer.send(r);
    }
    producer.flush();
  }

  private static boolean topicsExist(RealKafka kafka, TopicNames topics) throws Exception {
    try (var admin = kafka.admin()) {
      return admin.listTopics().names().get().containsAll(topics.asMap().values());
    }
  }

  /** An instance in its own JVM, logging under the test log folder (see {@link ChildJvm}). */
  private static ChildJvm startInstance(Path config, Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    return ChildJvm.builder(ProcessorMain.class.getName())
        .name(name)
        .heap("256m")
        .env("LEADSTREAM_PROCESSOR_STATE_DIR", dir.resolve("state").toString())
        .args("--config", config.toString())
        .start();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
