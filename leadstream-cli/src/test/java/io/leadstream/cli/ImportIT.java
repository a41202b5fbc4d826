package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadstream.cli.ImportSamples.Category;
import io.leadstream.cli.ImportSamples.Lead;
import io.leadstream.config.Config;
import io.leadstream.gateway.Gateway;
import io.leadstream.imports.ImportIds;
import io.leadstream.imports.ImportOptions;
import io.leadstream.imports.ImportReader;
import io.leadstream.imports.ImportedLead;
import io.leadstream.imports.RawRecords;
import io.leadstream.processor.ProcessorSettings;
import io.leadstream.processor.StreamProcessor;
import io.leadstream.schemas.EventType;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.TopicNames;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./leadstream import} on a real broker with the real processor and gateway: a Partner
 * Center export that overlaps leads already received over HTTPS yields outputs only for the leads
 * not seen before, importing it again yields none, and 5,000 rows go from file to output topics in
 * a few seconds.
 */
@KafkaCluster
class ImportIT {

  private static final String TOKEN = "import-it-token-0123456789";
  private static final String SECRET = "import-it-secret-0123456789";
  private static final int ROWS = 5_000;
  private static final int OVERLAP = 300;

  @Test
  void importsOnlyTheLeadsNotSeenBeforeAndNothingWhenImportedAgain(
      RealKafka kafka, @TempDir Path dir) throws Exception {
    String prefix = "import-it-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> topicOverrides = new HashMap<>();
    for (String logical : TopicNames.defaults().asMap().keySet()) {
      topicOverrides.put("topics." + logical, prefix + "." + logical);
    }
    TopicNames topics = TopicNames.fromConfig(topicOverrides);
    Map<String, String> processorConfig = new HashMap<>(topicOverrides);
    processorConfig.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    processorConfig.put("processor.application.id", prefix);
    processorConfig.put("processor.state.dir", dir.resolve("state").toString());
    processorConfig.put("processor.management.host", "127.0.0.1");
    processorConfig.put("processor.management.port", "0");
    processorConfig.put("processor.leadid.secret", SECRET);
    processorConfig.put("kafka.commit.interval.ms", "100");
    Map<String, String> gatewayConfig = new HashMap<>(topicOverrides);
    gatewayConfig.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    gatewayConfig.put("gateway.host", "127.0.0.1");
    gatewayConfig.put("gateway.port", "0");
    gatewayConfig.put("gateway.tokens", TOKEN);

    List<Lead> leads = ImportSamples.leads(ROWS, Instant.now().minusSeconds(60));
    Path export = dir.resolve("referrals-export.csv");
    Files.write(export, ImportSamples.partnerCenterCsv(leads));

    try (StreamProcessor processor =
            StreamProcessor.start(
                Config.load(
                    ProcessorSettings.DEFAULTS, Optional.empty(), Map.of(), processorConfig));
        Gateway gateway = Gateway.start(Config.of(gatewayConfig));
        Outputs outputs = new Outputs(kafka.bootstrapServers(), topics)) {
      assertThat(processor.awaitRunning(Duration.ofSeconds(60))).isTrue();

      // 1. The first leads arrive over HTTPS, as Partner Center posts them.
      HttpClient http = HttpClient.newHttpClient();
      URI url = URI.create(gateway.url() + "/v1/leads?code=" + TOKEN);
      for (Lead lead : leads.subList(0, OVERLAP)) {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(url)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ImportSamples.httpsBody(lead)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
      }
      outputs.awaitCount(OVERLAP);
      assertThat(outputs.countsByTopic())
          .isEqualTo(expectedCounts(leads.subList(0, OVERLAP), topics));
      assertThat(outputs.events())
          .allSatisfy(e -> assertThat(e.ingest().channel()).isEqualTo("https"));
      outputs.clear();

      // 2. The export (all 5,000, the first 300 among them) is imported.
      Map<String, String> env = cliEnv(kafka, topics);
      long start = System.nanoTime();
      ImportRun first = importFile(env, export);
      double importSeconds = (System.nanoTime() - start) / 1e9;
      assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
      assertThat(first.out()).contains("5000 rows read, 5000 sent, 0 rejected");
      // Progress goes to stderr, so that stdout stays the summary.
      assertThat(first.err()).contains("imported 1000/5000 rows", "imported 5000/5000 rows");
      assertThat(first.out())
          .contains(
              "ignored columns (map them with --mapping if they hold lead data): Status,"
                  + " Substatus");
      int fresh = ROWS - OVERLAP;
      outputs.awaitCount(fresh);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> count(processor, "leadstream.leads.duplicates.dropped") >= OVERLAP);
      double endToEndSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "ImportIT: %d rows imported and processed end to end in %.2f s (import command %.2f s)%n",
          ROWS,
          endToEndSeconds,
          importSeconds);

      // Outputs exactly for the leads not seen before: per topic, and by ingest id.
      Map<Integer, String> idByRow = importIds(export);
      Set<String> freshIds = new HashSet<>();
      for (int i = OVERLAP; i < ROWS; i++) {
        freshIds.add(idByRow.get(i + 2)); // the header is row 1
      }
      assertThat(outputs.countsByTopic())
          .isEqualTo(expectedCounts(leads.subList(OVERLAP, ROWS), topics));
      List<LeadEvent> events = outputs.events();
      assertThat(events).hasSize(fresh);
      assertThat(events.stream().map(e -> e.ingest().id()).collect(Collectors.toSet()))
          .isEqualTo(freshIds);
      assertThat(events)
          .allSatisfy(
              e -> {
                assertThat(e.ingest().channel()).isEqualTo(RawHeaders.CHANNEL_IMPORT);
                assertThat(e.eventType()).isEqualTo(EventType.NEW);
              });
      // Dated by creation time, not import time: the oldest row was created 100 000 s ago.
      Instant oldest = leads.get(OVERLAP).createdAt();
      assertThat(events.stream().map(e -> e.firstSeenAt()).min(Instant::compareTo))
          .contains(oldest);
      assertThat(count(processor, "leadstream.leads.duplicates.dropped")).isEqualTo(OVERLAP);
      outputs.clear();

      // 3. The same export again: every row is a replay the processor ignores.
      ImportRun again = importFile(env, export);
      assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
      assertThat(again.out()).contains("5000 rows read, 5000 sent, 0 rejected");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> count(processor, "leadstream.leads.replays.ignored") >= ROWS);
      outputs.pollFor(Duration.ofSeconds(2));
      assertThat(outputs.events()).isEmpty();
      assertThat(count(processor, "leadstream.leads.replays.ignored")).isEqualTo(ROWS);
      assertThat(endToEndSeconds).as("end to end for %d rows", ROWS).isLessThan(30);
    }
  }

  /** What a user types: {@code ./leadstream import FILE}, Kafka and topics from the environment. */
  private static ImportRun importFile(Map<String, String> env, Path file) {
    return ImportRun.of(env, file.toString());
  }

  private static Map<String, String> cliEnv(RealKafka kafka, TopicNames topics) {
    return Map.of(
        "LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "LEADSTREAM_TOPICS_RAW", topics.raw(),
        "LEADSTREAM_IMPORT_ID_SECRET", SECRET);
  }

  /** The ingest id of every row of the export, as the importer computes it (row 2 = first lead). */
  private static Map<Integer, String> importIds(Path export) throws Exception {
    RawRecords records = new RawRecords(new ImportIds(SECRET), "any");
    Map<Integer, String> ids = new HashMap<>();
    for (ImportedLead lead :
        ImportReader.read(Files.readAllBytes(export), ImportOptions.defaults(), Instant.now())
            .leads()) {
      ids.put(lead.row(), RawRecords.ingestId(records.record(lead, Instant.now(), "x")));
    }
    return ids;
  }

  private static Map<String, Integer> expectedCounts(List<Lead> leads, TopicNames topics) {
    Map<String, Integer> counts = new HashMap<>();
    for (Lead lead : leads) {
      String topic =
          lead.category() == Category.QUALIFIED
              ? topics.qualified()
              : lead.category() == Category.NURTURE ? topics.nurture() : topics.dnc();
      counts.merge(topic, 1, Integer::sum);
    }
    return counts;
  }

  private static double count(StreamProcessor processor, String name) {
    return processor.registry().find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Everything on the output topics and the dead-letter topic, read committed. */
  private static final class Outputs implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicNames topics;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    Outputs(String bootstrap, TopicNames topics) {
      this.topics = topics;
      Properties props = new Properties();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      props.put(ConsumerConfig.GROUP_ID_CONFIG, "import-it-" + UUID.randomUUID());
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      consumer = new KafkaConsumer<>(props);
      consumer.subscribe(
          List.of(topics.qualified(), topics.nurture(), topics.dnc(), topics.test(), topics.dlq()));
    }

    void awaitCount(int count) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= count;
              });
      // Anything beyond the expected count would be a wrong output: look a little longer.
      pollFor(Duration.ofMillis(500));
    }

    void pollFor(Duration duration) {
      long end = System.nanoTime() + duration.toNanos();
      while (System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }

    Map<String, Integer> countsByTopic() {
      Map<String, Integer> counts = new HashMap<>();
      records.forEach(r -> counts.merge(r.topic(), 1, Integer::sum));
      return counts;
    }

    List<LeadEvent> events() {
      assertThat(records).noneMatch(r -> r.topic().equals(topics.dlq()));
      return records.stream()
          .map(r -> LeadSerdes.leadEvent().deserialize(r.topic(), r.value()))
          .toList();
    }

    void clear() {
      records.clear();
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
