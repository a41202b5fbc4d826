package io.leadstream.bench;

import io.leadstream.config.Config;
import io.leadstream.localbroker.LocalBroker;
import io.leadstream.processor.LeadTopology;
import io.leadstream.processor.ProcessorSettings;
import io.leadstream.processor.TopicProvisioner;
import io.leadstream.schemas.TopicNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * What the benchmarks that load a large state into the whole processor share: a real broker
 * process, one application's settings on topics of its own, waiting until it has processed its
 * input, and the size of its stores on disk.
 */
final class LoadedProcessor {

  private LoadedProcessor() {}

  /** A started broker process with its data under {@code dir}/broker. */
  static LocalBroker startBroker(Path dir) throws Exception {
    LocalBroker broker =
        LocalBroker.builder()
            .dataDir(dir.resolve("broker"))
            .port(ProcessorBenchmark.freePort())
            .controllerPort(ProcessorBenchmark.freePort())
            .jvmOptions(List.of("-Xms512m", "-Xmx1g", "-XX:+UseG1GC"))
            .build();
    broker.start();
    return broker;
  }

  /**
   * The config of application {@code appId} with every topic named {@code prefix.<logical>} and its
   * state under {@code stateDir}, plus {@code extra}; its topics provisioned.
   */
  static Config config(
      String bootstrap, String appId, String prefix, Path stateDir, Map<String, String> extra)
      throws Exception {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("kafka.bootstrap.servers", bootstrap);
    overrides.put("processor.application.id", appId);
    overrides.put("processor.state.dir", stateDir.toString());
    overrides.put("processor.topic.partitions", Integer.toString(ProcessorBenchmark.PARTITIONS));
    for (String logical : TopicNames.defaults().asMap().keySet()) {
      overrides.put("topics." + logical, prefix + "." + logical);
    }
    overrides.putAll(extra);
    overrides.putAll(kafkaOverrides());
    Config config = Config.load(ProcessorSettings.DEFAULTS, Optional.empty(), Map.of(), overrides);
    ProcessorSettings settings = ProcessorSettings.from(config);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      new TopicProvisioner(admin, 30_000)
          .provision(
              TopicProvisioner.specs(settings.topics(), ProcessorBenchmark.PARTITIONS, (short) 1));
    }
    return config;
  }

  /**
   * Client and Kafka Streams settings given to a benchmark as {@code -Dbench.kafka.<key>=<value>}
   * (for example {@code -Dbench.kafka.max.task.idle.ms=-1}), as the processor's {@code
   * kafka.<key>}.
   */
  static Map<String, String> kafkaOverrides() {
    Map<String, String> kafka = new HashMap<>();
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            name -> {
              if (name.startsWith("bench.kafka.")) {
                kafka.put(name.substring("bench.".length()), System.getProperty(name));
              }
            });
    return kafka;
  }

  /** The settings of {@link #config}. */
  static ProcessorSettings settings(
      String bootstrap, String appId, String prefix, Path stateDir, Map<String, String> extra)
      throws Exception {
    return ProcessorSettings.from(config(bootstrap, appId, prefix, stateDir, extra));
  }

  /**
   * Waits until {@code appId} has processed everything on its raw topic: committed it to its end,
   * then the leadId repartition topic (written transactionally: less its last marker).
   */
  static void awaitProcessed(Admin admin, String appId, ProcessorSettings settings)
      throws Exception {
    awaitCommitted(admin, appId, settings.topics().raw(), 0);
    awaitCommitted(admin, appId, appId + "-" + LeadTopology.REPARTITION + "-repartition", 1);
  }

  /** Waits until {@code appId} has committed {@code topic} to its end less {@code markers}. */
  static void awaitCommitted(Admin admin, String appId, String topic, int markers)
      throws Exception {
    var end = ProcessorBenchmark.endOffsets(admin, topic);
    while (!ProcessorBenchmark.caughtUp(admin, appId, end, markers)) {
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  /** Bytes on disk of every partition of {@code store} under a state directory. */
  static long du(Path stateDir, String store) throws IOException {
    try (Stream<Path> files = Files.walk(stateDir)) {
      return files
          .filter(f -> f.toString().contains("/" + store + "/") && Files.isRegularFile(f))
          .mapToLong(f -> f.toFile().length())
          .sum();
    }
  }

  /** The nearest-rank {@code p}th percentile (100: the maximum); 0 when there are no values. */
  static double percentile(List<Double> values, int p) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
