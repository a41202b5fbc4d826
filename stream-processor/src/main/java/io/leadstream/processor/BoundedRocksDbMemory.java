package io.leadstream.processor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the native memory of every RocksDB store in this JVM ({@code
 * processor.rocksdb.memory.mb}): one block cache that holds data blocks, index and filter blocks,
 * and, through a write-buffer manager charged to it, the memtables, shared by all stores, as Kafka
 * Streams' memory-management guide does it. Without it each store and partition has its own 50 MB
 * block cache and up to three 16 MB memtables, and the processor's native memory grows with the
 * number of stores (about 9 stores of 6 partitions here) rather than with a budget.
 *
 * <p>Kafka Streams instantiates this class once per store; the cache and the manager are shared
 * through a static map keyed by the budget, so instances with the same budget in one JVM share one
 * (they live as long as the JVM, and a store's close leaves them open).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

  /** The Kafka Streams property that carries the budget in bytes to every store's setter. */
  public static final String MEMORY_BYTES_CONFIG = "leadstream.rocksdb.memory.bytes";

  /** The share of the budget the memtables may take; the rest is for blocks. */
  static final double MEMTABLE_SHARE = 0.5;

  /** The share of the cache kept for index and filter blocks (high priority). */
  static final double INDEX_FILTER_SHARE = 0.1;

  private record Shared(Cache cache, WriteBufferManager writeBuffers) {}

  private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    long budget = budget(configs);
    Shared shared =
        SHARED.computeIfAbsent(
            budget,
            bytes -> {
              Cache cache = new LRUCache(bytes, -1, false, INDEX_FILTER_SHARE);
              return new Shared(
                  cache, new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache));
            });
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(shared.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(shared.writeBuffers());
    options.setTableFormatConfig(table);
  }

  /** What the stores of this budget hold in its cache now (blocks and memtables), in bytes. */
  static long usage(long budget) {
    Shared shared = SHARED.get(budget);
    return shared == null ? 0 : shared.cache().getUsage();
  }

  /** The budget in bytes from the Streams properties. */
  static long budget(Map<String, Object> configs) {
    Object value = configs.get(MEMORY_BYTES_CONFIG);
    long bytes = value == null ? 0 : Long.parseLong(value.toString().trim());
    if (bytes <= 0) {
      throw new IllegalStateException(
          MEMORY_BYTES_CONFIG + " must be a positive number of bytes, got " + value);
    }
    return bytes;
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write-buffer manager are shared by every store: not closed here.
  }
}
