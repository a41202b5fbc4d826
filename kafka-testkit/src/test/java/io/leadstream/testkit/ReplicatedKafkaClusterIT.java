package io.leadstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

@KafkaCluster(brokers = 3)
class ReplicatedKafkaClusterIT {

  @Test
  void acksAllProduceSucceedsWithOneOfThreeBrokersStopped(RealKafka kafka) throws Exception {
    assertThat(kafka.brokerCount()).isEqualTo(3);
    String topic = "replicated-" + UUID.randomUUID();
    kafka.createTopic(topic, 3, 3, Map.of("min.insync.replicas", "2"));
    try (Admin admin = kafka.admin()) {
      TopicDescription description =
          admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
      assertThat(description.partitions())
          .allSatisfy(p -> assertThat(p.replicas()).hasSize(3))
          .extracting(TopicPartitionInfo::isr)
          .allSatisfy(isr -> assertThat(isr).hasSize(3));
    }

    List<String> sent = new ArrayList<>();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(KafkaClusterExtensionIT.producerProps(kafka))) {
      producer.send(new ProducerRecord<>(topic, "before", "before-stop")).get();
      sent.add("before-stop");

      kafka.stopBroker(1);

      for (int i = 0; i < 30; i++) {
        String value = "while-stopped-" + i;
        producer.send(new ProducerRecord<>(topic, "k" + i, value)).get();
        sent.add(value);
      }
    } finally {
      kafka.startBroker(1);
    }

    assertThat(KafkaClusterExtensionIT.Consume.values(kafka, topic, sent.size()))
        .containsExactlyInAnyOrderElementsOf(sent);
  }
}
