package io.leadstream.testkit;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** A running, real Kafka cluster handed to an integration test by {@link KafkaCluster}. */
public interface RealKafka {

  /** The {@code bootstrap.servers} value clients use. */
  String bootstrapServers();

  /** How many brokers the cluster has. */
  int brokerCount();

  /**
   * Stops broker {@code index} (0-based) in a controlled way; its data and port are kept, so {@link
   * #startBroker(int)} brings the same broker back.
   */
  void stopBroker(int index);

  /** Starts a broker stopped by {@link #stopBroker(int)}. */
  void startBroker(int index);

  /** Which implementation provides this cluster ({@code in-process} or {@code testcontainers}). */
  String mode();

  /** A new admin client on this cluster; the caller closes it. */
  default Admin admin() {
    return Admin.create(clientProperties());
  }

  /** Client properties that reach this cluster; add to them for a producer or a consumer. */
  default Properties clientProperties() {
    Properties props = new Properties();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return props;
  }

  /** Creates a topic and waits until it is known to the cluster, or does nothing when it exists. */
  default void createTopic(String name, int partitions, int replicationFactor) {
    createTopic(name, partitions, replicationFactor, Map.of());
  }

  /** As {@link #createTopic(String, int, int)}, with topic configs. */
  default void createTopic(
      String name, int partitions, int replicationFactor, Map<String, String> configs) {
    try (Admin admin = admin()) {
      try {
        admin
            .createTopics(
                List.of(new NewTopic(name, partitions, (short) replicationFactor).configs(configs)))
            .all()
            .get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("could not create topic " + name, e.getCause());
        }
      }
      awaitLeaders(admin, name, partitions);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "topic " + name + " not visible after creation", e.getCause());
    }
  }

  /**
   * Waits until every partition of {@code topic} has a leader that serves it: a topic is only
   * usable once its creation has reached the brokers, not when the controller has accepted it.
   */
  private static void awaitLeaders(Admin admin, String topic, int partitions)
      throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        if (description != null
            && description.partitions().size() == partitions
            && description.partitions().stream()
                .allMatch(p -> p.leader() != null && !p.isr().isEmpty())) {
          var offsets =
              new java.util.HashMap<
                  org.apache.kafka.common.TopicPartition,
                  org.apache.kafka.clients.admin.OffsetSpec>();
          for (int p = 0; p < partitions; p++) {
            offsets.put(
                new org.apache.kafka.common.TopicPartition(topic, p),
                org.apache.kafka.clients.admin.OffsetSpec.latest());
          }
          // Listing offsets succeeds only once each leader hosts its partition.
          admin.listOffsets(offsets).all().get();
          return;
        }
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topic " + topic + " has no leaders after 30 s");
      }
      Thread.sleep(50);
    }
  }
}
