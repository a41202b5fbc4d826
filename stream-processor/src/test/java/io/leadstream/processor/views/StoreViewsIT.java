package io.leadstream.processor.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadstream.config.Config;
import io.leadstream.processor.LeadMetrics;
import io.leadstream.processor.LeadTopology;
import io.leadstream.processor.ProcessorSettings;
import io.leadstream.processor.TopicProvisioner;
import io.leadstream.processor.lifecycle.LifecycleStep;
import io.leadstream.processor.views.LocalViews.FunnelFilter;
import io.leadstream.processor.views.LocalViews.TraceEntry;
import io.leadstream.processor.views.LocalViews.TraceOutcome;
import io.leadstream.processor.views.LocalViews.WorkQueueFilter;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.TopicNames;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** StoreViews on a real KafkaStreams: IQv2 per partition, and no answer once it has stopped. */
@KafkaCluster
class StoreViewsIT {

  @Test
  void aRunningProcessorAnswersFromEveryPartitionAndAStoppedOneIsNotQueryable(
      RealKafka kafka, @TempDir Path stateDir) throws Exception {
    ProcessorSettings settings = settings(kafka, stateDir, "views-" + UUID.randomUUID());
    try (Admin admin = Admin.create(new HashMap<String, Object>(settings.kafka()))) {
      new TopicProvisioner(admin, settings.adminTimeout().toMillis())
          .provision(
              TopicProvisioner.specs(
                  settings.topics(), settings.partitions(), settings.replicationFactor()));
    }
    KafkaStreams streams =
        new KafkaStreams(
            LeadTopology.build(settings, LeadMetrics.NONE), settings.streamsProperties());
    StoreViews views = new StoreViews(streams, true);
    Set<Integer> every =
        IntStream.range(0, settings.partitions()).boxed().collect(Collectors.toSet());
    try {
      streams.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> streams.state() == KafkaStreams.State.RUNNING);

      String ingestId = "in_" + UUID.randomUUID().toString().replace("-", "");
      Instant at = Instant.now();
      send(kafka, settings.topics(), ingestId, ViewsFixture.qualifiedBody("pat@contoso.com"), at);

      List<TraceEntry> trace =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> views.trace(ingestId).items(), items -> !items.isEmpty());
      assertThat(trace).extracting(TraceEntry::outcome).containsExactly(TraceOutcome.ROUTED);
      String leadId = trace.get(0).leadId();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> views.lead(leadId).map(v -> v.status() != null).orElse(false));

      assertThat(views.lead(leadId).orElseThrow().event().leadId()).isEqualTo(leadId);
      assertThat(views.lead(leadId).orElseThrow().status().state()).isEqualTo(LeadState.OPEN);
      LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
      var funnel = views.funnel(new FunnelFilter(day, day, null, null));
      assertThat(funnel.items()).extracting(FunnelDay::leads).containsExactly(1L);
      assertThat(funnel.partitions()).isEqualTo(Map.of(ViewsStep.FUNNEL_DAY_STORE, every));
      var queue = views.workQueue(new WorkQueueFilter(LeadState.OPEN, false, null, null), 10);
      assertThat(queue.items()).extracting(i -> i.status().leadId()).containsExactly(leadId);
      assertThat(queue.partitions().get(LifecycleStep.INDEX)).isEqualTo(every);
      assertThat(views.trace(ingestId).partitions())
          .isEqualTo(
              Map.of(
                  ViewsStep.TRACE_STORE,
                  every,
                  ViewsStep.DLQ_TRACE_STORE,
                  dlqPartitions(settings)));
    } finally {
      streams.close(Duration.ofSeconds(30));
    }

    assertThatThrownBy(() -> views.lead("ld_any")).isInstanceOf(LocalViews.NotQueryable.class);
    assertThat(
            views
                .funnel(new FunnelFilter(LocalDate.EPOCH, LocalDate.EPOCH, null, null))
                .partitions())
        .isEqualTo(Map.of(ViewsStep.FUNNEL_DAY_STORE, Set.of()));
  }

  private static Set<Integer> dlqPartitions(ProcessorSettings settings) {
    return TopicProvisioner.specs(
            settings.topics(), settings.partitions(), settings.replicationFactor())
        .stream()
        .filter(s -> s.name().equals(settings.topics().dlq()))
        .findFirst()
        .map(s -> IntStream.range(0, s.partitions()).boxed().collect(Collectors.toSet()))
        .orElseThrow();
  }

  private static void send(
      RealKafka kafka, TopicNames topics, String ingestId, String json, Instant at)
      throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  topics.raw(),
                  null,
                  at.toEpochMilli(),
                  ingestId,
                  json.getBytes(StandardCharsets.UTF_8),
                  RawHeaders.of(
                      ingestId, at, RawHeaders.CHANNEL_HTTPS, "application/json", "req-1", null)))
          .get();
    }
  }

  private static ProcessorSettings settings(RealKafka kafka, Path stateDir, String name) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    overrides.put("processor.application.id", "it-" + name);
    overrides.put("processor.state.dir", stateDir.toString());
    overrides.put("kafka.commit.interval.ms", "100");
    for (String logical : TopicNames.defaults().asMap().keySet()) {
      overrides.put("topics." + logical, name + "." + logical);
    }
    return ProcessorSettings.from(
        Config.load(ProcessorSettings.DEFAULTS, Optional.empty(), Map.of(), overrides));
  }
}
