package io.leadstream.processor.views;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.query.WindowKeyQuery;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads a running KafkaStreams' local stores with IQv2 ({@link KafkaStreams#query}), active tasks
 * only ({@code requireActive}): a standby or restoring partition, or a thread that is rebalancing,
 * answers NOT_ACTIVE, which is a failure here, never a stale answer.
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
    StateQueryResult<V> result =
        query(
            StateQueryRequest.inStore(store)
                .withQuery(KeyQuery.<String, V>withKey(key))
                .withPartitions(Set.of(partition))
                .requireActive());
    QueryResult<V> answer = result == null ? null : result.getPartitionResults().get(partition);
    if (answer == null
        || answer.isFailure() && answer.getFailureReason() == FailureReason.NOT_PRESENT) {
      return result == null ? Read.failed("the processor is " + streams.state()) : Read.notHere();
    }
    return answer.isSuccess() ? Read.of(answer.getResult()) : Read.failed(why(answer));
  }

  @Override
  public <V> Map<Integer, Read<V>> getAll(String store, String key) {
    return all(store, KeyQuery.<String, V>withKey(key));
  }

  @Override
  public <V> Map<Integer, Read<KeyValueIterator<String, V>>> range(
      String store, String from, String to) {
    RangeQuery<String, V> range =
        from == null && to == null
            ? RangeQuery.withNoBounds()
            : from == null
                ? RangeQuery.withUpperBound(to)
                : to == null ? RangeQuery.withLowerBound(from) : RangeQuery.withRange(from, to);
    return all(store, range);
  }

  @Override
  public <V> Map<Integer, Read<WindowStoreIterator<V>>> fetch(
      String store, String key, Instant from, Instant to) {
    return all(store, WindowKeyQuery.<String, V>withKeyAndWindowStartRange(key, from, to));
  }

  private <R> Map<Integer, Read<R>> all(String store, Query<R> query) {
    StateQueryResult<R> result =
        query(StateQueryRequest.inStore(store).withQuery(query).requireActive());
    Map<Integer, Read<R>> reads = new TreeMap<>();
    if (result == null) {
      return reads;
    }
    for (Map.Entry<Integer, QueryResult<R>> e : result.getPartitionResults().entrySet()) {
      QueryResult<R> answer = e.getValue();
      reads.put(
          e.getKey(), answer.isSuccess() ? Read.of(answer.getResult()) : Read.failed(why(answer)));
    }
    return reads;
  }

  /** The query's result, or null when this instance cannot answer any (not running). */
  private <R> StateQueryResult<R> query(StateQueryRequest<R> request) {
    try {
      return streams.query(request);
    } catch (InvalidStateStoreException | IllegalStateException e) {
      return null;
    }
  }

  private static String why(QueryResult<?> answer) {
    return answer.getFailureReason() + ": " + answer.getFailureMessage();
  }
}
