package io.leadstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadstream.config.Config;
import io.leadstream.schemas.Fixtures;
import io.leadstream.schemas.Fixtures.Fixture;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KafkaCluster
class StreamProcessorIT {

  @Test
  void provisionsTopicsThenRoutesEveryFixtureToItsTopicExactlyOnce(
      RealKafka kafka, @TempDir Path stateDir) throws Exception {
    Config config = config(kafka, stateDir, "routes-fixtures");
    try (StreamProcessor processor = StreamProcessor.start(config)) {
      try (Admin admin = kafka.admin()) {
        Map<String, TopicDescription> topics =
            admin
                .describeTopics(processor.settings().topics().asMap().values())
                .allTopicNames()
                .get();
        assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(6));
        String offers = processor.settings().topics().offers();
        assertThat(
                admin
                    .describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, offers)))
                    .all()
                    .get()
                    .values()
                    .iterator()
                    .next()
                    .get("cleanup.policy")
                    .value())
            .isEqualTo("compact");
      }
      assertThat(processor.awaitRunning(Duration.ofSeconds(60))).isTrue();

      Map<String, String> expectedTopicByIngestId = new HashMap<>();
      // Past event times, 40 days apart so that no two fixtures merge (brokers refuse timestamps
      // more than an hour in the future).
      Instant at = Instant.now().minus(Duration.ofDays(40L * (Fixtures.all().size() + 1)));
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(kafka))) {
        int i = 0;
        for (Fixture fixture : Fixtures.all()) {
          String ingestId = "in_it" + i++;
          ProducerRecord<String, byte[]> record =
              new ProducerRecord<>(
                  processor.settings().topics().raw(),
                  null,
                  at.plus(Duration.ofDays(40L * i)).toEpochMilli(),
                  ingestId,
                  fixture.bytes());
          record.headers().add(RawHeaders.INGEST_ID, ingestId.getBytes(StandardCharsets.UTF_8));
          record.headers().add(RawHeaders.CHANNEL, "https".getBytes(StandardCharsets.UTF_8));
          producer.send(record).get();
          expectedTopicByIngestId.put(ingestId, expectedTopic(processor.settings(), fixture));
        }
      }

      OutputReader reader = new OutputReader(kafka, processor.settings().topics());
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> reader.poll().size() >= expectedTopicByIngestId.size());
      // Give any duplicate a chance to show up before asserting exactly once.
      reader.pollFor(Duration.ofSeconds(2));

      Map<String, String> actual = new HashMap<>();
      for (OutputReader.Output output : reader.outputs()) {
        assertThat(actual.put(output.ingestId(), output.topic()))
            .as("ingest id %s written once", output.ingestId())
            .isNull();
      }
      assertThat(actual).isEqualTo(expectedTopicByIngestId);

      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + processor.managementPort();
      assertThat(get(http, base + "/readyz").statusCode()).isEqualTo(200);
      String metrics = get(http, base + "/metrics").body();
      assertThat(metrics)
          .contains("leadstream_leads_routed_total{branch=\"qualified\"")
          .contains("leadstream_leads_dead_letters_total{reason=\"MALFORMED_JSON\"}")
          .contains("kafka_stream_");
      reader.close();
    }
  }

  @Test
  void deadLettersAnUnreadableInternalRecordThroughTheHandlersAndKeepsGoing(
      RealKafka kafka, @TempDir Path stateDir) throws Exception {
    Config config = config(kafka, stateDir, "handler-dlq");
    try (StreamProcessor processor = StreamProcessor.start(config)) {
      assertThat(processor.awaitRunning(Duration.ofSeconds(60))).isTrue();
      String repartition =
          processor.settings().applicationId() + "-" + LeadTopology.REPARTITION + "-repartition";
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(kafka))) {
        ProducerRecord<String, byte[]> corrupt =
            new ProducerRecord<>(
                repartition, "ld_corrupt", "not json".getBytes(StandardCharsets.UTF_8));
        corrupt.headers().add(RawHeaders.INGEST_ID, "in_corrupt".getBytes(StandardCharsets.UTF_8));
        producer.send(corrupt).get();
        ProducerRecord<String, byte[]> good =
            new ProducerRecord<>(
                processor.settings().topics().raw(),
                "in_good",
                Fixtures.get("documented-sample").bytes());
        good.headers().add(RawHeaders.INGEST_ID, "in_good".getBytes(StandardCharsets.UTF_8));
        producer.send(good).get();
      }
      try (OutputReader reader = new OutputReader(kafka, processor.settings().topics())) {
        await().atMost(Duration.ofSeconds(60)).until(() -> reader.poll().size() >= 2);
        assertThat(reader.outputs())
            .extracting(OutputReader.Output::topic, OutputReader.Output::ingestId)
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(
                    processor.settings().topics().dlq(), "in_corrupt"),
                org.assertj.core.groups.Tuple.tuple(
                    processor.settings().topics().qualified(), "in_good"));
      }
    }
  }

  @Test
  void refusesToStartOnAnExistingOutputTopicThatIsCompacted(
      RealKafka kafka, @TempDir Path stateDir) {
    String prefix = "bad-" + UUID.randomUUID().toString().substring(0, 8);
    kafka.createTopic(prefix + ".qualified", 1, 1, Map.of("cleanup.policy", "compact"));
    Config config = config(kafka, stateDir, prefix);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StreamProcessor.start(config))
        .isInstanceOf(TopicProvisioner.IncompatibleTopicException.class)
        .hasMessageContaining(prefix + ".qualified has cleanup.policy=compact");
  }

  @Test
  void refusesToStartWhenTheActivityTopicIsNotCoPartitionedWithTheLeadIdRepartitionTopic(
      RealKafka kafka, @TempDir Path stateDir) {
    String prefix = "copart-" + UUID.randomUUID().toString().substring(0, 8);
    kafka.createTopic(prefix + ".activity", 2, 1);
    Config config = config(kafka, stateDir, prefix);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StreamProcessor.start(config))
        .isInstanceOf(TopicProvisioner.IncompatibleTopicException.class)
        .hasMessageContaining(
            prefix
                + ".activity has 2 partitions but must have 6, as many as the processor's"
                + " leadId repartition topic");
  }

  static Config config(RealKafka kafka, Path stateDir, String name) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    overrides.put("processor.application.id", "it-" + name);
    overrides.put("processor.state.dir", stateDir.toString());
    overrides.put("processor.management.host", "127.0.0.1");
    overrides.put("processor.management.port", "0");
    overrides.put("kafka.commit.interval.ms", "100");
    // Each test its own topics: they share one cluster.
    for (String logical : io.leadstream.schemas.TopicNames.defaults().asMap().keySet()) {
      overrides.put("topics." + logical, name + "." + logical);
    }
    return Config.load(ProcessorSettings.DEFAULTS, java.util.Optional.empty(), Map.of(), overrides);
  }

  static String expectedTopic(ProcessorSettings settings, Fixture fixture) {
    return switch (fixture.expect().destination()) {
      case "qualified" -> settings.topics().qualified();
      case "nurture" -> settings.topics().nurture();
      case "dnc" -> settings.topics().dnc();
      case "test" -> settings.topics().test();
      case "dlq" -> settings.topics().dlq();
      default ->
          throw new IllegalStateException("fixture " + fixture.name() + " has no destination");
    };
  }

  static Properties producerProps(RealKafka kafka) {
    Properties props = kafka.clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return props;
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
