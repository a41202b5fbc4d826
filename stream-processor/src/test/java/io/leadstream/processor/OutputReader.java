package io.leadstream.processor;

import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.TopicNames;
import io.leadstream.testkit.RealKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads every output topic with read_committed, as a downstream consumer would. */
final class OutputReader implements AutoCloseable {

  /** One output record: where it went and what it says, without personal data. */
  record Output(String topic, String key, String ingestId, String eventType, int occurrences) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final String dlq;
  private final List<Output> outputs = new ArrayList<>();

  OutputReader(RealKafka kafka, TopicNames topics) {
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "output-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumer = new KafkaConsumer<>(props);
    dlq = topics.dlq();
    consumer.subscribe(
        List.of(topics.qualified(), topics.nurture(), topics.dnc(), topics.test(), topics.dlq()));
  }

  /** Polls once and returns everything read so far. */
  synchronized List<Output> poll() {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
      if (record.topic().equals(dlq)) {
        outputs.add(new Output(record.topic(), record.key(), record.key(), "DEAD_LETTER", 0));
      } else {
        LeadEvent event = LeadSerdes.leadEvent().deserialize(record.topic(), record.value());
        outputs.add(
            new Output(
                record.topic(),
                record.key(),
                event.ingest().id(),
                event.eventType().name(),
                event.occurrences()));
      }
    }
    return List.copyOf(outputs);
  }

  /** Keeps polling for {@code duration}: lets late duplicates, if any, show up. */
  void pollFor(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      poll();
    }
  }

  synchronized List<Output> outputs() {
    return List.copyOf(outputs);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
