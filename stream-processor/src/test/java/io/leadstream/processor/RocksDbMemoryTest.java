package io.leadstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbMemoryTest {

  private static final long MEMTABLE = 64L * 1024;
  private static final String VALUE = "x".repeat(1_000);

  /** 2 MB of writes: far below what makes Kafka Streams flush a store of its own accord. */
  private static final int WRITES = 2_000;

  @Test
  void withAMemtableSizeAStoreKeepsAboutTwoSuchMemtablesInMemoryNotWhatWasWritten(
      @TempDir Path state) {
    Map<String, Object> sized = Map.of(RocksDbMemory.MEMTABLE_BYTES_CONFIG, MEMTABLE);
    try (TopologyTestDriver driver = driver(state.resolve("sized"), List.of("in"), sized)) {
      write(driver, "in", WRITES);
      // Two memtables and the blocks of their arenas (RocksDB counts what it allocated; a
      // memtable being flushed may still be counted while the next fills, and the figure has been
      // seen at 4.1 memtables): a quarter of the 2 MB written, where the default keeps all of it.
      assertThat(memtableBytes(driver)).isPositive().isLessThanOrEqualTo(8.0 * MEMTABLE);
      assertReadable(driver, "in", WRITES);
    }
    // The same writes with RocksDB's default memtable (16 MB) all stay in memory.
    try (TopologyTestDriver driver = driver(state.resolve("default"), List.of("in"), Map.of())) {
      write(driver, "in", WRITES);
      assertThat(memtableBytes(driver)).isGreaterThan(0.9 * WRITES * VALUE.length());
    }
  }

  @Test
  void storesOfOneInstanceShareOneBlockCacheOfTheSizeSet(@TempDir Path state) {
    long cacheBytes = 3L * 1024 * 1024;
    Map<String, Object> settings =
        Map.of(
            RocksDbMemory.BLOCK_CACHE_BYTES_CONFIG, cacheBytes,
            RocksDbMemory.MEMTABLE_BYTES_CONFIG, MEMTABLE);
    try (TopologyTestDriver driver = driver(state, List.of("first", "second"), settings)) {
      for (String store : List.of("first", "second")) {
        write(driver, store, 5_000); // 5 MB each, flushed to disk in memtable-sized files
      }
      long afterWrites = RocksDbMemory.cacheUsage(cacheBytes);
      for (String store : List.of("first", "second")) {
        assertReadable(driver, store, 5_000); // reads of flushed data go through the cache
      }
      long afterReads = RocksDbMemory.cacheUsage(cacheBytes);
      assertThat(afterReads).as("blocks both stores read").isGreaterThan(afterWrites);
      assertThat(afterReads).isLessThanOrEqualTo(cacheBytes * 11 / 10);
    }
  }

  @Test
  void aNonPositiveSizeIsRefusedWithTheSettingNamedAndAbsentMeansUnset() {
    assertThat(RocksDbMemory.bytes(Map.of(), RocksDbMemory.BLOCK_CACHE_BYTES_CONFIG)).isZero();
    assertThatThrownBy(
            () ->
                RocksDbMemory.bytes(
                    Map.of(RocksDbMemory.BLOCK_CACHE_BYTES_CONFIG, 0),
                    RocksDbMemory.BLOCK_CACHE_BYTES_CONFIG))
        .hasMessageContaining(RocksDbMemory.BLOCK_CACHE_BYTES_CONFIG)
        .hasMessageContaining("positive");
    assertThatThrownBy(
            () ->
                RocksDbMemory.bytes(
                    Map.of(RocksDbMemory.MEMTABLE_BYTES_CONFIG, "lots"),
                    RocksDbMemory.MEMTABLE_BYTES_CONFIG))
        .hasMessageContaining(RocksDbMemory.MEMTABLE_BYTES_CONFIG);
  }

  /** One table per topic, materialized in a RocksDB store of the same name, without a cache. */
  private static TopologyTestDriver driver(
      Path state, List<String> topics, Map<String, Object> settings) {
    StreamsBuilder builder = new StreamsBuilder();
    for (String topic : topics) {
      builder.table(
          topic,
          Consumed.with(Serdes.String(), Serdes.String()).withName("source-" + topic),
          Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(topic)
              .withCachingDisabled());
    }
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rocksdb-memory-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    if (!settings.isEmpty()) {
      props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDbMemory.class);
      props.putAll(settings);
    }
    return new TopologyTestDriver(builder.build(), props);
  }

  private static void write(TopologyTestDriver driver, String topic, int records) {
    TestInputTopic<String, String> in =
        driver.createInputTopic(topic, new StringSerializer(), new StringSerializer());
    for (int i = 0; i < records; i++) {
      in.pipeInput(topic + "-" + i, VALUE);
    }
  }

  private static void assertReadable(TopologyTestDriver driver, String store, int records) {
    KeyValueStore<String, String> kv = driver.getKeyValueStore(store);
    for (int i = 0; i < records; i += 50) {
      assertThat(kv.get(store + "-" + i)).isEqualTo(VALUE);
    }
  }

  /** What the stores' memtables hold now, by RocksDB's own figure (a Kafka Streams metric). */
  private static double memtableBytes(TopologyTestDriver driver) {
    return driver.metrics().values().stream()
        .filter(m -> m.metricName().name().equals("cur-size-all-mem-tables"))
        .mapToDouble(m -> ((Number) m.metricValue()).doubleValue())
        .sum();
  }
}
