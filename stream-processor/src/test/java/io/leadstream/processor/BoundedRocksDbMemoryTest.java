package io.leadstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedRocksDbMemoryTest {

  private static final long BUDGET = 4L * 1024 * 1024;

  @Test
  void storesOfOneInstanceChargeTheirBlocksAndMemtablesToOneBoundedCache(@TempDir Path state) {
    StreamsBuilder builder = new StreamsBuilder();
    for (String name : new String[] {"first", "second"}) {
      builder.table(
          name,
          Consumed.with(Serdes.String(), Serdes.String()).withName("source-" + name),
          Materialized
              .<String, String, KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>>as(
                  "store-" + name)
              .withCachingDisabled());
    }
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bounded-rocksdb-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
    props.put(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, BUDGET);

    String value = "x".repeat(1_000);
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
      for (String name : new String[] {"first", "second"}) {
        TestInputTopic<String, String> in =
            driver.createInputTopic(name, new StringSerializer(), new StringSerializer());
        // 20 MB per store: five times the whole budget, each store's memtables alone would
        // take up to 48 MB without it.
        for (int i = 0; i < 20_000; i++) {
          in.pipeInput(name + "-" + i, value);
        }
      }
      long used = BoundedRocksDbMemory.usage(BUDGET);
      assertThat(used).as("bytes charged to the shared cache").isPositive();
      assertThat(used)
          .as("bytes charged to the shared cache")
          .isLessThanOrEqualTo(BUDGET * 11 / 10);
      KeyValueStore<String, String> first = driver.getKeyValueStore("store-first");
      assertThat(first.get("first-19999")).isEqualTo(value);
      assertThat(first.get("first-0")).isEqualTo(value);
    }
  }

  @Test
  void aMissingOrNonPositiveBudgetIsRefusedWithTheSettingNamed() {
    assertThatThrownBy(() -> BoundedRocksDbMemory.budget(Map.of()))
        .hasMessageContaining(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG);
    assertThatThrownBy(
            () -> BoundedRocksDbMemory.budget(Map.of(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, 0)))
        .hasMessageContaining("positive");
  }
}
