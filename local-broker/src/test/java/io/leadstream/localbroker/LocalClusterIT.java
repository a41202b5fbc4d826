package io.leadstream.localbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterIT {

  private static final String TOPIC = "local-cluster-it";

  @Test
  void aKilledLeaderIsReplacedAndComesBackOnItsDataAndAPausedNodeFreezesUntilResumed(
      @TempDir Path dir) throws Exception {
    // A short broker session, so that the killed leader is fenced (and replaced) within seconds.
    try (LocalCluster cluster =
        LocalCluster.builder()
            .dataDir(dir)
            .serverProperties(
                Map.of("broker.session.timeout.ms", "3000", "broker.heartbeat.interval.ms", "500"))
            .build()) {
      cluster.start();
      assertThat(cluster.size()).isEqualTo(3);
      try (Admin admin = cluster.admin()) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3))).all().get();
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leaderOf(TOPIC, 0).isPresent());
      try (KafkaProducer<String, String> producer = producer(cluster)) {
        producer.send(new ProducerRecord<>(TOPIC, "k", "before")).get(30, TimeUnit.SECONDS);

        int leader = cluster.leaderOf(TOPIC, 0).orElseThrow();
        long pid = cluster.pid(leader).orElseThrow();
        cluster.kill(leader);
        assertThat(cluster.isRunning(leader)).isFalse();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> cluster.leaderOf(TOPIC, 0).filter(l -> l != leader).isPresent());
        producer.send(new ProducerRecord<>(TOPIC, "k", "failed over")).get(30, TimeUnit.SECONDS);

        cluster.start(leader);
        assertThat(cluster.isRunning(leader)).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> isr(cluster) == 3);

        int paused = cluster.leaderOf(TOPIC, 0).orElseThrow();
        cluster.pause(paused);
        assertThat(cluster.isPaused(paused)).isTrue();
        assertThat(cluster.pid(paused)).isPresent();
        cluster.resume(paused);
        await().atMost(Duration.ofSeconds(10)).until(() -> !cluster.isPaused(paused));
        producer.send(new ProducerRecord<>(TOPIC, "k", "resumed")).get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static int isr(LocalCluster cluster) throws Exception {
    try (Admin admin = cluster.admin()) {
      return admin
          .describeTopics(List.of(TOPIC))
          .allTopicNames()
          .get()
          .get(TOPIC)
          .partitions()
          .get(0)
          .isr()
          .size();
    }
  }

  private static KafkaProducer<String, String> producer(LocalCluster cluster) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(props);
  }
}
