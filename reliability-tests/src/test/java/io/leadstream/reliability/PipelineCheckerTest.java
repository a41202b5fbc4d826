package io.leadstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.config.Config;
import io.leadstream.processor.LeadMetrics;
import io.leadstream.processor.LeadTopology;
import io.leadstream.processor.ProcessorSettings;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checker's verdicts on a run it can predict: the real topology in a TopologyTestDriver over a
 * LeadMix input. Its own outputs pass; one output removed counts as lost, one repeated as
 * duplicated, in both the exact comparison and the per-customer model.
 */
class PipelineCheckerTest {

  private static final Map<String, String> SETTINGS =
      Map.of("processor.application.id", "checker-test");

  private static final List<ConsumerRecord<String, byte[]>> RAW = new ArrayList<>();
  private static final List<ConsumerRecord<String, byte[]>> REKEYED = new ArrayList<>();
  private static final List<PipelineChecker.Output> OUTPUTS = new ArrayList<>();

  @BeforeAll
  static void runTheTopologyOverALeadMix() {
    ProcessorSettings settings =
        ProcessorSettings.from(
            Config.load(ProcessorSettings.DEFAULTS, Optional.empty(), Map.of(), SETTINGS));
    TopicNames topics = settings.topics();
    Instant t = Instant.parse("2026-03-02T09:00:00Z");
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            LeadTopology.build(settings, LeadMetrics.NONE), settings.streamsProperties(), t)) {
      TestInputTopic<String, byte[]> raw =
          driver.createInputTopic(
              topics.raw(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
      int n = 0;
      for (int customer = 0; customer < 300; customer++) {
        for (LeadMix.Post post : LeadMix.script(customer, 5)) {
          if (post.kind() == LeadMix.Kind.INVALID) {
            continue; // the gateway answers 400: never on leads.raw
          }
          String id = "in_checker" + n;
          RecordHeaders headers = new RecordHeaders();
          headers.add(RawHeaders.INGEST_ID, id.getBytes(StandardCharsets.UTF_8));
          t = t.plusMillis(5);
          raw.pipeInput(new TestRecord<>(id, post.body(), headers, t));
          RAW.add(record(topics.raw(), n++, id, post.body(), headers, t));
        }
      }
      var rekeyed =
          driver.createOutputTopic(
              PipelineChecker.repartitionTopic(SETTINGS),
              Serdes.String().deserializer(),
              Serdes.ByteArray().deserializer());
      int offset = 0;
      for (TestRecord<String, byte[]> r : rekeyed.readRecordsToList()) {
        REKEYED.add(
            record(
                rekeyed.toString(),
                offset++,
                r.key(),
                r.value(),
                new RecordHeaders(r.headers().toArray()),
                r.getRecordTime()));
      }
      for (String topic :
          List.of(topics.qualified(), topics.nurture(), topics.dnc(), topics.test())) {
        var out =
            driver.createOutputTopic(
                topic, Serdes.String().deserializer(), LeadSerdes.leadEvent().deserializer());
        for (TestRecord<String, LeadEvent> r : out.readRecordsToList()) {
          OUTPUTS.add(PipelineChecker.output(topic, r.key(), r.value()));
        }
      }
    }
  }

  private static ConsumerRecord<String, byte[]> record(
      String topic, long offset, String key, byte[] value, RecordHeaders headers, Instant time) {
    return new ConsumerRecord<>(
        topic,
        0,
        offset,
        time.toEpochMilli(),
        TimestampType.CREATE_TIME,
        -1,
        -1,
        key,
        value,
        headers,
        Optional.empty());
  }

  @Test
  void theReferenceRunOverTheRekeyedRecordsGivesExactlyTheOutputsOfTheWholeTopology() {
    assertThat(REKEYED).hasSameSizeAs(RAW);
    List<PipelineChecker.Output> reference = PipelineChecker.reference(SETTINGS, REKEYED);
    List<String> problems = new ArrayList<>();

    assertThat(PipelineChecker.compare(reference, OUTPUTS, problems)).containsExactly(0, 0);
    assertThat(problems).isEmpty();
    assertThat(OUTPUTS)
        .extracting(PipelineChecker.Output::eventType)
        .contains("NEW", "UPDATED")
        .hasSizeLessThan(RAW.size());
  }

  @Test
  void countsAMissingOutputAsLostAndARepeatedOneAsDuplicated() {
    List<PipelineChecker.Output> reference = PipelineChecker.reference(SETTINGS, REKEYED);
    List<PipelineChecker.Output> oneMissing = new ArrayList<>(OUTPUTS);
    oneMissing.remove(7);
    List<PipelineChecker.Output> twoRepeated = new ArrayList<>(OUTPUTS);
    twoRepeated.add(OUTPUTS.get(3));
    twoRepeated.add(OUTPUTS.get(3));
    List<String> problems = new ArrayList<>();

    assertThat(PipelineChecker.compare(reference, oneMissing, problems)).containsExactly(1, 0);
    assertThat(PipelineChecker.compare(reference, twoRepeated, problems)).containsExactly(0, 2);
    assertThat(problems).hasSize(2);
  }

  @Test
  void theModelExpectsOneNewPerCustomerAndOneUpdatePerFurtherActionWhateverTheOrder() {
    assertThat(PipelineChecker.model(RAW, OUTPUTS)).containsExactly(0, 0);

    PipelineChecker.Output update =
        OUTPUTS.stream().filter(o -> o.eventType().equals("UPDATED")).findFirst().orElseThrow();
    List<PipelineChecker.Output> withoutUpdate = new ArrayList<>(OUTPUTS);
    withoutUpdate.remove(update);
    assertThat(PipelineChecker.model(RAW, withoutUpdate)).containsExactly(1, 0);

    List<PipelineChecker.Output> newTwice = new ArrayList<>(OUTPUTS);
    newTwice.add(OUTPUTS.get(0));
    assertThat(PipelineChecker.model(RAW, newTwice)).containsExactly(0, 1);
  }
}
