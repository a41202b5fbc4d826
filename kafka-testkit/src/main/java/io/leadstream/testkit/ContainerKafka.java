package io.leadstream.testkit;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A single-node KRaft broker in Testcontainers' {@code apache/kafka} image. Where no Docker engine
 * runs, the test is aborted (reported skipped), never failed.
 */
final class ContainerKafka implements StartedKafka {

  static final String IMAGE_PROPERTY = "kafka.image";
  static final String DEFAULT_IMAGE = "apache/kafka:4.3.1";

  private final KafkaContainer container;

  private ContainerKafka(KafkaContainer container) {
    this.container = container;
  }

  static ContainerKafka start(int brokers, Map<String, String> brokerProperties) {
    Assumptions.assumeTrue(
        DockerClientFactory.instance().isDockerAvailable(),
        "Testcontainers mode (-Dkafka.it=testcontainers) needs a Docker engine; none is available");
    Assumptions.assumeTrue(
        brokers == 1,
        "Testcontainers mode provides a single broker; this test needs "
            + brokers
            + " (run it in the default in-process mode)");
    String image = System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE);
    if (image.isBlank() || image.startsWith("${")) {
      image = DEFAULT_IMAGE;
    }
    KafkaContainer container =
        new KafkaContainer(DockerImageName.parse(image))
            .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
            .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
    brokerProperties.forEach(
        (key, value) -> container.withEnv("KAFKA_" + key.toUpperCase().replace('.', '_'), value));
    container.start();
    return new ContainerKafka(container);
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public int brokerCount() {
    return 1;
  }

  @Override
  public void stopBroker(int index) {
    // Stopping a container drops its port mapping, so a restarted broker is a different address.
    Assumptions.abort("stopping a broker is supported in in-process mode only");
  }

  @Override
  public void startBroker(int index) {
    Assumptions.abort("starting a broker is supported in in-process mode only");
  }

  @Override
  public String mode() {
    return "testcontainers";
  }

  @Override
  public void close() {
    container.stop();
  }
}
