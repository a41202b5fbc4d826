package io.leadstream.processor.views;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads the local partitions of a store, each by itself, so an answer can name the partitions it
 * read and leave out the ones that failed. {@link KafkaStreamsReader} reads a running KafkaStreams
 * by the store API, partition by partition; tests read a TopologyTestDriver's stores.
 */
interface StoreReader {

  /**
   * The partition that holds {@code key} in {@code store}, or -1 when the assignment metadata does
   * not say (no {@code application.server}, or a rebalance).
   *
   * @throws LocalViews.NotQueryable when this instance is not running
   */
  int partitionOf(String store, String key);

  /** One key in every local active partition: each one's value (null when absent) or failure. */
  <V> Map<Integer, Read<V>> getAll(String store, String key);

  /** One key of one partition: its value (null when absent), or why it could not be read. */
  <V> Read<V> get(String store, int partition, String key);

  /** A key range (null bounds: open) of every local active partition, ascending; close each. */
  <V> Map<Integer, Read<KeyValueIterator<String, V>>> range(String store, String from, String to);

  /** One key of a window store, windows starting in [from, to], of every local partition. */
  <V> Map<Integer, Read<WindowStoreIterator<V>>> fetch(
      String store, String key, Instant from, Instant to);

  /**
   * What one partition answered.
   *
   * @param value the answer (may be null: no such key)
   * @param here false when this instance does not hold the partition
   * @param failure why it could not be read (not active, restoring, rebalancing), else null
   */
  record Read<T>(T value, boolean here, String failure) {
    static <T> Read<T> of(T value) {
      return new Read<>(value, true, null);
    }

    static <T> Read<T> notHere() {
      return new Read<>(null, false, null);
    }

    static <T> Read<T> failed(String why) {
      return new Read<>(null, true, why);
    }

    boolean ok() {
      return here && failure == null;
    }
  }
}
