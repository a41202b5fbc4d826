package io.leadstream.localbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBrokerIT {

  private static final String TOPIC = "local-broker-it";

  @Test
  void keepsTopicsAndRecordsAcrossAStopAndARestart(@TempDir Path dir) throws Exception {
    LocalBroker broker =
        LocalBroker.builder().dataDir(dir).port(freePort()).controllerPort(freePort()).build();
    List<String> sent = new ArrayList<>();
    try {
      long cold = timed(broker::start);
      assertThat(broker.isRunning()).isTrue();
      assertThat(broker.isFormatted()).isTrue();

      try (Admin admin = Admin.create(clientProps(broker))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(broker))) {
        for (int i = 0; i < 50; i++) {
          String value = "record-" + i;
          producer.send(new ProducerRecord<>(TOPIC, "k" + i, value)).get();
          sent.add(value);
        }
      }
      assertThat(readAll(broker, sent.size())).containsExactlyInAnyOrderElementsOf(sent);

      broker.stop();
      assertThat(broker.isRunning()).isFalse();
      assertThat(dir.resolve("broker.pid")).doesNotExist();

      long warm = timed(broker::start);
      try (Admin admin = Admin.create(clientProps(broker))) {
        assertThat(admin.listTopics().names().get()).contains(TOPIC);
        assertThat(
                admin.describeTopics(Set.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions())
            .hasSize(3);
      }
      assertThat(readAll(broker, sent.size())).containsExactlyInAnyOrderElementsOf(sent);
      System.out.printf(
          "local broker start: cold (format + start) %d ms, warm %d ms%n", cold, warm);
    } finally {
      broker.stop();
    }
  }

  @Test
  void refusesASecondBrokerInTheSameFolder(@TempDir Path dir) throws Exception {
    LocalBroker first =
        LocalBroker.builder().dataDir(dir).port(freePort()).controllerPort(freePort()).build();
    LocalBroker second =
        LocalBroker.builder().dataDir(dir).port(freePort()).controllerPort(freePort()).build();
    try {
      first.start();
      org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
          .isInstanceOf(LocalBrokerException.class)
          .hasMessageContaining("already runs from");
      assertThat(first.isRunning()).isTrue();
    } finally {
      second.stop();
      first.stop();
    }
  }

  @Test
  void aBrokerWhoseStarterIsKilledShutsItselfDownCleanlyAndItsFolderStartsAgain(
      @TempDir Path dir, @TempDir Path scratch) throws Exception {
    int port = freePort();
    int controllerPort = freePort();
    Path ownerOutput = scratch.resolve("owner.out");
    Process owner =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                BrokerOwner.class.getName(),
                dir.toString(),
                Integer.toString(port),
                Integer.toString(controllerPort))
            .redirectErrorStream(true)
            .redirectOutput(ownerOutput.toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> !owner.isAlive() || Files.readString(ownerOutput).contains("broker ready"));
      assertThat(owner.isAlive()).as("owner output:\n%s", Files.readString(ownerOutput)).isTrue();
      long brokerPid = Long.parseLong(Files.readAllLines(dir.resolve("broker.pid")).get(0).trim());
      ProcessHandle orphan = ProcessHandle.of(brokerPid).orElseThrow();

      owner.destroyForcibly(); // SIGKILL: no shutdown hook of the owner runs
      owner.waitFor();
      long killed = System.nanoTime();
      await().atMost(Duration.ofSeconds(30)).until(() -> !orphan.isAlive());
      long gone = (System.nanoTime() - killed) / 1_000_000;

      assertThat(Files.readString(dir.resolve("broker.log")))
          .contains("the process that started this broker is gone");
      // Kafka writes this marker only at the end of a clean shutdown; a start removes it.
      assertThat(dir.resolve("data").resolve(".kafka_cleanshutdown")).exists();

      LocalBroker again =
          LocalBroker.builder().dataDir(dir).port(port).controllerPort(controllerPort).build();
      try {
        long restart = timed(again::start);
        assertThat(again.isRunning()).isTrue();
        System.out.printf(
            "local broker: gone %d ms after its starter's SIGKILL; restarted in %d ms%n",
            gone, restart);
      } finally {
        again.stop();
      }
    } finally {
      owner.destroyForcibly();
    }
  }

  @Test
  void aKeptBrokerThatEndsOnItsOwnIsStartedAgainWithItsDataAndAStoppedOneIsNot(@TempDir Path dir)
      throws Exception {
    LocalBroker broker =
        LocalBroker.builder().dataDir(dir).port(freePort()).controllerPort(freePort()).build();
    try {
      broker.start();
      broker.keepRunning();
      try (Admin admin = Admin.create(clientProps(broker))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      }
      long first = broker.pid().orElseThrow();

      ProcessHandle.of(first).orElseThrow().destroyForcibly(); // SIGKILL: as the OOM killer does
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> broker.pid().filter(pid -> pid != first).isPresent());
      try (Admin admin = Admin.create(clientProps(broker))) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(TOPIC);
      }

      long second = broker.pid().orElseThrow();
      broker.stop();
      assertThat(ProcessHandle.of(second).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      // Stopped on purpose: nothing starts it again (the keeper would within about a second).
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !broker.isRunning());
    } finally {
      broker.stop();
    }
  }

  private static long timed(Runnable action) {
    long begin = System.nanoTime();
    action.run();
    return (System.nanoTime() - begin) / 1_000_000;
  }

  private static List<String> readAll(LocalBroker broker, int expected) {
    Properties props = clientProps(broker);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }

  private static Properties producerProps(LocalBroker broker) {
    Properties props = clientProps(broker);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return props;
  }

  private static Properties clientProps(LocalBroker broker) {
    Properties props = new Properties();
    props.put("bootstrap.servers", broker.bootstrapServers());
    return props;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
