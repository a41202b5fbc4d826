package io.leadstream.processor.views;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * A TopologyTestDriver's stores as partition 0 of this instance; a store can be made unreadable, as
 * a partition is while it restores or rebalances.
 */
final class DriverReader implements StoreReader {

  private final TopologyTestDriver driver;
  private final Set<String> unreadable = new HashSet<>();

  DriverReader(TopologyTestDriver driver) {
    this.driver = driver;
  }

  private boolean metadata = true;

  void makeUnreadable(String store) {
    unreadable.add(store);
  }

  /** As without {@code application.server}: the assignment metadata locates no key. */
  void dropMetadata() {
    metadata = false;
  }

  @Override
  public int partitionOf(String store, String key) {
    return metadata ? 0 : -1;
  }

  @Override
  public <V> Map<Integer, Read<V>> getAll(String store, String key) {
    return Map.of(0, get(store, 0, key));
  }

  @Override
  public <V> Read<V> get(String store, int partition, String key) {
    if (unreadable.contains(store)) {
      return Read.failed("NOT_ACTIVE: restoring");
    }
    KeyValueStore<String, V> kv = driver.getKeyValueStore(store);
    return Read.of(kv.get(key));
  }

  @Override
  public <V> Map<Integer, Read<KeyValueIterator<String, V>>> range(
      String store, String from, String to) {
    if (unreadable.contains(store)) {
      return Map.of(0, Read.failed("NOT_ACTIVE: restoring"));
    }
    KeyValueStore<String, V> kv = driver.getKeyValueStore(store);
    return Map.of(0, Read.of(kv.range(from, to)));
  }

  @Override
  public <V> Map<Integer, Read<WindowStoreIterator<V>>> fetch(
      String store, String key, Instant from, Instant to) {
    if (unreadable.contains(store)) {
      return Map.of(0, Read.failed("NOT_ACTIVE: restoring"));
    }
    return Map.of(0, Read.of(driver.<String, V>getWindowStore(store).fetch(key, from, to)));
  }
}
