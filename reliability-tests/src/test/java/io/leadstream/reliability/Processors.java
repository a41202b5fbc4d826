package io.leadstream.reliability;

import io.leadstream.processor.ProcessorMain;
import io.leadstream.testkit.ChildJvm;
import io.leadstream.testkit.RealKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Stream processor instances, each in a JVM of its own ({@link ChildJvm}), sharing one application
 * id; an instance can be killed with SIGKILL and started again on the same state folder, as an
 * orchestrator would restart it.
 */
final class Processors implements AutoCloseable {

  private final Path dir;
  private final Path config;
  private final Map<String, String> settings;
  private final Map<String, ChildJvm> running = new LinkedHashMap<>();
  private int starts;
  private int kills;
  private long peakResident;

  Processors(RealKafka kafka, Path dir, String applicationId, int replicationFactor)
      throws IOException {
    this(kafka, dir, applicationId, replicationFactor, Map.of());
  }

  /** As above, with {@code overrides} (processor settings) on top of the test's settings. */
  Processors(
      RealKafka kafka,
      Path dir,
      String applicationId,
      int replicationFactor,
      Map<String, String> overrides)
      throws IOException {
    this.dir = dir;
    Map<String, String> s = new TreeMap<>();
    s.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    s.put("processor.application.id", applicationId);
    s.put("processor.topic.partitions", "6");
    s.put("processor.topic.replication.factor", String.valueOf(replicationFactor));
    s.put("processor.management.host", "127.0.0.1");
    s.put("processor.management.port", "0");
    s.put("kafka.commit.interval.ms", "100");
    s.put("kafka.consumer.session.timeout.ms", "6000");
    s.put("kafka.consumer.heartbeat.interval.ms", "1000");
    // The checker replays the repartition topic: Kafka Streams must not purge it meanwhile.
    s.put("kafka.repartition.purge.interval.ms", String.valueOf(Duration.ofDays(1).toMillis()));
    s.putAll(overrides);
    this.settings = Map.copyOf(s);
    Files.createDirectories(dir);
    this.config = dir.resolve("processor.properties");
    Files.writeString(
        config,
        s.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n")));
  }

  /** The processor configuration (the checker builds its reference topology from it). */
  Map<String, String> settings() {
    return settings;
  }

  String applicationId() {
    return settings.get("processor.application.id");
  }

  /** Starts instance {@code name} (again, on its own state folder, if it ran before). */
  synchronized ChildJvm start(String name) {
    ChildJvm jvm =
        ChildJvm.builder(ProcessorMain.class.getName())
            .name(applicationId() + "-" + name + "-" + ++starts)
            .heap("256m")
            .env("LEADSTREAM_PROCESSOR_STATE_DIR", dir.resolve(name).resolve("state").toString())
            .args("--config", config.toString())
            .start();
    running.put(name, jvm);
    return jvm;
  }

  /** SIGKILL for instance {@code name}, then a new JVM in its place. */
  synchronized void killAndRestart(String name) {
    kill(name);
    start(name);
  }

  /** SIGKILL for instance {@code name}; {@link #start} brings it back on its state folder. */
  synchronized void kill(String name) {
    ChildJvm victim = running.get(name);
    notePeak(victim);
    victim.kill();
    if (victim.isAlive()) {
      throw new AssertionError(victim.name() + " survived SIGKILL");
    }
    kills++;
  }

  private void notePeak(ChildJvm jvm) {
    jvm.peakResidentBytes().ifPresent(bytes -> peakResident = Math.max(peakResident, bytes));
  }

  /** The largest peak resident memory (VmHWM) of any processor JVM, 0 where not reported. */
  synchronized long peakResidentBytes() {
    running.values().forEach(this::notePeak);
    return peakResident;
  }

  synchronized int kills() {
    return kills;
  }

  /** Every instance that is not running any more (one crashed by itself). */
  synchronized Map<String, ChildJvm> dead() {
    Map<String, ChildJvm> dead = new LinkedHashMap<>();
    running.forEach(
        (name, jvm) -> {
          if (!jvm.isAlive()) {
            dead.put(name, jvm);
          }
        });
    return dead;
  }

  @Override
  public synchronized void close() {
    running.values().forEach(jvm -> jvm.stop(Duration.ofSeconds(20)));
  }
}
