package io.leadstream.schemas;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with the serdes of its keys and values and its cleanup policy: the one place they are
 * paired. {@code compacted} topics keep the latest record per key (a catalog, a set of marks);
 * every other topic deletes by retention, because compaction would drop leads that share a key.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted) {
  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
  }

  /** A topic that deletes by retention (not compacted). */
  public Topic(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    this(name, keySerde, valueSerde, false);
  }

  @Override
  public String toString() {
    return "Topic[" + name + "]";
  }
}
