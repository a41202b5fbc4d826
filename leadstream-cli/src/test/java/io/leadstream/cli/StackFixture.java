package io.leadstream.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The local stack as the end-to-end tests run it ({@code ./leadstream up}: a real broker process,
 * the processor and the gateway in this JVM, on free ports), and read_committed consumers of what
 * it wrote, as downstream reads it.
 */
final class StackFixture {

  private StackFixture() {}

  /** The stack in {@code home} on free ports, its gateway taking {@code token}. */
  static LocalStack start(Path home, String token) throws IOException, InterruptedException {
    return LocalStack.start(
        new LocalStack.Options(
            home,
            Ports.free(),
            Ports.freePair(),
            0,
            0,
            Optional.empty(),
            Map.of("LEADSTREAM_GATEWAY_TOKENS", token)));
  }

  /**
   * A read_committed consumer in a new group ({@code group} + a random suffix) that starts at the
   * earliest offset: String keys, byte values.
   */
  static KafkaConsumer<String, byte[]> consumer(String bootstrap, String group) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(props);
  }

  /** Assigns every partition of {@code topic} to {@code consumer}; those partitions. */
  static List<TopicPartition> assignAll(KafkaConsumer<?, ?> consumer, String topic) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    return partitions;
  }

  /** Every committed record of {@code topic} now (read for at most 30 s). */
  static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap, "read-all-")) {
      List<TopicPartition> partitions = assignAll(consumer, topic);
      consumer.seekToBeginning(partitions);
      var end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
