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
      admin.describeTopics(List.of(name)).allTopicNames().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "topic " + name + " not visible after creation", e.getCause());
    }
  }
}
