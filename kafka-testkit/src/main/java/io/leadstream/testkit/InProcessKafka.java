package io.leadstream.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A KRaft cluster inside the test JVM, from Kafka's own test kit ({@code
 * kafka-test-common-runtime}): one combined node, or one controller plus N brokers.
 */
final class InProcessKafka implements StartedKafka {

  static {
    // A broker fault must fail the test, not end the test JVM.
    Exit.setExitProcedure(
        (status, message) -> {
          throw new IllegalStateException("Kafka asked to exit the JVM with status " + status);
        });
    Exit.setHaltProcedure(
        (status, message) -> {
          throw new IllegalStateException("Kafka asked to halt the JVM with status " + status);
        });
  }

  private final KafkaClusterTestKit cluster;
  private final List<Integer> brokerIds;

  private InProcessKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    this.brokerIds = new ArrayList<>(cluster.brokers().keySet());
  }

  static InProcessKafka start(int brokers, Map<String, String> brokerProperties) throws Exception {
    if (brokers < 1) {
      throw new IllegalArgumentException("a cluster needs at least one broker, got " + brokers);
    }
    boolean combined = brokers == 1;
    TestKitNodes nodes =
        new TestKitNodes.Builder()
            // The kit's default is the newest, unreleased metadata version; run what ships.
            .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
            .setCombined(combined)
            .setNumControllerNodes(1)
            .setNumBrokerNodes(brokers)
            .build();
    String internalRf = String.valueOf(Math.min(3, brokers));
    String minIsr = String.valueOf(Math.min(2, brokers));
    KafkaClusterTestKit.Builder builder =
        new KafkaClusterTestKit.Builder(nodes)
            .setConfigProp("offsets.topic.replication.factor", internalRf)
            .setConfigProp("offsets.topic.num.partitions", "6")
            .setConfigProp("transaction.state.log.replication.factor", internalRf)
            .setConfigProp("transaction.state.log.min.isr", minIsr)
            .setConfigProp("transaction.state.log.num.partitions", "6")
            .setConfigProp("share.coordinator.state.topic.replication.factor", internalRf)
            .setConfigProp("share.coordinator.state.topic.min.isr", minIsr)
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "false");
    brokerProperties.forEach(builder::setConfigProp);
    KafkaClusterTestKit cluster = builder.build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new InProcessKafka(cluster);
    } catch (Exception | Error e) {
      try {
        new InProcessKafka(cluster).close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  @Override
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public int brokerCount() {
    return brokerIds.size();
  }

  @Override
  public void stopBroker(int index) {
    broker(index).shutdown();
  }

  @Override
  public void startBroker(int index) {
    broker(index).startup();
  }

  @Override
  public String mode() {
    return "in-process";
  }

  private BrokerServer broker(int index) {
    if (index < 0 || index >= brokerIds.size()) {
      throw new IllegalArgumentException(
          "no broker " + index + " in a cluster of " + brokerIds.size());
    }
    return cluster.brokers().get(brokerIds.get(index));
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while closing the Kafka cluster", e);
    } catch (Exception e) {
      throw new IllegalStateException("the Kafka cluster did not close cleanly", e);
    }
  }
}
