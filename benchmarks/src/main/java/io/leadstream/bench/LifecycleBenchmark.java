package io.leadstream.bench;

import io.leadstream.localbroker.LocalBroker;
import io.leadstream.processor.LeadMetrics;
import io.leadstream.processor.LeadTopology;
import io.leadstream.processor.ProcessorSettings;
import io.leadstream.processor.lifecycle.LifecycleStep;
import io.leadstream.schemas.AlertType;
import io.leadstream.schemas.LeadAlert;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.RawHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The lifecycle step with many open leads, on a real broker and the whole processor: N qualified
 * leads are imported (channel {@code import}, dated by {@code leadstream-created-at}) with creation
 * times spread evenly over the last 20 hours, so with the default 24 h SLA and 4 h warning their
 * FOLLOW_UP_DUE_SOON times fall evenly over the next 20 hours and each 30 s punctuation finds N /
 * 2400 of them due. Prints the load rate, the stores' size on disk, the share of the stream
 * thread's time spent punctuating (Kafka Streams' {@code punctuate-ratio}) beside the baseline of
 * visiting every lead once (what a punctuator without the deadline-ordered index would do each
 * time), and the delay from each alert's due time to a {@code read_committed} consumer reading it.
 *
 * <p>Run: {@code benchmarks/run lifecycle [leads=1000000] [measureSeconds=180]}.
 */
public final class LifecycleBenchmark {

  private static final Duration WARNING = Duration.ofHours(4);

  public static void main(String[] args) throws Exception {
    int leads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int measureSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 180;
    Path dir = Files.createTempDirectory("leadstream-lifecycle-bench");
    LocalBroker broker = LoadedProcessor.startBroker(dir);
    try {
      String bootstrap = broker.bootstrapServers();
      String appId = "bench-lifecycle";
      ProcessorSettings settings =
          LoadedProcessor.settings(bootstrap, appId, "bench.lc", dir.resolve("state"), Map.of());
      Instant now = Instant.now();
      int records = produce(bootstrap, settings.topics().raw(), leads, now);

      try (KafkaStreams streams =
              new KafkaStreams(
                  LeadTopology.build(settings, LeadMetrics.NONE), settings.streamsProperties());
          Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
          KafkaConsumer<String, LeadAlert> alerts = alertConsumer(bootstrap)) {
        long start = System.nanoTime();
        streams.start();
        LoadedProcessor.awaitProcessed(admin, appId, settings);
        double loadSeconds = (System.nanoTime() - start) / 1e9;

        alerts.subscribe(List.of(settings.topics().alerts()));
        List<Double> ratios = new ArrayList<>();
        List<Double> delays = new ArrayList<>();
        // Leads due before the processor had read them alert on arrival: their delay is the load
        // time, not the step's. Only deadlines from here on count.
        Instant measureStart = Instant.now();
        long measureEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(measureSeconds);
        long nextSample = System.nanoTime();
        long alertCount = 0;
        while (System.nanoTime() < measureEnd) {
          for (ConsumerRecord<String, LeadAlert> r : alerts.poll(Duration.ofMillis(500))) {
            alertCount++;
            Instant due = r.value().dueAt().minus(WARNING);
            if (r.value().type() == AlertType.FOLLOW_UP_DUE_SOON && !due.isBefore(measureStart)) {
              delays.add(Duration.between(due, Instant.now()).toMillis() / 1000.0);
            }
          }
          if (System.nanoTime() >= nextSample) {
            ratios.add(metric(streams, "punctuate-ratio"));
            nextSample += TimeUnit.SECONDS.toNanos(10);
          }
        }

        ReadOnlyKeyValueStore<String, Object> store =
            streams.store(
                StoreQueryParameters.fromNameAndType(
                    LifecycleStep.STORE, QueryableStoreTypes.keyValueStore()));
        long scanStart = System.nanoTime();
        long tracked = 0;
        try (KeyValueIterator<String, Object> all = store.all()) {
          while (all.hasNext()) {
            all.next();
            tracked++;
          }
        }
        double scanMs = (System.nanoTime() - scanStart) / 1e6;
        double ratio = ratios.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double punctuateAvgMs = metric(streams, "punctuate-latency-avg");
        double punctuateMaxMs = metric(streams, "punctuate-latency-max");

        System.out.println();
        System.out.printf(
            "lifecycle step, %,d leads tracked (%,d raw leads imported), real broker,"
                + " exactly_once_v2%n",
            tracked, records);
        System.out.printf(
            "  load through the whole processor: %.1f s = %,.0f raw leads/s%n",
            loadSeconds, records / loadSeconds);
        System.out.printf(
            "  stores on disk: lifecycle %.1f MB, deadline index %.1f MB, state counts %.2f MB%n",
            LoadedProcessor.du(dir.resolve("state"), LifecycleStep.STORE) / 1e6,
            LoadedProcessor.du(dir.resolve("state"), LifecycleStep.INDEX) / 1e6,
            LoadedProcessor.du(dir.resolve("state"), LifecycleStep.COUNTS) / 1e6);
        System.out.printf(
            "  %d s measured: %,d alerts read; punctuation every %d s takes avg %.1f ms, max %.1f ms;"
                + " share of the stream thread's time punctuating: %.3f%%%n",
            measureSeconds,
            alertCount,
            settings.lifecycle().punctuateInterval().toSeconds(),
            punctuateAvgMs,
            punctuateMaxMs,
            100 * ratio);
        System.out.printf(
            "  baseline, visiting every lead once (a punctuator without the index): %.0f ms ="
                + " %.1f%% of each %d s interval%n",
            scanMs,
            100 * scanMs / settings.lifecycle().punctuateInterval().toMillis(),
            settings.lifecycle().punctuateInterval().toSeconds());
        System.out.printf(
            "  due time to alert read (read_committed), deadlines falling due while measured: p50 %.1f"
                + " s, p99 %.1f s, max %.1f s over %,d alerts%n",
            LoadedProcessor.percentile(delays, 50),
            LoadedProcessor.percentile(delays, 99),
            LoadedProcessor.percentile(delays, 100),
            delays.size());
        streams.close(Duration.ofSeconds(30));
      }
    } finally {
      broker.stop();
    }
  }

  private static int produce(String bootstrap, String topic, int leads, Instant now)
      throws Exception {
    Properties props = ProcessorBenchmark.producerProps(bootstrap);
    long spread = Duration.ofHours(20).toMillis();
    long begin = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      for (int c = 0; c < leads; c++) {
        String email = "customer" + c + "@company" + (c % 5000) + ".example.com";
        Instant created = now.minusMillis(spread - spread * c / leads);
        String ingestId = "in_l" + c;
        ProducerRecord<String, byte[]> record =
            new ProducerRecord<>(
                topic,
                null,
                now.toEpochMilli(),
                ingestId,
                ProcessorBenchmark.lead(email, "PLT", c).getBytes(StandardCharsets.UTF_8),
                RawHeaders.of(
                    ingestId,
                    now,
                    RawHeaders.CHANNEL_IMPORT,
                    "application/json",
                    "bench",
                    created));
        producer.send(record);
      }
      producer.flush();
    }
    System.out.printf(
        "imported %,d leads to %s in %.1f s%n", leads, topic, (System.nanoTime() - begin) / 1e9);
    return leads;
  }

  private static KafkaConsumer<String, LeadAlert> alertConsumer(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-alert-reader");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(
        props, new StringDeserializer(), LeadSerdes.leadAlert().deserializer());
  }

  /** A stream-thread metric of the application (the first thread's), or 0. */
  private static double metric(KafkaStreams streams, String name) {
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      if (e.getKey().name().equals(name) && e.getKey().group().equals("stream-thread-metrics")) {
        Object value = e.getValue().metricValue();
        return value instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : 0;
      }
    }
    return 0;
  }

  private LifecycleBenchmark() {}
}
