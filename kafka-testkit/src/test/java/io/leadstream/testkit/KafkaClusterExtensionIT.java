package io.leadstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@KafkaCluster
class KafkaClusterExtensionIT {

  @Test
  void producesWithAcksAllIdempotentlyAndConsumesTheSameRecordsBack(RealKafka kafka)
      throws Exception {
    String topic = "smoke-" + UUID.randomUUID();
    kafka.createTopic(topic, 3, 1);

    List<String> sent = new ArrayList<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(kafka))) {
      for (int i = 0; i < 100; i++) {
        String value = "lead-" + i;
        RecordMetadata acked = producer.send(new ProducerRecord<>(topic, "k" + i, value)).get();
        assertThat(acked.hasOffset()).isTrue();
        sent.add(value);
      }
    }

    assertThat(Consume.values(kafka, topic, sent.size())).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  void handsTheTestTheModeItWasAskedFor(RealKafka kafka) {
    assertThat(kafka.mode()).isEqualTo(KafkaClusterExtension.mode());
    assertThat(kafka.brokerCount()).isEqualTo(1);
  }

  static Properties producerProps(RealKafka kafka) {
    Properties props = kafka.clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return props;
  }

  /** Reads a topic from the beginning until {@code expected} records arrived (or 30 s passed). */
  static final class Consume {
    static List<String> values(RealKafka kafka, String topic, int expected) {
      Properties props = kafka.clientProperties();
      props.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID());
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      List<String> values = new ArrayList<>();
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
        consumer.subscribe(List.of(topic));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (values.size() < expected && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            values.add(record.value());
          }
        }
      }
      return values;
    }

    private Consume() {}
  }
}
