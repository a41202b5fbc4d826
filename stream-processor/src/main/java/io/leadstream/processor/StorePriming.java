package io.leadstream.processor;

import java.time.Duration;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Gives every changelog partition of a task's stores a committed offset, even when the partition
 * has had no record yet. Under exactly-once, Kafka Streams declares a task corrupted at start when
 * one of its persistent stores has no committed offset and the task's folder is not empty (it
 * checks the folder, not the store), and then wipes and restores the task and rejoins the group,
 * logging warnings and an error. A partition without leads, or without dead letters, would do that
 * at every start.
 *
 * <p>So at init each stateful step schedules one wall-clock punctuation that deletes a key no lead
 * has ({@value #KEY}) from each of its stores: nothing changes in the stores, but each store writes
 * one tombstone to its changelog, and the punctuation makes the task commit it. Window stores get
 * the tombstone at time 0, outside their retention, so it moves no store's stream time.
 */
public final class StorePriming {

  /** Not a leadId, ingest id, day or count key: nothing real is ever stored under it. */
  public static final String KEY = "\u0000leadstream-store-priming";

  private StorePriming() {}

  /** Schedules the tombstones of {@code stores} (key-value or window stores, keyed by String). */
  public static void schedule(ProcessingContext context, String... stores) {
    once(
        context,
        () -> {
          for (String name : stores) {
            Object store = context.getStateStore(name);
            if (store instanceof KeyValueStore<?, ?> keyValue) {
              keyValue(keyValue).delete(KEY);
            } else if (store instanceof WindowStore<?, ?> window) {
              window(window).put(KEY, null, 0L);
            } else {
              throw new IllegalArgumentException("cannot prime " + name);
            }
          }
        });
  }

  /**
   * For a window store that keeps duplicates, which ignores a null put (and so writes no
   * tombstone): {@code value} under {@value #KEY} at time 0, outside the store's retention, so the
   * store keeps nothing of it and only its changelog records it (and skips it when restoring).
   */
  public static <V> void scheduleRetainingDuplicates(
      ProcessingContext context, String store, V value) {
    once(context, () -> context.<WindowStore<String, V>>getStateStore(store).put(KEY, value, 0L));
  }

  private static void once(ProcessingContext context, Runnable write) {
    Cancellable[] scheduled = new Cancellable[1];
    scheduled[0] =
        context.schedule(
            Duration.ofMillis(1),
            PunctuationType.WALL_CLOCK_TIME,
            timestamp -> {
              scheduled[0].cancel();
              write.run();
            });
  }

  @SuppressWarnings("unchecked")
  private static KeyValueStore<String, Object> keyValue(KeyValueStore<?, ?> store) {
    return (KeyValueStore<String, Object>) store;
  }

  @SuppressWarnings("unchecked")
  private static WindowStore<String, Object> window(WindowStore<?, ?> store) {
    return (WindowStore<String, Object>) store;
  }
}
