package io.leadstream.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Where the CLI's Kafka clients connect. */
final class Clients {

  private Clients() {}

  /**
   * {@code flag}, else {@code $LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS}, else the local broker at {@code
   * localhost:$LEADSTREAM_BROKER_PORT} (9092).
   */
  static String bootstrap(String flag, Map<String, String> env) {
    if (flag != null && !flag.isBlank()) {
      return flag;
    }
    String configured = env.get("LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    return "localhost:" + env.getOrDefault("LEADSTREAM_BROKER_PORT", "9092").trim();
  }

  /**
   * A read_committed consumer without a group (nothing committed) for reading topics from their
   * beginning; see {@link #fromBeginning}.
   */
  static KafkaConsumer<String, byte[]> reader(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    return new KafkaConsumer<>(props);
  }

  /**
   * Assigns every partition of {@code topic} to {@code consumer} at its beginning and returns their
   * current end offsets (see {@link #caughtUp}).
   *
   * @throws IllegalStateException when Kafka cannot be reached within 10 s
   * @throws IllegalArgumentException {@code noTopic} when the topic does not exist
   */
  static Map<TopicPartition, Long> fromBeginning(
      KafkaConsumer<?, ?> consumer, String bootstrap, String topic, String noTopic) {
    List<PartitionInfo> partitions;
    try {
      partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalStateException(
          "cannot reach Kafka at " + bootstrap + " within 10 s; is ./leadstream up running?");
    }
    if (partitions == null || partitions.isEmpty()) {
      throw new IllegalArgumentException(noTopic);
    }
    List<TopicPartition> assigned =
        partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(assigned);
    consumer.seekToBeginning(assigned);
    return consumer.endOffsets(assigned);
  }

  /** Whether {@code consumer} has read up to {@code end} on every partition. */
  static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }
}
