package io.leadstream.reliability;

import io.leadstream.localbroker.LocalBroker;
import io.leadstream.localbroker.LocalCluster;
import io.leadstream.testkit.RealKafka;

/**
 * Real broker processes ({@link LocalCluster}, {@link LocalBroker}) seen as the {@link RealKafka}
 * the pipeline pieces of this module take (processors, checker, gateway), so that the same pieces
 * run against brokers a test can SIGKILL, SIGSTOP or starve of disk.
 */
final class ProcessKafka implements RealKafka {

  private final String bootstrapServers;
  private final int brokers;
  private final java.util.function.IntConsumer stop;
  private final java.util.function.IntConsumer start;

  private ProcessKafka(
      String bootstrapServers,
      int brokers,
      java.util.function.IntConsumer stop,
      java.util.function.IntConsumer start) {
    this.bootstrapServers = bootstrapServers;
    this.brokers = brokers;
    this.stop = stop;
    this.start = start;
  }

  static ProcessKafka of(LocalCluster cluster) {
    return new ProcessKafka(
        cluster.bootstrapServers(), cluster.size(), cluster::stop, cluster::start);
  }

  static ProcessKafka of(LocalBroker broker) {
    return new ProcessKafka(broker.bootstrapServers(), 1, i -> broker.stop(), i -> broker.start());
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public int brokerCount() {
    return brokers;
  }

  @Override
  public void stopBroker(int index) {
    stop.accept(index);
  }

  @Override
  public void startBroker(int index) {
    start.accept(index);
  }

  @Override
  public String mode() {
    return "processes";
  }
}
