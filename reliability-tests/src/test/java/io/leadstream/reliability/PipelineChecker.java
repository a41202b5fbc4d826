package io.leadstream.reliability;

import io.leadstream.config.Config;
import io.leadstream.processor.LeadMetrics;
import io.leadstream.processor.LeadTopology;
import io.leadstream.processor.ProcessorSettings;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.TopicNames;
import io.leadstream.testkit.RealKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Proves from the topics, read with read_committed as a downstream consumer reads them, that every
 * acknowledged lead arrived exactly once and produced exactly the outputs one uninterrupted run
 * produces. Three stages, each counted as lost (expected, missing) and duplicated (beyond
 * expected):
 *
 * <ol>
 *   <li>gateway: every 202-acknowledged ingest id is on leads.raw exactly once (and no raw record
 *       twice); every 400 id is on leads.dlq exactly once;
 *   <li>parse and re-key (stateless): every raw record is in the committed repartition topic (or,
 *       if the parser rejected it, on leads.dlq) exactly once;
 *   <li>de-duplicate and route (stateful): the output topics hold exactly the multiset of events a
 *       TopologyTestDriver, built by {@link LeadTopology#build} with the same settings, emits for
 *       the committed repartition records in their committed order.
 * </ol>
 *
 * <p>Why the repartition topic and not leads.raw as the reference input: the gateway keys raw
 * records by ingest id, so one customer's leads land on different raw partitions, and the order in
 * which the dedup task sees them depends on how far each raw partition's task had got (that is what
 * a crash changes). The committed repartition topic is the order the dedup task actually consumed,
 * so the reference run is exact. An order-independent model check is added on top: per customer of
 * the {@link LeadMix}, one NEW and one UPDATED per further distinct action.
 */
final class PipelineChecker {

  /** One output record, without personal data. */
  record Output(String topic, String key, String ingestId, String eventType, int occurrences) {}

  /** What the checker found. */
  record Report(
      long acknowledged,
      long rawRecords,
      long repartitionRecords,
      long expectedOutputs,
      long outputs,
      long lost,
      long duplicated,
      long modelLost,
      long modelDuplicated,
      List<String> problems) {

    String summary() {
      return "acknowledged="
          + acknowledged
          + " raw="
          + rawRecords
          + " repartition="
          + repartitionRecords
          + " expectedOutputs="
          + expectedOutputs
          + " outputs="
          + outputs
          + " lost="
          + lost
          + " duplicated="
          + duplicated
          + " modelLost="
          + modelLost
          + " modelDuplicated="
          + modelDuplicated
          + (problems.isEmpty() ? "" : " first problems: " + problems);
    }
  }

  private final RealKafka kafka;
  private final Map<String, String> processorSettings;
  private final TopicNames topics = TopicNames.defaults();
  private final String repartition;
  private final String applicationId;

  PipelineChecker(RealKafka kafka, Map<String, String> processorSettings) {
    this.kafka = kafka;
    this.processorSettings = processorSettings;
    this.applicationId = processorSettings.get("processor.application.id");
    this.repartition = repartitionTopic(processorSettings);
  }

  /**
   * Whether the processors are done: their committed offsets on leads.raw are at its end, and no
   * transaction is open on the repartition topic (its last stable offset is its end).
   */
  boolean processed() throws Exception {
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, Long> rawEnd = ends(admin, topics.raw(), IsolationLevel.READ_UNCOMMITTED);
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
      for (var end : rawEnd.entrySet()) {
        OffsetAndMetadata c = committed.get(end.getKey());
        if (end.getValue() > 0 && (c == null || c.offset() < end.getValue())) {
          return false;
        }
      }
      if (admin.listTopics().names().get().contains(repartition)) {
        return ends(admin, repartition, IsolationLevel.READ_UNCOMMITTED)
            .equals(ends(admin, repartition, IsolationLevel.READ_COMMITTED));
      }
      return true;
    }
  }

  /** How many times each ingest id is on leads.raw (read_committed, as {@link #check} reads it). */
  Map<String, Long> rawOccurrences() throws Exception {
    return counts(readAll(topics.raw()).stream().map(ConsumerRecord::key).toList());
  }

  /** Raw records the processors have committed (for scheduling faults by progress). */
  long committedRaw() throws Exception {
    try (Admin admin = kafka.admin()) {
      return admin
          .listConsumerGroupOffsets(applicationId)
          .partitionsToOffsetAndMetadata()
          .get()
          .entrySet()
          .stream()
          .filter(e -> e.getKey().topic().equals(topics.raw()) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    }
  }

  private static Map<TopicPartition, Long> ends(Admin admin, String topic, IsolationLevel level)
      throws Exception {
    int partitions =
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      specs.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    return admin.listOffsets(specs, new ListOffsetsOptions(level)).all().get().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  /**
   * Checks everything, waiting up to {@code settle} for outputs still on their way; call once
   * {@link #processed()} holds.
   */
  Report check(Collection<String> acknowledged, Collection<String> keptOnDlq, Duration settle)
      throws Exception {
    List<String> problems = new ArrayList<>();
    long lost = 0;
    long duplicated = 0;

    // 1. Gateway: acknowledged ids on leads.raw exactly once.
    List<ConsumerRecord<String, byte[]>> raw = readAll(topics.raw());
    Map<String, Long> rawCount = counts(raw.stream().map(ConsumerRecord::key).toList());
    for (String id : acknowledged) {
      long n = rawCount.getOrDefault(id, 0L);
      if (n == 0) {
        lost++;
        note(problems, "acknowledged " + id + " is not on " + topics.raw());
      }
    }
    for (var e : rawCount.entrySet()) {
      if (e.getValue() > 1) {
        duplicated += e.getValue() - 1;
        note(problems, e.getKey() + " is " + e.getValue() + " times on " + topics.raw());
      }
    }
    List<ConsumerRecord<String, byte[]>> dlq = readAll(topics.dlq());
    Map<String, Long> dlqCount = counts(dlq.stream().map(ConsumerRecord::key).toList());
    for (String id : keptOnDlq) {
      long n = dlqCount.getOrDefault(id, 0L);
      if (n != 1) {
        lost += n == 0 ? 1 : 0;
        duplicated += Math.max(0, n - 1);
        note(problems, "rejected " + id + " is " + n + " times on " + topics.dlq());
      }
    }

    // 2. Parse and re-key: every raw record once in the repartition topic (or dead-lettered).
    List<ConsumerRecord<String, byte[]>> rekeyed = readAll(repartition);
    Map<String, Long> rekeyedCount = counts(rekeyed.stream().map(r -> ingestId(r)).toList());
    for (String id : rawCount.keySet()) {
      long n = rekeyedCount.getOrDefault(id, 0L) + dlqCount.getOrDefault(id, 0L);
      if (n != 1) {
        lost += n == 0 ? 1 : 0;
        duplicated += Math.max(0, n - 1);
        note(problems, "raw " + id + " was re-keyed or dead-lettered " + n + " times");
      }
    }
    for (String id : rekeyedCount.keySet()) {
      if (!rawCount.containsKey(id)) {
        duplicated++;
        note(problems, "re-keyed " + id + " is not a raw record");
      }
    }

    // 3. Dedup and route: outputs equal the reference run over the committed repartition records.
    List<Output> expected = reference(processorSettings, rekeyed);
    List<Output> actual;
    try (OutputReader reader = new OutputReader()) {
      long deadline = System.nanoTime() + settle.toNanos();
      while (reader.poll().size() < expected.size() && System.nanoTime() < deadline) {
        // keep reading until everything expected is there or the settle time is over
      }
      reader.pollFor(Duration.ofSeconds(3));
      actual = reader.outputs();
    }
    long[] difference = compare(expected, actual, problems);
    lost += difference[0];
    duplicated += difference[1];

    // Model: per customer, one NEW and one UPDATED per further distinct action, whatever order.
    long[] model = model(raw, actual);

    return new Report(
        acknowledged.size(),
        raw.size(),
        rekeyed.size(),
        expected.size(),
        actual.size(),
        lost,
        duplicated,
        model[0],
        model[1],
        List.copyOf(problems));
  }

  /**
   * Lost (expected, missing) and duplicated (beyond expected) outputs, comparing multisets; each
   * difference is noted in {@code problems}.
   */
  static long[] compare(List<Output> expected, List<Output> actual, List<String> problems) {
    Map<Output, Long> want = counts(expected);
    Map<Output, Long> got = counts(actual);
    Set<Output> all = new HashSet<>(want.keySet());
    all.addAll(got.keySet());
    long lost = 0;
    long duplicated = 0;
    for (Output o : all) {
      long w = want.getOrDefault(o, 0L);
      long g = got.getOrDefault(o, 0L);
      if (w > g) {
        lost += w - g;
        note(problems, "missing output " + o);
      } else if (g > w) {
        duplicated += g - w;
        note(problems, "output beyond the reference run " + o + " x" + (g - w));
      }
    }
    return new long[] {lost, duplicated};
  }

  /**
   * The order-independent model: per customer of the {@link LeadMix} found in {@code raw}, exactly
   * one NEW event and one UPDATED event per further distinct action. Returns lost and duplicated
   * events.
   */
  static long[] model(List<ConsumerRecord<String, byte[]>> raw, List<Output> outputs) {
    Map<String, Integer> customerOf = new HashMap<>();
    Map<Integer, Set<String>> actions = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : raw) {
      OptionalInt c = LeadMix.customerOf(r.value());
      if (c.isPresent() && LeadMix.actionOf(r.value()).length() > 0) {
        customerOf.put(r.key(), c.getAsInt());
        actions
            .computeIfAbsent(c.getAsInt(), k -> new HashSet<>())
            .add(LeadMix.actionOf(r.value()));
      }
    }
    Map<Integer, List<Output>> events = new HashMap<>();
    for (Output o : outputs) {
      Integer c = customerOf.get(o.ingestId());
      if (c != null) {
        events.computeIfAbsent(c, k -> new ArrayList<>()).add(o);
      }
    }
    long lost = 0;
    long duplicated = 0;
    for (var e : actions.entrySet()) {
      List<Output> seen = events.getOrDefault(e.getKey(), List.of());
      long news = seen.stream().filter(o -> o.eventType().equals("NEW")).count();
      long updates = seen.stream().filter(o -> o.eventType().equals("UPDATED")).count();
      long wantUpdates = e.getValue().size() - 1;
      lost += Math.max(0, 1 - news) + Math.max(0, wantUpdates - updates);
      duplicated += Math.max(0, news - 1) + Math.max(0, updates - wantUpdates);
    }
    return new long[] {lost, duplicated};
  }

  /** The repartition topic of the processor with these settings. */
  static String repartitionTopic(Map<String, String> processorSettings) {
    return processorSettings.get("processor.application.id")
        + "-"
        + LeadTopology.REPARTITION
        + "-repartition";
  }

  /**
   * The outputs of one uninterrupted run of the processor with {@code processorSettings} over the
   * committed repartition records {@code rekeyed} (each partition in offset order).
   */
  static List<Output> reference(
      Map<String, String> processorSettings, List<ConsumerRecord<String, byte[]>> rekeyed) {
    String repartition = repartitionTopic(processorSettings);
    TopicNames topics = TopicNames.defaults();
    ProcessorSettings settings =
        ProcessorSettings.from(
            Config.load(ProcessorSettings.DEFAULTS, Optional.empty(), Map.of(), processorSettings));
    List<Output> outputs = new ArrayList<>();
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            LeadTopology.build(settings, LeadMetrics.NONE), settings.streamsProperties())) {
      TestInputTopic<String, byte[]> input =
          driver.createInputTopic(
              repartition, Serdes.String().serializer(), Serdes.ByteArray().serializer());
      // Partitions are independent (a leadId lives on one), each in its committed order.
      List<ConsumerRecord<String, byte[]>> ordered = new ArrayList<>(rekeyed);
      ordered.sort(
          Comparator.comparingInt((ConsumerRecord<String, byte[]> r) -> r.partition())
              .thenComparingLong(ConsumerRecord::offset));
      for (ConsumerRecord<String, byte[]> r : ordered) {
        input.pipeInput(new TestRecord<>(r.key(), r.value(), r.headers(), r.timestamp()));
      }
      for (String topic :
          List.of(topics.qualified(), topics.nurture(), topics.dnc(), topics.test())) {
        TestOutputTopic<String, LeadEvent> out =
            driver.createOutputTopic(
                topic, Serdes.String().deserializer(), LeadSerdes.leadEvent().deserializer());
        for (TestRecord<String, LeadEvent> r : out.readRecordsToList()) {
          outputs.add(output(topic, r.key(), r.value()));
        }
      }
    }
    return outputs;
  }

  static Output output(String topic, String key, LeadEvent e) {
    return new Output(topic, key, e.ingest().id(), e.eventType().name(), e.occurrences());
  }

  private static String ingestId(ConsumerRecord<String, byte[]> record) {
    Header h = record.headers().lastHeader(RawHeaders.INGEST_ID);
    return h == null ? "(no ingest id header)" : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static void note(List<String> problems, String problem) {
    if (problems.size() < 20) {
      problems.add(problem);
    }
  }

  private static <T> Map<T, Long> counts(Collection<T> values) {
    return values.stream()
        .collect(Collectors.groupingBy(Function.identity(), HashMap::new, Collectors.counting()));
  }

  private Properties consumerProps() {
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reliability-checker-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  /** Every committed record of {@code topic}, up to its last stable offset now. */
  List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end " + end);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** Reads every output topic with read_committed, as a downstream consumer would. */
  private final class OutputReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps());
    private final List<Output> outputs = new ArrayList<>();

    OutputReader() {
      consumer.subscribe(
          List.of(topics.qualified(), topics.nurture(), topics.dnc(), topics.test()));
    }

    List<Output> poll() {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        outputs.add(
            output(r.topic(), r.key(), LeadSerdes.leadEvent().deserialize(r.topic(), r.value())));
      }
      return outputs;
    }

    void pollFor(Duration duration) {
      long end = System.nanoTime() + duration.toNanos();
      while (System.nanoTime() < end) {
        poll();
      }
    }

    List<Output> outputs() {
      return List.copyOf(outputs);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
