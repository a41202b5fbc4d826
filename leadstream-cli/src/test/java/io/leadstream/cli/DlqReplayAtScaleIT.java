package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.DeadLetterReason;
import io.leadstream.schemas.DeadLetterStage;
import io.leadstream.schemas.DeadLetters;
import io.leadstream.schemas.Fixtures;
import io.leadstream.schemas.IngestIds;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.TopicNames;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code dlq list} and {@code dlq replay --all} of 1,000 dead letters stay fast however large
 * {@code leads.raw} is: neither reads it. {@code -Ddlq.scale.raw.records=5000000} is the full-size
 * measurement, run by hand ({@code mvn -pl leadstream-cli -am verify -Dtest=none
 * -Dit.test=DlqReplayAtScaleIT -Ddlq.scale.raw.records=5000000
 * -Dsurefire.failIfNoSpecifiedTests=false}); the build runs it with 200,000 records. Prints the
 * figures on every run.
 */
@KafkaCluster
class DlqReplayAtScaleIT {

  private static final int RAW_RECORDS = Integer.getInteger("dlq.scale.raw.records", 200_000);
  private static final int DEAD_LETTERS = 1_000;
  private static final Duration LIMIT = Duration.ofSeconds(10);

  private final TopicNames topics = TopicNames.defaults();

  @Test
  void listAndReplayAllOfAThousandDeadLettersTakeUnderTenSecondsBesideAHugeRawTopic(
      RealKafka kafka) {
    Map<String, String> env =
        Map.of("LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    CliRun topicsRun = CliRun.of(env, "topics");
    assertThat(topicsRun.exitCode()).as(topicsRun.out() + topicsRun.err()).isZero();

    long fillStart = System.nanoTime();
    fillRaw(kafka);
    double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
    writeDeadLetters(kafka);
    startTransactionCoordinator(kafka);

    long listStart = System.nanoTime();
    CliRun list = CliRun.of(env, "dlq", "list");
    Duration listTime = Duration.ofNanos(System.nanoTime() - listStart);
    long replayStart = System.nanoTime();
    CliRun replay = CliRun.of(env, "dlq", "replay", "--all");
    Duration replayTime = Duration.ofNanos(System.nanoTime() - replayStart);
    long againStart = System.nanoTime();
    CliRun again = CliRun.of(env, "dlq", "replay", "--all");
    Duration againTime = Duration.ofNanos(System.nanoTime() - againStart);

    System.out.printf(
        "DlqReplayAtScaleIT: %,d records on %s (written in %.1f s), %,d dead letters:"
            + " dlq list %.2f s, dlq replay --all %.2f s, again (all skipped) %.2f s%n",
        RAW_RECORDS,
        topics.raw(),
        fillSeconds,
        DEAD_LETTERS,
        listTime.toMillis() / 1000.0,
        replayTime.toMillis() / 1000.0,
        againTime.toMillis() / 1000.0);
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).contains(DEAD_LETTERS + " dead letter(s) in " + topics.dlq());
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(replay.out())
        .contains("replayed " + DEAD_LETTERS + " dead letter(s) to " + topics.raw());
    assertThat(again.out())
        .contains("replayed 0 dead letter(s)")
        .contains("skipped " + DEAD_LETTERS + " already replayed");
    assertThat(listTime).isLessThan(LIMIT);
    assertThat(replayTime).isLessThan(LIMIT);
    assertThat(againTime).isLessThan(LIMIT);
  }

  /** Small records, sent as fast as the broker takes them: what matters is their number. */
  private void fillRaw(RealKafka kafka) {
    Properties props = kafka.clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "1");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    byte[] value = "{\"n\":0}".getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < RAW_RECORDS; i++) {
        // No key: the sticky partitioner fills whole batches, one partition at a time.
        producer.send(new ProducerRecord<>(topics.raw(), null, value));
      }
      producer.flush();
    }
  }

  /**
   * Makes the broker create its transaction state topic, as the processor (exactly-once) has long
   * done on any real cluster, so that the replay's figure is the replay's, not that creation's.
   */
  private static void startTransactionCoordinator(RealKafka kafka) {
    Properties props = kafka.clientProperties();
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dlq-scale-warm-up");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
    }
  }

  /** Dead letters of good leads (a processor failure): each can be replayed as it is. */
  private void writeDeadLetters(RealKafka kafka) {
    Properties props = kafka.clientProperties();
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    byte[] lead = Fixtures.get("documented-sample").bytes();
    Instant now = Instant.now();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < DEAD_LETTERS; i++) {
        String id = IngestIds.newIngestId();
        var headers =
            DeadLetters.headers(
                RawHeaders.of(id, now, RawHeaders.CHANNEL_HTTPS, "application/json", "rq", null),
                DeadLetterStage.PROCESSOR,
                DeadLetterReason.PROCESSING_FAILED,
                "scale test",
                now);
        producer.send(new ProducerRecord<>(topics.dlq(), null, id, lead, headers));
      }
      producer.flush();
    }
  }
}
