package io.leadstream.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.config.Config;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class NotifierConsumerSettingsTest {

  private static NotifySettings settings(Map<String, String> overrides) {
    return NotifySettings.from(
        Config.load(NotifySettings.DEFAULTS, Optional.empty(), Map.of(), overrides));
  }

  @Test
  void aBlankKafkaSettingIsUnsetAsForEveryOtherComponent() {
    NotifySettings settings =
        settings(
            Map.of(
                "kafka.bootstrap.servers", " broker:9092 ",
                "kafka.sasl.mechanism", "  ",
                "notify.slack.url", "http://localhost:1/hook"));

    Map<String, Object> props = Notifier.consumerProps(settings, Channel.SLACK);

    assertThat(props).containsEntry("bootstrap.servers", "broker:9092");
    assertThat(props).doesNotContainKey("sasl.mechanism");
  }

  @Test
  void bothConsumersReadOnlyCommittedRecordsAndCommitByHandWhateverTheUserSet() {
    NotifySettings settings =
        settings(
            Map.of(
                "kafka.isolation.level", "read_uncommitted",
                "kafka.enable.auto.commit", "true",
                "kafka.producer.linger.ms", "5",
                "notify.slack.url", "http://localhost:1/hook"));

    for (Map<String, Object> props :
        List.of(
            Notifier.consumerProps(settings, Channel.SLACK),
            Notifier.contactConsumerProps(settings))) {
      assertThat(props)
          .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
          .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
          .doesNotContainKey("producer.linger.ms");
    }
    assertThat(Notifier.contactConsumerProps(settings))
        .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
  }
}
