package io.leadstream.cli;

import static org.awaitility.Awaitility.await;

import io.leadstream.config.Config;
import io.leadstream.processor.LeadTopology;
import io.leadstream.processor.ProcessorSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits, as a test does before it counts outputs, until the local stack's processor (the shipped
 * application id) has committed all of {@code leads.raw} and of its repartition topic and no
 * transaction is open on them: under exactly-once, everything it will ever write for what was
 * received so far is then committed, so no further output can appear.
 */
final class ProcessorDrained {

  private ProcessorDrained() {}

  /** Waits at most {@code atMost}, calling {@code meanwhile} (a consumer's poll, say) each time. */
  static void until(String bootstrap, Duration atMost, Runnable meanwhile) {
    ProcessorSettings settings =
        ProcessorSettings.from(
            Config.load(ProcessorSettings.DEFAULTS, Optional.empty(), Map.of(), Map.of()));
    String repartition = settings.applicationId() + "-" + LeadTopology.REPARTITION + "-repartition";
    List<String> topics = List.of(settings.topics().raw(), repartition);
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                meanwhile.run();
                Map<TopicPartition, OffsetAndMetadata> committed =
                    admin
                        .listConsumerGroupOffsets(settings.applicationId())
                        .partitionsToOffsetAndMetadata()
                        .get();
                for (String topic : topics) {
                  Map<TopicPartition, Long> end = ends(admin, topic, IsolationLevel.READ_COMMITTED);
                  if (!end.equals(ends(admin, topic, IsolationLevel.READ_UNCOMMITTED))) {
                    return false;
                  }
                  for (var e : end.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) {
                      return false;
                    }
                  }
                }
                return true;
              });
    }
  }

  private static Map<TopicPartition, Long> ends(Admin admin, String topic, IsolationLevel level)
      throws Exception {
    Map<TopicPartition, OffsetSpec> request =
        admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions().stream()
            .collect(
                Collectors.toMap(
                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
    return admin.listOffsets(request, new ListOffsetsOptions(level)).all().get().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }
}
