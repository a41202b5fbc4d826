package io.leadstream.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

  @Test
  void everyKafkaKeyPassesThroughWithoutItsPrefixAndOtherScopesDoNot() {
    Config config =
        Config.of(
            Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.login.callback.handler.class", "com.example.Handler",
                "gateway.port", "8080",
                "kafkaesque", "no"));

    assertThat(KafkaSettings.from(config).values())
        .containsOnly(
            Map.entry("security.protocol", "SASL_SSL"),
            Map.entry("sasl.login.callback.handler.class", "com.example.Handler"));
  }

  @Test
  void aBlankValueIsNotSetAndValuesAreTrimmed() {
    Map<String, String> values = new HashMap<>();
    values.put("kafka.sasl.mechanism", "  ");
    values.put("kafka.ssl.truststore.location", "");
    values.put("kafka.linger.ms", " 5 ");
    KafkaSettings settings = KafkaSettings.from(Config.of(values));

    assertThat(settings.values()).containsOnly(Map.entry("linger.ms", "5"));
    assertThat(settings.get("sasl.mechanism")).isEmpty();
    assertThat(settings.clientProperties()).doesNotContainKey("ssl.truststore.location");
  }

  @Test
  void aForcedSettingWinsOverTheUsersAndIsSetWhenTheUserSetNothing() {
    Map<String, Object> props =
        KafkaSettings.of(Map.of("acks", "1", "linger.ms", "5")).clientProperties();

    KafkaSettings.force(props, "acks", "all", "the test");
    KafkaSettings.force(props, "enable.idempotence", "true", "the test");

    assertThat(props)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("linger.ms", "5");
  }

  @Test
  void secretsAreMaskedWhereverASettingIsShown() {
    KafkaSettings settings =
        KafkaSettings.of(
            Map.of("sasl.jaas.config", "x password=\"hunter22\";", "security.protocol", "SSL"));

    assertThat(settings.toString()).doesNotContain("hunter22").contains("security.protocol=SSL");
    assertThat(KafkaSettings.shown("ssl.key.password", "hunter22")).isEqualTo("******");
    assertThat(KafkaSettings.shown("linger.ms", "5")).isEqualTo("5");
  }

  @Test
  void withoutRemovesOneSettingAndKeepsTheRest() {
    KafkaSettings settings =
        KafkaSettings.of(Map.of("bootstrap.servers", "a:9092", "acks", "all"))
            .without("bootstrap.servers");

    assertThat(settings.values()).containsOnly(Map.entry("acks", "all"));
  }
}
