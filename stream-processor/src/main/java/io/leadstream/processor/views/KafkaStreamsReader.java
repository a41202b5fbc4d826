package io.leadstream.processor.views;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.InvalidStateStorePartitionException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads a running KafkaStreams' local stores one partition at a time ({@link
 * StoreQueryParameters#withPartition}), active and running tasks only: a partition that is not
 * here, or is here but restoring, is {@link Read#notHere()}; a thread that is rebalancing or not
 * running is a failure; never a stale answer.
 *
 * <p>By the store API (IQv1), not IQv2's {@code KafkaStreams#query}: in Kafka Streams 4.3 an IQv2
 * query of a RocksDB store takes the store's position lock and then the store, while a write takes
 * them the other way round, so a console query during a write can deadlock the stream thread
 * (KAFKA-19629, fixed upstream by apache/kafka#23184 after 4.3). The store API takes the store's
 * lock only.
 */
final class KafkaStreamsReader implements StoreReader {

  private final KafkaStreams streams;

  KafkaStreamsReader(KafkaStreams streams) {
    this.streams = streams;
  }

  @Override
  public int partitionOf(String store, String key) {
    KeyQueryMetadata metadata;
    try {
      metadata = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
    } catch (IllegalStateException | StreamsException e) {
      throw new LocalViews.NotQueryable("the processor is " + streams.state());
    }
    return metadata == null ? -1 : metadata.partition();
  }

  @Override
  public <V> Read<V> get(String store, int partition, String key) {
    Read<ReadOnlyKeyValueStore<String, V>> local =
        store(store, QueryableStoreTypes.<String, V>keyValueStore(), partition);
    return read(local, s -> s.get(key));
  }

  @Override
  public <V> Map<Integer, Read<V>> getAll(String store, String key) {
    Map<Integer, Read<V>> reads = new TreeMap<>();
    for (int partition : localPartitions()) {
      Read<V> read = get(store, partition, key);
      if (read.here()) {
        reads.put(partition, read);
      }
    }
    return reads;
  }

  @Override
  public <V> Map<Integer, Read<KeyValueIterator<String, V>>> range(
      String store, String from, String to) {
    Map<Integer, Read<KeyValueIterator<String, V>>> reads = new TreeMap<>();
    for (int partition : localPartitions()) {
      Read<ReadOnlyKeyValueStore<String, V>> local =
          store(store, QueryableStoreTypes.<String, V>keyValueStore(), partition);
      if (local.here()) {
        reads.put(
            partition, read(local, s -> from == null && to == null ? s.all() : s.range(from, to)));
      }
    }
    return reads;
  }

  @Override
  public <V> Map<Integer, Read<WindowStoreIterator<V>>> fetch(
      String store, String key, Instant from, Instant to) {
    Map<Integer, Read<WindowStoreIterator<V>>> reads = new TreeMap<>();
    for (int partition : localPartitions()) {
      Read<ReadOnlyWindowStore<String, V>> local =
          store(store, QueryableStoreTypes.<String, V>windowStore(), partition);
      if (local.here()) {
        reads.put(partition, read(local, s -> s.fetch(key, from, to)));
      }
    }
    return reads;
  }

  /** The partitions of this instance's active tasks (of any sub-topology). */
  private Set<Integer> localPartitions() {
    Set<Integer> partitions = new TreeSet<>();
    try {
      for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
        for (TaskMetadata task : thread.activeTasks()) {
          partitions.add(task.taskId().partition());
        }
      }
    } catch (IllegalStateException | StreamsException e) {
      // Not running: no partition can be read.
    }
    return partitions;
  }

  /** One partition of a store, if this instance holds it as a running active task. */
  private <S> Read<S> store(String name, QueryableStoreType<S> type, int partition) {
    try {
      return Read.of(
          streams.store(StoreQueryParameters.fromNameAndType(name, type).withPartition(partition)));
    } catch (InvalidStateStorePartitionException e) {
      return Read.notHere();
    } catch (InvalidStateStoreException | IllegalStateException e) {
      return Read.failed(
          "the processor is " + streams.state() + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static <S, R> Read<R> read(Read<S> local, Function<S, R> query) {
    if (!local.ok()) {
      return local.here() ? Read.failed(local.failure()) : Read.notHere();
    }
    try {
      return Read.of(query.apply(local.value()));
    } catch (InvalidStateStoreException e) {
      return Read.failed(
          "the store moved while it was read (" + e.getClass().getSimpleName() + ")");
    }
  }
}
