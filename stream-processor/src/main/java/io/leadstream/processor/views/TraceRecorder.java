package io.leadstream.processor.views;

import io.leadstream.processor.StorePriming;
import io.leadstream.processor.views.LocalViews.TraceEntry;
import java.time.Instant;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Writes one {@link TraceEntry} per record into a trace window store, keyed by ingest id, at the
 * record's time (when the lead was received, or dead-lettered); forwards nothing.
 */
final class TraceRecorder<V> implements FixedKeyProcessor<String, V, Void> {

  private final String storeName;
  private final Function<FixedKeyRecord<String, V>, TraceEntry> entryOf;
  private WindowStore<String, TraceEntry> store;

  TraceRecorder(String storeName, Function<FixedKeyRecord<String, V>, TraceEntry> entryOf) {
    this.storeName = storeName;
    this.entryOf = entryOf;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Void> context) {
    store = context.getStateStore(storeName);
    // The store keeps duplicates (a replay has its original's id and time), so its priming is a
    // value, not a tombstone.
    StorePriming.scheduleRetainingDuplicates(
        context,
        storeName,
        new TraceEntry(StorePriming.KEY, Instant.EPOCH, null, null, null, null, null));
  }

  @Override
  public void process(FixedKeyRecord<String, V> record) {
    TraceEntry entry = entryOf.apply(record);
    if (entry == null || entry.ingestId() == null) {
      return; // nothing to find it by
    }
    long at = record.timestamp();
    store.put(entry.ingestId(), Traces.at(entry, Instant.ofEpochMilli(at)), at);
  }
}
