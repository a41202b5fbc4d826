package io.leadstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.leadstream.config.Config;
import io.leadstream.schemas.ActivityType;
import io.leadstream.schemas.AlertType;
import io.leadstream.schemas.Fixtures;
import io.leadstream.schemas.IngestIds;
import io.leadstream.schemas.LeadActivity;
import io.leadstream.schemas.LeadAlert;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.LeadStatus;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.TopicNames;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle step inside the real processor on a real broker, with timings of seconds instead of
 * days: what a downstream {@code read_committed} consumer of the alerts and the status sees.
 */
@KafkaCluster
class LifecycleIT {

  private static final Duration WARNING = Duration.ofSeconds(10);
  private static final Duration FIRST_STEP = Duration.ofSeconds(5);
  private static final Duration SECOND_STEP = Duration.ofSeconds(12);
  private static final Duration PUNCTUATE = Duration.ofSeconds(1);

  @Test
  void aDoNotContactLeadThatIsContactedRaisesOneDncContactedStaysDoNotContactAndNeverFollowsUp(
      RealKafka kafka, @TempDir Path stateDir) throws Exception {
    try (StreamProcessor processor = StreamProcessor.start(config(kafka, stateDir, "lc-dnc"));
        Outputs outputs = new Outputs(kafka, processor.settings().topics())) {
      TopicNames topics = processor.settings().topics();
      assertThat(processor.awaitRunning(Duration.ofSeconds(60))).isTrue();

      String ingestId = sendRaw(kafka, topics, "dnc-cross-listing");
      Routed routed = outputs.awaitRouted(ingestId);
      assertThat(routed.topic()).isEqualTo(topics.dnc());
      String leadId = routed.event().leadId();

      Instant contactedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      sendActivity(
          kafka,
          topics,
          LeadActivity.of(leadId, ActivityType.CONTACTED, contactedAt, "rep-1", null));

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> outputs.poll().alertsFor(leadId).size() >= 1);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  outputs
                      .poll()
                      .latestStatus(leadId)
                      .filter(s -> contactedAt.equals(s.lastActivityAt()))
                      .isPresent());
      // A lead wrongly tracked as open would raise FOLLOW_UP_DUE_SOON at firstSeenAt + warning.
      Instant followUpWouldBeDue = routed.event().firstSeenAt().plus(WARNING).plus(PUNCTUATE);
      holdFor(
          outputs,
          Duration.between(Instant.now(), followUpWouldBeDue.plus(PUNCTUATE)),
          () -> outputs.alertsFor(leadId).size() == 1);

      assertThat(outputs.alertsFor(leadId))
          .extracting(LeadAlert::type, LeadAlert::leadId, LeadAlert::dueAt)
          .containsExactly(tuple(AlertType.DNC_CONTACTED, leadId, contactedAt));
      LeadStatus status = outputs.latestStatus(leadId).orElseThrow();
      assertThat(status.state()).isEqualTo(LeadState.DO_NOT_CONTACT);
      assertThat(status.followUpBy()).isNull();
    }
  }

  @Test
  void aNurtureLeadGetsATouchDueAtEachCadenceStepAndATouchJustBeforeAStepSkipsIt(
      RealKafka kafka, @TempDir Path stateDir) throws Exception {
    try (StreamProcessor processor = StreamProcessor.start(config(kafka, stateDir, "lc-nurture"));
        Outputs outputs = new Outputs(kafka, processor.settings().topics())) {
      TopicNames topics = processor.settings().topics();
      assertThat(processor.awaitRunning(Duration.ofSeconds(60))).isTrue();

      String untouchedIngest = sendRaw(kafka, topics, "phone-as-number");
      String touchedIngest = sendRaw(kafka, topics, "name-and-company-only");
      Routed untouched = outputs.awaitRouted(untouchedIngest);
      Routed touched = outputs.awaitRouted(touchedIngest);
      assertThat(untouched.topic()).isEqualTo(topics.nurture());
      assertThat(touched.topic()).isEqualTo(topics.nurture());
      String untouchedId = untouched.event().leadId();
      String touchedId = touched.event().leadId();
      assertThat(untouchedId).isNotEqualTo(touchedId);
      Instant untouchedSeen = untouched.event().firstSeenAt();
      Instant touchedSeen = touched.event().firstSeenAt();

      // Only after the first step: a touch recorded before it would skip that step too.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> outputs.poll().alertsFor(touchedId).size() >= 1);
      Instant touchAt = touchedSeen.plus(SECOND_STEP).minusSeconds(1);
      assertThat(Instant.now())
          .as("the touch is reported before the second step is due")
          .isBefore(touchAt);
      sendActivity(
          kafka,
          topics,
          LeadActivity.of(touchedId, ActivityType.NURTURE_TOUCH, touchAt, "rep-1", null));

      await()
          .atMost(Duration.ofSeconds(40))
          .until(() -> cadenceDone(outputs.poll(), untouchedId) && cadenceDone(outputs, touchedId));
      // Alerts and status of one punctuation are committed together but may arrive in two polls.
      holdFor(outputs, Duration.ofSeconds(2), () -> true);

      assertThat(outputs.alertsFor(untouchedId))
          .extracting(LeadAlert::type, LeadAlert::leadId, LeadAlert::dueAt)
          .containsExactly(
              tuple(AlertType.NURTURE_TOUCH_DUE, untouchedId, untouchedSeen.plus(FIRST_STEP)),
              tuple(AlertType.NURTURE_TOUCH_DUE, untouchedId, untouchedSeen.plus(SECOND_STEP)));
      assertThat(outputs.alertsFor(touchedId))
          .extracting(LeadAlert::type, LeadAlert::leadId, LeadAlert::dueAt)
          .containsExactly(
              tuple(AlertType.NURTURE_TOUCH_DUE, touchedId, touchedSeen.plus(FIRST_STEP)));
      assertThat(outputs.latestStatus(touchedId).orElseThrow())
          .extracting(LeadStatus::state, LeadStatus::touches)
          .containsExactly(LeadState.NURTURING, 1);
    }
  }

  /** The lead's cadence has run out: its latest status has no next step. */
  private static boolean cadenceDone(Outputs outputs, String leadId) {
    return outputs
        .latestStatus(leadId)
        .filter(s -> s.state() == LeadState.NURTURING && s.nextTouchAt() == null)
        .isPresent();
  }

  /** Keeps reading for {@code duration}, failing as soon as {@code holds} stops holding. */
  private static void holdFor(
      Outputs outputs, Duration duration, java.util.concurrent.Callable<Boolean> holds) {
    Duration hold =
        duration.compareTo(Duration.ofMillis(200)) < 0 ? Duration.ofMillis(200) : duration;
    await()
        .during(hold)
        .atMost(hold.plusSeconds(5))
        .until(
            () -> {
              outputs.poll();
              return holds.call();
            });
  }

  private static Config config(RealKafka kafka, Path stateDir, String name) {
    return StreamProcessorIT.config(kafka, stateDir, name + "-" + UUID.randomUUID())
        .with(
            Map.of(
                "processor.followup.sla",
                "PT20S",
                "processor.lifecycle.followup.warning",
                WARNING.toString(),
                "processor.lifecycle.nurture.cadence",
                FIRST_STEP + "," + SECOND_STEP,
                "processor.lifecycle.nurture.min.gap",
                "PT2S",
                "processor.lifecycle.punctuate.interval",
                PUNCTUATE.toString()));
  }

  /** Writes a fixture to the raw topic the way the gateway does; returns its ingest id. */
  private static String sendRaw(RealKafka kafka, TopicNames topics, String fixture)
      throws Exception {
    String ingestId = IngestIds.newIngestId();
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(
            topics.raw(),
            null,
            null,
            ingestId,
            Fixtures.get(fixture).bytes(),
            RawHeaders.of(
                ingestId,
                Instant.now(),
                RawHeaders.CHANNEL_HTTPS,
                "application/json",
                "req-" + ingestId,
                null));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(StreamProcessorIT.producerProps(kafka))) {
      producer.send(record).get();
    }
    return ingestId;
  }

  private static void sendActivity(RealKafka kafka, TopicNames topics, LeadActivity activity)
      throws Exception {
    byte[] json = LeadSerdes.leadActivity().serializer().serialize(topics.activity(), activity);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(StreamProcessorIT.producerProps(kafka))) {
      producer.send(new ProducerRecord<>(topics.activity(), activity.leadId(), json)).get();
    }
  }

  /** A lead event and the topic it was routed to. */
  record Routed(String topic, LeadEvent event) {}

  /** Reads the routed leads, the alerts and the status with read_committed. */
  private static final class Outputs implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicNames topics;
    private final List<Routed> routed = new ArrayList<>();
    private final List<LeadAlert> alerts = new ArrayList<>();
    private final List<LeadStatus> statuses = new ArrayList<>();

    Outputs(RealKafka kafka, TopicNames topics) {
      this.topics = topics;
      Properties props = kafka.clientProperties();
      props.put(ConsumerConfig.GROUP_ID_CONFIG, "lifecycle-it-" + UUID.randomUUID());
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      consumer = new KafkaConsumer<>(props);
      consumer.subscribe(
          List.of(
              topics.qualified(),
              topics.nurture(),
              topics.dnc(),
              topics.alerts(),
              topics.status()));
    }

    synchronized Outputs poll() {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        String topic = record.topic();
        if (topic.equals(topics.alerts())) {
          alerts.add(LeadSerdes.leadAlert().deserialize(topic, record.value()));
        } else if (topic.equals(topics.status())) {
          statuses.add(LeadSerdes.leadStatus().deserialize(topic, record.value()));
        } else {
          routed.add(new Routed(topic, LeadSerdes.leadEvent().deserialize(topic, record.value())));
        }
      }
      return this;
    }

    Routed awaitRouted(String ingestId) {
      return await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> poll().routed(ingestId), Optional::isPresent)
          .orElseThrow();
    }

    synchronized Optional<Routed> routed(String ingestId) {
      return routed.stream().filter(r -> ingestId.equals(r.event().ingest().id())).findFirst();
    }

    synchronized List<LeadAlert> alertsFor(String leadId) {
      return alerts.stream().filter(a -> a.leadId().equals(leadId)).toList();
    }

    /** The status last written for the lead (one partition per lead: in the order written). */
    synchronized Optional<LeadStatus> latestStatus(String leadId) {
      LeadStatus latest = null;
      for (LeadStatus status : statuses) {
        if (status.leadId().equals(leadId)) {
          latest = status;
        }
      }
      return Optional.ofNullable(latest);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
