package io.leadstream.processor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;

/**
 * Sizes the native memory of the RocksDB stores in this JVM. Kafka Streams' defaults give each
 * store and partition its own 50 MB block cache and up to three 16 MB memtables, so the processor's
 * native memory grows with the number of stores (about 9 stores of 6 partitions here, window stores
 * in segments) and, because a memtable is flushed to disk only when it is full, with every lead
 * written until then. Two independent settings:
 *
 * <ul>
 *   <li>{@code processor.rocksdb.block.cache.mb}: one block cache shared by every store, instead of
 *       one per store.
 *   <li>{@code processor.rocksdb.memtable.kb}: each store's memtable size, with at most two (one
 *       filling, one being flushed), so the writes each store keeps in memory are bounded by a size
 *       chosen for the write rate; the rest is on disk and in the OS page cache.
 * </ul>
 *
 * Together they bound RocksDB's memory at about the cache plus two memtables per store and
 * partition. No write-buffer manager: one shared memtable budget makes every store flush whenever
 * the sum reaches it, and on the local stack a useful budget cost half the throughput ({@code
 * docs/latency.md}).
 *
 * <p>Kafka Streams instantiates this class once per store; the cache is shared through a static map
 * keyed by its size, so instances with the same size in one JVM share one (it lives as long as the
 * JVM, and a store's close leaves it open).
 */
public final class RocksDbMemory implements RocksDBConfigSetter {

  /** The Kafka Streams property that carries the shared block cache's size in bytes. */
  public static final String BLOCK_CACHE_BYTES_CONFIG = "leadstream.rocksdb.block.cache.bytes";

  /** The Kafka Streams property that carries each store's memtable size in bytes. */
  public static final String MEMTABLE_BYTES_CONFIG = "leadstream.rocksdb.memtable.bytes";

  /** Memtables per store when their size is set: one filling while the other is flushed. */
  static final int MEMTABLES_PER_STORE = 2;

  private static final Map<Long, Cache> CACHES = new ConcurrentHashMap<>();

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    long cacheBytes = bytes(configs, BLOCK_CACHE_BYTES_CONFIG);
    long memtableBytes = bytes(configs, MEMTABLE_BYTES_CONFIG);
    if (cacheBytes > 0) {
      // Created here, not in a static initialiser: RocksDB's native library is loaded by then.
      Cache cache = CACHES.computeIfAbsent(cacheBytes, LRUCache::new);
      BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
      table.setBlockCache(cache);
      options.setTableFormatConfig(table);
    }
    if (memtableBytes > 0) {
      options.setWriteBufferSize(memtableBytes);
      options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
    }
  }

  /** What the stores sharing a cache of {@code cacheBytes} hold in it now, in bytes. */
  static long cacheUsage(long cacheBytes) {
    Cache cache = CACHES.get(cacheBytes);
    return cache == null ? 0 : cache.getUsage();
  }

  /** A size in bytes from the Streams properties: 0 when absent; refused when not positive. */
  static long bytes(Map<String, Object> configs, String key) {
    Object value = configs.get(key);
    if (value == null) {
      return 0;
    }
    long bytes;
    try {
      bytes = Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      bytes = 0;
    }
    if (bytes <= 0) {
      throw new IllegalStateException(key + " must be a positive number of bytes, got " + value);
    }
    return bytes;
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache is shared by every store: not closed here.
  }
}
