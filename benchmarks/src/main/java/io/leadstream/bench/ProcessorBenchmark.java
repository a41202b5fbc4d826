package io.leadstream.bench;

import io.leadstream.config.Config;
import io.leadstream.localbroker.LocalBroker;
import io.leadstream.processor.LeadMetrics;
import io.leadstream.processor.LeadTopology;
import io.leadstream.processor.ProcessorSettings;
import io.leadstream.processor.TopicProvisioner;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.TopicNames;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Processor throughput on a real broker process: Leadstream's topology against a pass-through
 * topology with the same hops (source, a value step, re-key, repartition topic, a value step, a
 * named split, sinks) and the same exactly-once settings, on the same input; then Leadstream with a
 * small and a large number of distinct customer-offers.
 *
 * <p>Input: a realistic mix per customer: one lead; about 30% repeat it identically, 10% follow it
 * with Get it now (a progression), 5% are do-not-contact, 2% are broken JSON. Raw records are keyed
 * by ingest id, as the gateway writes them. Throughput counts raw leads consumed per second, from
 * the RUNNING state until the application's committed offsets reach the end of the input.
 *
 * <p>The lifecycle step's cost: Leadstream with the lifecycle on and off, in turns (the order
 * alternating), four times each ({@code -Dbench.rounds}), compared by the medians. Each run starts
 * when the broker has settled from the one before.
 *
 * <p>Run: {@code benchmarks/run processor [smallCustomers] [largeCustomers]}.
 */
public final class ProcessorBenchmark {

  static final int PARTITIONS = 6;

  /** Stream threads of both topologies ({@code -Dbench.threads}, default 1). */
  private static final int THREADS = Integer.getInteger("bench.threads", 1);

  /** Runs of Leadstream with the lifecycle on and off, each ({@code -Dbench.rounds}, default 4). */
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 4);

  private static final boolean[] ON_THEN_OFF = {true, false};
  private static final boolean[] OFF_THEN_ON = {false, true};

  /**
   * Before each run, the broker must have been this busy at most (share of a core over a second),
   * so that one run does not pay for the work the broker still does for the one before it.
   */
  private static final double QUIET_BROKER = 0.15;

  public static void main(String[] args) throws Exception {
    int small = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int large = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
    Path dir = Files.createTempDirectory("leadstream-processor-bench");
    LocalBroker broker =
        LocalBroker.builder()
            .dataDir(dir.resolve("broker"))
            .port(freePort())
            .controllerPort(freePort())
            .jvmOptions(List.of("-Xms512m", "-Xmx1g", "-XX:+UseG1GC"))
            .build();
    broker.start();
    try {
      String bootstrap = broker.bootstrapServers();
      System.out.printf(
          "broker %s, %d partitions, %d stream thread(s), exactly_once_v2%n",
          bootstrap, PARTITIONS, THREADS);

      // Warm-up (not reported): JIT, RocksDB and the broker's page cache for every topology.
      int warmRecords = produce(bootstrap, "bench.warm.raw", small, new Random(3));
      run(broker, dir, "pass-through", "bench.warm", warmRecords, true);
      run(broker, dir, "leadstream", "bench.warm", warmRecords, false, true);
      run(broker, dir, "leadstream-no-lifecycle", "bench.warm", warmRecords, false, false);

      int smallRecords = produce(bootstrap, "bench.small.raw", small, new Random(1));
      double passThrough = run(broker, dir, "pass-through", "bench.small", smallRecords, true);
      // Lifecycle on and off in turns, ROUNDS times each, compared by their medians: on a shared
      // 2-core machine one run of either differs from the next by up to a fifth. The order
      // alternates (on, off; off, on; ...) so that neither always runs first, on a JVM and a
      // broker one run less warm.
      double[] on = new double[ROUNDS];
      double[] off = new double[ROUNDS];
      for (int r = 0; r < ROUNDS; r++) {
        for (boolean lifecycle : r % 2 == 0 ? ON_THEN_OFF : OFF_THEN_ON) {
          String kind = (lifecycle ? "leadstream-" : "leadstream-no-lifecycle-") + r;
          double rate = run(broker, dir, kind, "bench.small", smallRecords, false, lifecycle);
          (lifecycle ? on : off)[r] = rate;
        }
      }
      double leadstreamSmall = median(on);
      double lifecycleOff = median(off);
      int largeRecords = produce(bootstrap, "bench.large.raw", large, new Random(2));
      double leadstreamLarge = run(broker, dir, "leadstream", "bench.large", largeRecords, false);

      System.out.println();
      System.out.printf("%-44s %12s %10s%n", "run", "raw leads", "leads/s");
      System.out.printf(
          "%-44s %12d %10.0f%n",
          "pass-through, " + small + " customer-offers", smallRecords, passThrough);
      System.out.printf(
          "%-44s %12d %10.0f   (runs: %s)%n",
          "leadstream, " + small + " customer-offers", smallRecords, leadstreamSmall, rates(on));
      System.out.printf(
          "%-44s %12d %10.0f   (runs: %s)%n",
          "leadstream, lifecycle off, " + small + " c-o", smallRecords, lifecycleOff, rates(off));
      System.out.printf(
          "%-44s %12d %10.0f%n",
          "leadstream, " + large + " customer-offers", largeRecords, leadstreamLarge);
      System.out.printf(
          "leadstream / pass-through: %.0f%% (target >= 50%%)%n",
          100 * leadstreamSmall / passThrough);
      System.out.printf(
          "lifecycle on / off: %.0f%% (target >= 80%%)%n", 100 * leadstreamSmall / lifecycleOff);
      System.out.printf(
          "%d vs %d customer-offers: %.0f%% of the throughput (target >= 75%%)%n",
          large, small, 100 * leadstreamLarge / leadstreamSmall);
    } finally {
      broker.stop();
    }
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static String rates(double[] values) {
    StringBuilder out = new StringBuilder();
    for (double v : values) {
      out.append(out.length() == 0 ? "" : ", ").append(Math.round(v));
    }
    return out.toString();
  }

  /** Writes the realistic mix for {@code customers} customer-offers; returns the record count. */
  static int produce(String bootstrap, String topic, int customers, Random random)
      throws Exception {
    Properties props = producerProps(bootstrap);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      new TopicProvisioner(admin, 30_000)
          .provision(
              List.of(new TopicProvisioner.TopicSpec(topic, PARTITIONS, (short) 1, false, false)));
    }
    long begin = System.nanoTime();
    int count = 0;
    long t = Instant.now().minus(Duration.ofMinutes(50)).toEpochMilli();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      for (int c = 0; c < customers; c++) {
        String email = "customer" + c + "@company" + (c % 5000) + ".example.com";
        double roll = random.nextDouble();
        String action = roll < 0.05 ? "DNC" : "PLT";
        List<String> bodies = new ArrayList<>();
        bodies.add(random.nextDouble() < 0.02 ? "{\"UserDetails\": [" : lead(email, action, c));
        if (roll >= 0.05 && roll < 0.35) {
          bodies.add(bodies.get(0));
        } else if (roll >= 0.35 && roll < 0.45) {
          bodies.add(lead(email, "INS", c));
        }
        for (String body : bodies) {
          String ingestId = "in_b" + count++;
          producer.send(
              new ProducerRecord<>(
                  topic,
                  null,
                  t,
                  ingestId,
                  body.getBytes(StandardCharsets.UTF_8),
                  RawHeaders.of(
                      ingestId,
                      Instant.ofEpochMilli(t),
                      RawHeaders.CHANNEL_HTTPS,
                      "application/json",
                      "bench",
                      null)));
        }
        t += 1;
      }
      producer.flush();
    }
    System.out.printf(
        "produced %d raw leads for %d customer-offers to %s in %.1f s%n",
        count, customers, topic, (System.nanoTime() - begin) / 1e9);
    return count;
  }

  /** The load producer of the benchmarks: idempotent, acks=all, batched and compressed. */
  static Properties producerProps(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return props;
  }

  static String lead(String email, String action, int c) {
    String source = action.equals("INS") ? "AzureMarketplace-INS" : "SPZA-" + action;
    return lead(
        email,
        action,
        source,
        "contoso.sales-insights",
        "Contoso Sales Insights",
        "Company " + (c % 5000),
        c);
  }

  /**
   * A Partner Center lead body: LeadSource {@code <source>|<offerKey>}; no Company when {@code
   * company} is null.
   */
  static String lead(
      String email,
      String action,
      String source,
      String offerKey,
      String offerTitle,
      String company,
      int c) {
    return "{\"UserDetails\":{\"FirstName\":\"Pat\",\"LastName\":\"Example\",\"Email\":\""
        + email
        + "\",\"Phone\":\"+1 425 555 01"
        + String.format("%02d", c % 100)
        + "\",\"Country\":\"US\","
        + (company == null ? "" : "\"Company\":\"" + company + "\",")
        + "\"Title\":\"Buyer\"},\"ActionCode\":\""
        + action
        + "\",\"LeadSource\":\""
        + source
        + "|"
        + offerKey
        + "\",\"OfferTitle\":\""
        + offerTitle
        + "\",\"Description\":\"Please call about pricing. mktcmpid=spring-campaign\"}";
  }

  /** Runs one application over {@code prefix}.raw; returns raw leads consumed per second. */
  static double run(
      LocalBroker broker, Path dir, String kind, String prefix, int records, boolean passThrough)
      throws Exception {
    return run(broker, dir, kind, prefix, records, passThrough, true);
  }

  static double run(
      LocalBroker broker,
      Path dir,
      String kind,
      String prefix,
      int records,
      boolean passThrough,
      boolean lifecycle)
      throws Exception {
    String bootstrap = broker.bootstrapServers();
    String appId = "bench-" + kind + "-" + prefix.replace('.', '-');
    Map<String, String> overrides = new HashMap<>();
    overrides.put("kafka.bootstrap.servers", bootstrap);
    overrides.put("processor.application.id", appId);
    overrides.put("processor.state.dir", dir.resolve("state").toString());
    overrides.put("processor.topic.partitions", Integer.toString(PARTITIONS));
    overrides.put("processor.num.stream.threads", Integer.toString(THREADS));
    for (String logical : TopicNames.defaults().asMap().keySet()) {
      overrides.put("topics." + logical, prefix + "." + (passThrough ? "pt-" : "") + logical);
    }
    overrides.put("topics.raw", prefix + ".raw");
    overrides.put("processor.lifecycle.enabled", Boolean.toString(lifecycle));
    overrides.putAll(LoadedProcessor.kafkaOverrides());
    ProcessorSettings settings =
        ProcessorSettings.from(
            Config.load(ProcessorSettings.DEFAULTS, Optional.empty(), Map.of(), overrides));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      new TopicProvisioner(admin, 30_000)
          .provision(TopicProvisioner.specs(settings.topics(), PARTITIONS, (short) 1));
    }
    Topology topology =
        passThrough ? passThrough(settings) : LeadTopology.build(settings, LeadMetrics.NONE);
    Properties props = settings.streamsProperties();
    awaitQuietBroker(broker);
    try (KafkaStreams streams = new KafkaStreams(topology, props);
        Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      long[] runningSince = {0};
      double[] streamCpuAtStart = {0};
      double[] processCpuAtStart = {0};
      double[] brokerCpuAtStart = {0};
      streams.setStateListener(
          (now, before) -> {
            if (now == KafkaStreams.State.RUNNING && runningSince[0] == 0) {
              runningSince[0] = System.nanoTime();
              streamCpuAtStart[0] = streamThreadCpuSeconds(appId);
              processCpuAtStart[0] = processCpuSeconds();
              brokerCpuAtStart[0] = cpuSeconds(broker);
            }
          });
      streams.start();
      Map<TopicPartition, Long> end = endOffsets(admin, settings.topics().raw());
      while (!caughtUp(admin, appId, end, 0)) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
      // Then the second sub-topology: it has consumed the whole repartition topic (its last
      // transaction marker excepted) once everything from the raw topic has been written there.
      String repartition =
          appId + "-" + (passThrough ? "pt-by-key" : LeadTopology.REPARTITION) + "-repartition";
      while (!caughtUp(admin, appId, endOffsets(admin, repartition), 1)) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
      double seconds = (System.nanoTime() - runningSince[0]) / 1e9;
      double rate = records / seconds;
      double streamCpu = streamThreadCpuSeconds(appId) - streamCpuAtStart[0];
      double processCpu = processCpuSeconds() - processCpuAtStart[0];
      double brokerCpu = cpuSeconds(broker) - brokerCpuAtStart[0];
      // Every record the application's producers wrote: outputs, the repartition topic and the
      // stores' changelogs.
      double written =
          streams.metrics().entrySet().stream()
              .filter(
                  e ->
                      e.getKey().name().equals("record-send-total")
                          && e.getKey().group().equals("producer-metrics"))
              .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
              .sum();
      System.out.printf(
          "%s on %s: %d raw leads in %.1f s = %.0f leads/s (stream thread busy %.0f%%, %.1f us"
              + " CPU per lead; this JVM %.0f%% of a core, %.1f us per lead; broker %.0f%% of a"
              + " core, %.1f us per lead; %.2f records written per raw lead)%n",
          kind,
          prefix,
          records,
          seconds,
          rate,
          100 * streamCpu / seconds,
          1e6 * streamCpu / records,
          100 * processCpu / seconds,
          1e6 * processCpu / records,
          100 * brokerCpu / seconds,
          1e6 * brokerCpu / records,
          written / records);
      return rate;
    }
  }

  /** The same hops and exactly-once settings as Leadstream's topology, doing no work. */
  static Topology passThrough(ProcessorSettings settings) {
    TopicNames t = settings.topics();
    StreamsBuilder builder =
        new StreamsBuilder(new TopologyConfig(new StreamsConfig(settings.streamsProperties())));
    builder.stream(t.raw(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("source"))
        .mapValues(v -> v, Named.as("step-1"))
        .selectKey((k, v) -> k, Named.as("rekey"))
        .repartition(
            Repartitioned.<String, byte[]>as("pt-by-key")
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.ByteArray())
                .withNumberOfPartitions(settings.partitions()))
        .mapValues(v -> v, Named.as("step-2"))
        .split(Named.as("route-"))
        .branch(
            (k, v) -> v.length == 0,
            Branched.withConsumer(
                s ->
                    s.to(
                        t.dlq(),
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName("sink-dlq")),
                "dlq"))
        .defaultBranch(
            Branched.withConsumer(
                s ->
                    s.to(
                        t.qualified(),
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName("sink-out")),
                "out"));
    return builder.build();
  }

  static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    if (!admin.listTopics().names().get().contains(topic)) {
      throw new IllegalStateException(
          "no topic " + topic + "; topics: " + admin.listTopics().names().get());
    }
    Map<TopicPartition, Long> end = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
        admin.listOffsets(request).all().get().entrySet()) {
      end.put(e.getKey(), e.getValue().offset());
    }
    return end;
  }

  /**
   * Whether {@code group} has committed every partition up to its end, less {@code markers} (a
   * transactionally written topic ends with a commit marker no consumer commits past).
   */
  static boolean caughtUp(Admin admin, String group, Map<TopicPartition, Long> end, int markers)
      throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      OffsetAndMetadata offset = committed.get(e.getKey());
      long at = offset == null ? 0 : offset.offset();
      if (at < e.getValue() - markers) {
        return false;
      }
    }
    return true;
  }

  /** CPU seconds used so far by the stream threads of application {@code appId}. */
  static double streamThreadCpuSeconds(String appId) {
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long nanos = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith(appId) && thread.getName().contains("-StreamThread-")) {
        nanos += Math.max(0, threads.getThreadCpuTime(thread.getId()));
      }
    }
    return nanos / 1e9;
  }

  /**
   * Waits, up to 30 s, until the broker used at most {@link #QUIET_BROKER} of a core in the last
   * second; says how long it waited when it had to.
   */
  private static void awaitQuietBroker(LocalBroker broker) throws InterruptedException {
    long begin = System.nanoTime();
    double busy = Double.MAX_VALUE;
    while (System.nanoTime() - begin < TimeUnit.SECONDS.toNanos(30)) {
      double before = cpuSeconds(broker);
      TimeUnit.SECONDS.sleep(1);
      busy = cpuSeconds(broker) - before;
      if (busy <= QUIET_BROKER) {
        break;
      }
    }
    double waited = (System.nanoTime() - begin) / 1e9;
    if (waited > 1.5 || busy > QUIET_BROKER) {
      System.out.printf(
          "waited %.0f s for the broker to settle (last second: %.0f%% of a core)%n",
          waited, 100 * busy);
    }
  }

  /** CPU time the broker process has used so far. */
  private static double cpuSeconds(LocalBroker broker) {
    return broker
        .pid()
        .flatMap(ProcessHandle::of)
        .flatMap(handle -> handle.info().totalCpuDuration())
        .map(cpu -> cpu.toNanos() / 1e9)
        .orElse(0.0);
  }

  private static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private ProcessorBenchmark() {}
}
