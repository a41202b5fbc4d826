package io.leadstream.processor.console;

import java.util.List;
import java.util.OptionalInt;

/**
 * Which processor instance owns a key and which instances there are, as Kafka Streams' metadata
 * says now ({@link StreamsCluster}); an interface so that routing and merging can be tested with a
 * fixed cluster.
 */
public interface Cluster {

  /** This instance, as the others reach it ({@code application.server}). */
  Instance self();

  /** Every instance of the application that Kafka Streams knows of, this one included. */
  List<Instance> instances();

  /** Who owns a lead's key now. */
  Owner ownerOfLead(String leadId);

  /**
   * How many partitions a store has (its task count), or empty when that cannot be told now; the
   * merged answers must cover every one of them to be complete.
   */
  OptionalInt partitions(String store);

  /** One processor instance's console address. */
  record Instance(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  /**
   * The owner of a key: {@code instance} is null while no instance owns it (rebalancing).
   *
   * @param partition the key's partition, -1 when unknown
   */
  record Owner(Instance instance, int partition) {
    public static Owner none(int partition) {
      return new Owner(null, partition);
    }
  }
}
