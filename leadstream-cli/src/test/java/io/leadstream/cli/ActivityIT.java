package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.ActivityType;
import io.leadstream.schemas.LeadActivity;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code ./leadstream activity} on a real broker: an acknowledged report is on {@code
 * leads.activity} (read_committed), keyed by its leadId, exactly as the checker reads it; a refused
 * one writes nothing; a topic that is not there is "not acknowledged" (exit 3), not a hang.
 */
@KafkaCluster(brokerProperties = "auto.create.topics.enable=false")
class ActivityIT {

  private static final String LEAD_ID = "ld_" + "b".repeat(32);
  private static final String OTHER_LEAD_ID = "ld_" + "c".repeat(32);

  @Test
  void writesTheReportKeyedByItsLeadIdAndWritesNothingForARefusedOne(RealKafka kafka) {
    String topic = "activity-it-" + UUID.randomUUID();
    kafka.createTopic(topic, 3, 1);
    Map<String, String> env =
        Map.of(
            "LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS",
            kafka.bootstrapServers(),
            "LEADSTREAM_TOPICS_ACTIVITY",
            topic);

    CliRun refusedType = CliRun.of(env, "activity", OTHER_LEAD_ID, "PHONED");
    CliRun refusedTime = CliRun.of(env, "activity", OTHER_LEAD_ID, "CONTACTED", "--at", "today");
    CliRun written =
        CliRun.of(
            env,
            "activity",
            LEAD_ID,
            "CONTACTED",
            "--at",
            "2026-12-01T09:30:00Z",
            "--by",
            "seller-42");

    assertThat(refusedType.exitCode()).isEqualTo(2);
    assertThat(refusedTime.exitCode()).isEqualTo(2);
    assertThat(written.exitCode()).as(written.all()).isEqualTo(0);
    assertThat(written.out())
        .isEqualTo(LEAD_ID + " CONTACTED at 2026-12-01T09:30:00Z written to " + topic + "\n");
    List<ConsumerRecord<String, byte[]>> records =
        StackFixture.readAll(kafka.bootstrapServers(), topic);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).key()).isEqualTo(LEAD_ID);
    assertThat(LeadSerdes.leadActivity().deserializer().deserialize(topic, records.get(0).value()))
        .isEqualTo(
            LeadActivity.of(
                LEAD_ID,
                ActivityType.CONTACTED,
                Instant.parse("2026-12-01T09:30:00Z"),
                "seller-42",
                null));
  }

  @Test
  void aMissingTopicIsNotAcknowledgedWithinTheTimeout(RealKafka kafka) {
    Map<String, String> env =
        Map.of(
            "LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS",
            kafka.bootstrapServers(),
            "LEADSTREAM_TOPICS_ACTIVITY",
            "activity-it-missing-" + UUID.randomUUID(),
            "LEADSTREAM_KAFKA_DEFAULT_API_TIMEOUT_MS",
            "2000");

    long started = System.nanoTime();
    CliRun run = CliRun.of(env, "activity", LEAD_ID, "CONTACTED");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(ActivityCommand.EXIT_NOT_ACKNOWLEDGED);
    assertThat(run.err()).contains("not acknowledged").contains("./leadstream topics");
    assertThat(System.nanoTime() - started).isLessThan(15_000_000_000L);
  }
}
