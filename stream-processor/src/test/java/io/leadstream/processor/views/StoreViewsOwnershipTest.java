package io.leadstream.processor.views;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;

/** What a single lead's view says while the assignment names this instance before it reads. */
class StoreViewsOwnershipTest {

  @Test
  void aLeadWhosePartitionIsNotReadableHereYetIsNotQueryableRatherThanUnknown() {
    // As Kafka Streams answers while a newly assigned partition is restoring: the metadata names
    // the partition, the interactive query finds no task for it.
    StoreReader assignedButNotHere =
        new StoreReader() {
          @Override
          public int partitionOf(String store, String key) {
            return 3;
          }

          @Override
          public <V> Map<Integer, Read<V>> getAll(String store, String key) {
            return Map.of();
          }

          @Override
          public <V> Read<V> get(String store, int partition, String key) {
            return Read.notHere();
          }

          @Override
          public <V> Map<Integer, Read<KeyValueIterator<String, V>>> range(
              String store, String from, String to) {
            return Map.of();
          }

          @Override
          public <V> Map<Integer, Read<WindowStoreIterator<V>>> fetch(
              String store, String key, Instant from, Instant to) {
            return Map.of();
          }
        };
    StoreViews views = new StoreViews(assignedButNotHere, true);

    assertThatThrownBy(() -> views.lead("ld_" + "a".repeat(32)))
        .isInstanceOf(LocalViews.NotQueryable.class)
        .hasMessageContaining("partition 3");
  }
}
